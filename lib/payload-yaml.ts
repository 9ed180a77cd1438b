/**
 * The YAML text of structured ConfigMap payloads (mesh config, Prometheus config, the injector config, Kiali's and
 * Galley's files): exactly the bytes `js-yaml`'s `dump(value, { lineWidth: -1, noRefs: true })` writes, from a
 * smaller emitter that does only what those payloads need.
 *
 * js-yaml's rules for these options, as this emitter applies them:
 * - maps and sequences in block style, two spaces per level, a sequence under a key indented; empty ones as `{}`
 *   and `[]`; map entries whose value is `undefined` left out, `undefined` sequence items written as `null`;
 * - strings plain when every character may stand in a plain scalar (no `: ` or ` #`, no indicator first, no space or
 *   colon last) and js-yaml's schema would not read the text as null, a boolean, a number, a timestamp or `<<`;
 *   single-quoted otherwise, and always for YAML 1.1's `yes`/`no`/`on`/`off` spellings and base-60 numbers;
 *   multi-line strings as literal blocks (`|`, `|-`, `|+`, with an indentation digit when the text starts with a
 *   space);
 * - numbers as JavaScript prints them (`.inf`, `-.inf`, `.nan`, `-0.0`; `5.e-7` for exponents without a dot).
 *
 * Text outside printable ASCII (tabs, control characters, other scripts), very long keys and any value that is not
 * plain data make the whole document go through js-yaml itself, so the output is the same in every case. The test
 * suite compares the two on every payload it synthesizes and on generated strings.
 */

import * as jsyaml from 'js-yaml';

/** The options every payload of this project is dumped with. */
const JS_YAML_OPTIONS: jsyaml.DumpOptions = { lineWidth: -1, noRefs: true };

/** Thrown inside the emitter for anything it leaves to js-yaml. */
class Delegate extends Error {}

/** js-yaml's implicit types (null, bool, int, float, timestamp, merge): a string any of them reads needs quotes. */
interface ImplicitType { resolve(data: string): boolean }
const IMPLICIT: readonly ImplicitType[] | undefined = (() => {
  const compiled = (jsyaml.DEFAULT_SCHEMA as unknown as { compiledImplicit?: unknown }).compiledImplicit;
  return Array.isArray(compiled) && compiled.every((t) => typeof t?.resolve === 'function') ? compiled : undefined;
})();
/** Only these first characters can start a null, boolean, number, timestamp or merge key. */
const MAY_RESOLVE_FIRST = /^[~nNtTfF0-9+\-.<]/;

/** YAML 1.1 spellings js-yaml single-quotes for compatibility. */
const YAML11_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;

/** Printable ASCII and line feeds only: everything else goes to js-yaml. */
const ASCII_TEXT = /^[\x20-\x7e\n]*$/;
/** Printable ASCII without `#` or `:`, the two characters whose safety depends on their neighbours. */
const SIMPLE_TEXT = /^[\x20-\x22\x24-\x39\x3b-\x7e]*$/;
/** Characters that may not start a plain scalar (YAML's indicators and white space). */
const NOT_PLAIN_FIRST = new Set([...'-?:,[]{}#&*!|=>\'"%@` ']);

const SPACE = 0x20;
const COLON = 0x3a;
const SHARP = 0x23;

function ambiguous(text: string): boolean {
  if (!MAY_RESOLVE_FIRST.test(text)) return false;
  if (!IMPLICIT) throw new Delegate();
  return IMPLICIT.some((t) => t.resolve(text));
}

/** Whether a one-line printable-ASCII string may be written plain (js-yaml's ns-plain-char rules, block context). */
function plainSafe(text: string): boolean {
  if (NOT_PLAIN_FIRST.has(text[0])) return false;
  const last = text.charCodeAt(text.length - 1);
  if (last === SPACE || last === COLON) return false;
  if (SIMPLE_TEXT.test(text)) return true;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    // `#` only after a non-space; a space after `:` ends a key.
    if (c === SHARP && prev === SPACE) return false;
    if (prev === COLON && c === SPACE) return false;
  }
  return true;
}

function scalarText(text: string, level: number, isKey: boolean): string {
  if (text === '') return "''";
  if (!ASCII_TEXT.test(text)) throw new Delegate();
  if (YAML11_BOOLEANS.has(text) || BASE60.test(text)) return `'${text}'`;
  if (!text.includes('\n')) {
    return plainSafe(text) && !ambiguous(text) ? text : `'${text.replace(/'/g, "''")}'`;
  }
  // A key with a line break would be double-quoted with escapes: js-yaml's business.
  if (isKey) throw new Delegate();
  return literalBlock(text, 2 * Math.max(1, level));
}

function literalBlock(text: string, indent: number): string {
  const indicator = /^\n* /.test(text) ? '2' : '';
  const clip = text.endsWith('\n');
  const keep = clip && (text[text.length - 2] === '\n' || text === '\n');
  const chomp = keep ? '+' : clip ? '' : '-';
  const pad = ' '.repeat(indent);
  let body = '';
  let pos = 0;
  while (pos < text.length) {
    const next = text.indexOf('\n', pos);
    const line = next === -1 ? text.slice(pos) : text.slice(pos, next + 1);
    pos = next === -1 ? text.length : next + 1;
    if (line !== '\n') body += pad;
    body += line;
  }
  if (body.endsWith('\n')) body = body.slice(0, -1);
  return `|${indicator}${chomp}\n${body}`;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Object.is(n, -0)) return '-0.0';
  const text = n.toString(10);
  // A whole number prints as JavaScript prints it; an exponent without a dot gains one (5e-7 -> 5.e-7).
  return n % 1 !== 0 && /^[-+]?[0-9]+e/.test(text) ? text.replace('e', '.e') : text;
}

function isPlainMap(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** One node at `level`; `compact` leaves out the line break before a map's or sequence's first entry. */
function node(v: unknown, level: number, compact: boolean): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return scalarText(v, level, false);
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return numberText(v);
    case 'object': break;
    default: throw new Delegate();
  }
  if (Array.isArray(v)) return v.length === 0 ? '[]' : sequence(v, level, compact);
  if (!isPlainMap(v)) throw new Delegate();
  return Object.keys(v).length === 0 ? '{}' : mapping(v, level, compact);
}

function newline(level: number): string {
  return `\n${'  '.repeat(level)}`;
}

function mapping(map: Record<string, unknown>, level: number, compact: boolean): string {
  let out = '';
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    if (key.length > 1024) throw new Delegate();
    const k = scalarText(key, level + 1, true);
    if (k.length > 1024) throw new Delegate();
    const text = node(value, level + 1, false);
    out += `${!compact || out !== '' ? newline(level) : ''}${k}${text.charCodeAt(0) === 0x0a ? ':' : ': '}${text}`;
  }
  return out === '' ? '{}' : out;
}

function sequence(items: readonly unknown[], level: number, compact: boolean): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const text = node(items[i] === undefined ? null : items[i], level + 1, true);
    out += `${!compact || out !== '' ? newline(level) : ''}${text.charCodeAt(0) === 0x0a ? '-' : '- '}${text}`;
  }
  return out;
}

/** `js-yaml`'s `dump(value, { lineWidth: -1, noRefs: true })`, byte for byte. */
export function payloadYaml(value: unknown): string {
  try {
    if (value === undefined) return '';
    return `${node(value, 0, true)}\n`;
  } catch (e) {
    if (e instanceof Delegate || e instanceof RangeError) return jsyaml.dump(value, JS_YAML_OPTIONS);
    throw e;
  }
}

/**
 * A fast YAML emitter for manifests that writes exactly the bytes cdk8s' `Yaml.stringify` writes (the `yaml` package,
 * version 2, with `{ keepUndefined: true, lineWidth: 0, version: '1.1' }`): block maps and sequences, flow `{}`/`[]`
 * for empty ones, plain scalars unless YAML 1.1 would read them as something else, double quotes (single quotes when
 * the text holds a `"` and no `'`), literal block scalars for multi-line text. It handles the shapes manifests have;
 * for anything else (control characters, very long or multi-line keys, multi-line text that needs quoting) it throws
 * `Unsupported`, and `stringifyManifests` falls back to the `yaml` package for that document. The test suite checks
 * the bytes against the `yaml` package on every configuration it synthesizes.
 */

import { Yaml } from 'cdk8s';

/** Thrown for a value this emitter does not write itself. */
export class Unsupported extends Error {}

const INDENT_STEP = '  ';

/** YAML 1.1 scalars that a plain string would be read back as (the `yaml-1.1` schema's default tags). */
const YAML11_NON_STRINGS: RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];
/**
 * The characters every one of those can start with (or an empty text): text starting with anything else is read as a
 * string, and most of a manifest's non-word text (paths, images, addresses) skips the thirteen tests.
 */
const MAY_BE_NON_STRING = /^(?:$|[~NnYyTtOoFf+\-.0-9eE])/;
function readAsNonString(value: string): boolean {
  if (!MAY_BE_NON_STRING.test(value)) return false;
  for (let i = 0; i < YAML11_NON_STRINGS.length; i++) if (YAML11_NON_STRINGS[i].test(value)) return true;
  return false;
}
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/**
 * The same characters, matched by UTF-16 code unit: it also matches both halves of a valid surrogate pair, which the
 * `u` regex (code points) does not, so it only rules text out. Ten times faster on the long payloads (a `u` regex
 * scans a 400 kB text in about 3 ms).
 */
// eslint-disable-next-line no-control-regex
const MAY_NEED_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\uD800-\uDFFF]/;
const needsEscapes = (value: string) => MAY_NEED_ESCAPES.test(value) && NEEDS_ESCAPES.test(value);
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

function doubleQuoted(value: string): string {
  // Without control characters and newlines (checked by the callers), this is the JSON text.
  if (value.includes('\n')) throw new Unsupported('multi-line double-quoted text');
  return JSON.stringify(value);
}

function quoted(value: string): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  if (hasDouble && !hasSingle) {
    if (value.includes('\n')) throw new Unsupported('multi-line single-quoted text');
    return `'${value.replace(/'/g, "''")}'`;
  }
  return doubleQuoted(value);
}

function blockLiteral(input: string, indent: string): string {
  if (/\n[\t ]+$/.test(input)) return quoted(input);
  let value = input;
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  let chomp: string;
  if (endNlPos === -1) chomp = '-';
  else if (value === end || endNlPos !== end.length - 1) chomp = '+';
  else chomp = '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? (indent ? '2' : '1') : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}

/**
 * Most scalars of a manifest are words such as `name`, `istio-system` or `ClusterIP`: a letter, then letters, digits,
 * `_`, `.`, `/` or `-`. Such a word is plain unless YAML 1.1 reads it as null, a boolean or a number, which only
 * these exact words (and `e` exponents such as `E10`) are; the general rules below give the same answer, more slowly.
 */
const WORD = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const YAML11_WORDS = new Set(['null', 'Null', 'NULL', 'Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const EXPONENT_WORD = /^[eE][-+]?[0-9]+$/;

/** A string scalar. `indent` is the indentation of its context; `topKey` for the keys of a document's root map. */
function str(value: string, indent: string, implicitKey: boolean, topKey = false): string {
  if (value.length <= 1000 && WORD.test(value)) return YAML11_WORDS.has(value) || EXPONENT_WORD.test(value) ? quoted(value) : value;
  if (needsEscapes(value)) throw new Unsupported('text with control characters');
  if (implicitKey && (value.includes('\n') || value.length > 1000)) throw new Unsupported('multi-line or long key');
  if (NOT_PLAIN.test(value)) {
    return implicitKey || !value.includes('\n') ? quoted(value) : blockLiteral(value, indent);
  }
  if (!implicitKey && value.includes('\n')) return blockLiteral(value, indent);
  if (topKey && DOCUMENT_MARKER.test(value)) return quoted(value);
  if (readAsNonString(value)) return quoted(value);
  return value;
}

function num(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A scalar in a value position. */
function scalar(v: unknown, indent: string): string {
  switch (typeof v) {
    case 'string': return str(v, indent, false);
    case 'number': return num(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
    case 'object': if (v === null) return 'null'; break;
    default: break;
  }
  throw new Unsupported(`a ${typeof v}`);
}

/** `Object.keys(o).length === 0`, without making the list of keys. */
function hasNoKeys(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

/** The items of a block map, each on its own line at `indent` (the first line without it). */
function blockMap(obj: Record<string, unknown>, indent: string, top: boolean): string {
  const inner = indent + INDENT_STEP;
  const separator = `\n${indent}`;
  let out = '';
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    if (isMap(v)) {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new Unsupported('a class instance');
    }
    if (i > 0) out += separator;
    out += `${str(k, inner, true, top)}:`;
    if (Array.isArray(v)) out += v.length === 0 ? ' []' : `\n${inner}${blockSeq(v, inner)}`;
    else if (isMap(v)) out += hasNoKeys(v) ? ' {}' : `\n${inner}${blockMap(v, inner, false)}`;
    else out += ` ${scalar(v, inner)}`;
  }
  return out;
}

/** The items of a block sequence, `- ` each. */
function blockSeq(items: unknown[], indent: string): string {
  const inner = indent + INDENT_STEP;
  const separator = `\n${indent}`;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (i > 0) out += separator;
    if (Array.isArray(v)) out += v.length === 0 ? '- []' : `- ${blockSeq(v, inner)}`;
    else if (isMap(v)) out += hasNoKeys(v) ? '- {}' : `- ${blockMap(v, inner, false)}`;
    else out += `- ${scalar(v, inner)}`;
  }
  return out;
}

/** One document, as `YAML.stringify(doc, { keepUndefined: true, lineWidth: 0, version: '1.1' })` writes it. */
export function stringifyDocument(doc: unknown): string {
  if (isMap(doc) && Object.keys(doc).length > 0) return `${blockMap(doc, '', true)}\n`;
  if (Array.isArray(doc) && doc.length > 0) return `${blockSeq(doc, '')}\n`;
  throw new Unsupported('a document that is not a non-empty map or list');
}

/** Documents joined as cdk8s' `Yaml.stringify(...docs)` joins them; the `yaml` package writes what this emitter does not. */
export function stringifyManifests(docs: unknown[]): string {
  return docs.map((d) => {
    if (d === undefined) return '\n';
    try {
      return stringifyDocument(d);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      return Yaml.stringify(d);
    }
  }).join('---\n');
}

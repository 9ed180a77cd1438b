/**
 * `--set` and `--set-string` as Helm 2.9.1 parses them (pkg/strvals): `a.b=c,d=e`, `list[0].x=1`, `{x,y}` lists,
 * backslash escapes; `true`/`false` (any case) become booleans and base-10 integers not starting with `0` become
 * numbers, unless the value comes from `--set-string`.
 */
import { isTable, Value, ValuesMap } from './coalesce';

/** A `--set` expression Helm would refuse: names the expression and what is wrong. */
export class SetSyntaxError extends Error {
  constructor(readonly expression: string, readonly detail: string) {
    super(`${JSON.stringify(expression.length > 80 ? `${expression.slice(0, 80)}…` : expression)}: ${detail}`);
    this.name = 'SetSyntaxError';
  }
}

const EOF = Symbol('eof');
type Stop = string | typeof EOF;

class Scanner {
  private i = 0;
  private readonly chars: string[];
  constructor(text: string) { this.chars = Array.from(text); }
  /** Read until one of `stops` (consumed, returned as `last`) or the end; backslash escapes the next character. */
  until(stops: string): { text: string; last: Stop } {
    let text = '';
    while (this.i < this.chars.length) {
      const c = this.chars[this.i++];
      if (stops.includes(c)) return { text, last: c };
      if (c === '\\') {
        if (this.i >= this.chars.length) return { text, last: EOF };
        text += this.chars[this.i++];
        continue;
      }
      text += c;
    }
    return { text, last: EOF };
  }
  read(): string | undefined { return this.i < this.chars.length ? this.chars[this.i++] : undefined; }
  unread(): void { this.i--; }
}

/** Helm's `typedVal`. */
export function typedValue(text: string, stringOnly: boolean): Value {
  if (text.toLowerCase() === 'true') return true;
  if (text.toLowerCase() === 'false') return false;
  if (!stringOnly && text.length > 0 && text[0] !== '0' && /^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    // ParseInt(…, 10, 64): out of int64 range stays a string.
    if (BigInt(text) <= 9223372036854775807n && BigInt(text) >= -9223372036854775808n) return n;
  }
  return text;
}

const MAX_LIST_INDEX = 10_000;

class Parser {
  private readonly sc: Scanner;
  constructor(private readonly expression: string, private readonly stringOnly: boolean) { this.sc = new Scanner(expression); }

  private fail(detail: string): never { throw new SetSyntaxError(this.expression, detail); }

  parse(data: ValuesMap): void {
    while (this.key(data)) { /* next assignment */ }
  }

  /** One assignment into `data`; false at the end of the expression. */
  private key(data: ValuesMap): boolean {
    const { text: k, last } = this.sc.until('=[,.');
    if (last === EOF) {
      if (k.length === 0) return false;
      this.fail(`key "${k}" has no value`);
    }
    if (last === '[') {
      const i = this.index();
      let list: Value[] = [];
      if (k in data) {
        const cur = data[k];
        if (!Array.isArray(cur)) this.fail(`"${k}" is not a list`);
        list = cur;
      }
      const more = this.listItem(list, i);
      if (k) data[k] = more.list;
      return more.goOn;
    }
    if (last === '=') {
      const l = this.valueList();
      if (l.kind === 'list') { if (k) data[k] = l.list; return l.goOn; }
      if (l.kind === 'eof') { if (k) data[k] = ''; return false; }
      const v = this.sc.until(',');
      if (k) data[k] = typedValue(v.text, this.stringOnly);
      return v.last !== EOF;
    }
    if (last === ',') this.fail(`key "${k}" has no value (cannot end with ,)`);
    // last === '.'
    let inner: ValuesMap = {};
    if (k in data) {
      const cur = data[k];
      if (!isTable(cur)) this.fail(`"${k}" is not a map`);
      inner = cur;
    }
    const goOn = this.key(inner);
    if (Object.keys(inner).length === 0) this.fail(`key map "${k}" has no value`);
    if (k) data[k] = inner;
    return goOn;
  }

  private index(): number {
    const { text, last } = this.sc.until(']');
    if (last === EOF) this.fail('error parsing index: unterminated [');
    if (!/^[+-]?\d+$/.test(text)) this.fail(`error parsing index: "${text}" is not a number`);
    const i = Number(text);
    if (i < 0) this.fail(`error parsing index: negative index ${i}`);
    if (i > MAX_LIST_INDEX) this.fail(`error parsing index: ${i} is above ${MAX_LIST_INDEX}`);
    return i;
  }

  private static setIndex(list: Value[], i: number, v: Value): Value[] {
    while (list.length <= i) list.push(null);
    list[i] = v;
    return list;
  }

  private listItem(list: Value[], i: number): { list: Value[]; goOn: boolean } {
    const { text: k, last } = this.sc.until('[.=');
    if (k.length > 0) this.fail(`unexpected data at end of array index: "${k}"`);
    if (last === EOF) return { list, goOn: false };
    if (last === '=') {
      const l = this.valueList();
      if (l.kind === 'list') return { list: Parser.setIndex(list, i, l.list), goOn: l.goOn };
      if (l.kind === 'eof') return { list: Parser.setIndex(list, i, ''), goOn: false };
      const v = this.sc.until(',');
      return { list: Parser.setIndex(list, i, typedValue(v.text, this.stringOnly)), goOn: v.last !== EOF };
    }
    if (last === '[') {
      const j = this.index();
      const cur = list[i];
      const inner = this.listItem(Array.isArray(cur) ? cur : [], j);
      return { list: Parser.setIndex(list, i, inner.list), goOn: inner.goOn };
    }
    // last === '.'
    let inner: ValuesMap = {};
    if (list.length > i) {
      const cur = list[i];
      if (!isTable(cur)) this.fail(`item ${i} is not a map`);
      inner = cur;
    }
    const goOn = this.key(inner);
    return { list: Parser.setIndex(list, i, inner), goOn };
  }

  private valueList(): { kind: 'list'; list: Value[]; goOn: boolean } | { kind: 'eof' } | { kind: 'scalar' } {
    const r = this.sc.read();
    if (r === undefined) return { kind: 'eof' };
    if (r !== '{') { this.sc.unread(); return { kind: 'scalar' }; }
    const list: Value[] = [];
    for (;;) {
      const { text, last } = this.sc.until(',}');
      if (last === EOF) this.fail("list must terminate with '}'");
      list.push(typedValue(text, this.stringOnly));
      if (last === '}') {
        const next = this.sc.read();
        if (next === undefined) return { kind: 'list', list, goOn: false };
        if (next !== ',') this.sc.unread();
        return { kind: 'list', list, goOn: true };
      }
    }
  }
}

/** Apply one `--set` (or, with `stringOnly`, `--set-string`) expression to `dest`, in place. */
export function parseSetInto(expression: string, dest: ValuesMap, stringOnly = false): void {
  new Parser(expression, stringOnly).parse(dest);
}

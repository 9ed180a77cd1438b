/**
 * A small interpreter for the subset of Go's text/template that Istio's injection template uses: actions with trim
 * markers, `if` / `else if` / `else` / `end`, `range $i, $v := ...`, pipelines with `|`, function calls, field
 * chains on maps and objects (methods are called), parenthesized sub-expressions, string, raw-string, number and
 * boolean literals. It lets synth-time injection run the very template the injector's ConfigMap carries.
 */

export type TemplateFunc = (...args: any[]) => unknown;

/** Go's rendering of a value with `{{ }}`. */
export function goPrint(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'object') return Array.isArray(v) ? `[${v.map(goPrint).join(' ')}]` : `map[${Object.keys(v as object).sort().map((k) => `${k}:${goPrint((v as any)[k])}`).join(' ')}]`;
  return String(v);
}

/** Go's truth: false, 0, nil, empty strings, maps and slices are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

// ------------------------------------------------------------------ lexing

type Token = { kind: 'text'; text: string } | { kind: 'action'; body: string };

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open === -1) { out.push({ kind: 'text', text: src.slice(i) }); break; }
    let text = src.slice(i, open);
    let j = open + 2;
    if (src[j] === '-' && /\s/.test(src[j + 1] ?? '')) { text = text.replace(/\s+$/, ''); j++; }
    // Find the closing braces outside string literals.
    let k = j;
    let quote: string | null = null;
    for (; k < src.length; k++) {
      const c = src[k];
      if (quote) { if (c === '\\' && quote === '"') k++; else if (c === quote) quote = null; continue; }
      if (c === '"' || c === '`') { quote = c; continue; }
      if (c === '}' && src[k + 1] === '}') break;
    }
    let body = src.slice(j, k);
    let next = k + 2;
    if (/\s-$/.test(body)) { body = body.slice(0, -1); const m = /^\s*/.exec(src.slice(next))!; next += m[0].length; }
    if (text) out.push({ kind: 'text', text });
    out.push({ kind: 'action', body: body.trim() });
    i = next;
  }
  return out;
}

// ------------------------------------------------------------------ expressions

type Expr =
  | { t: 'lit'; v: unknown }
  | { t: 'field'; base: Expr | null; path: string[] } // base null: the dot
  | { t: 'var'; name: string; path: string[] }
  | { t: 'call'; fn: string; args: Expr[] }
  | { t: 'pipe'; stages: Expr[] };

function tokenizeExpr(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') { let j = i + 1; while (s[j] !== '"') { if (s[j] === '\\') j++; j++; } out.push(s.slice(i, j + 1)); i = j + 1; continue; }
    if (c === '`') { const j = s.indexOf('`', i + 1); out.push(s.slice(i, j + 1)); i = j + 1; continue; }
    if ('()|'.includes(c)) { out.push(c); i++; continue; }
    if (c === ':' && s[i + 1] === '=') { out.push(':='); i += 2; continue; }
    if (c === ',') { out.push(','); i++; continue; }
    let j = i;
    while (j < s.length && !/[\s()|,]/.test(s[j]) && !(s[j] === ':' && s[j + 1] === '=')) j++;
    // A closing paren followed by a field chain: `(expr).Field`
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

class ExprParser {
  private i = 0;
  constructor(private readonly toks: string[]) {}

  parsePipeline(): Expr {
    const stages: Expr[] = [this.parseCommand()];
    while (this.toks[this.i] === '|') { this.i++; stages.push(this.parseCommand()); }
    return stages.length === 1 ? stages[0] : { t: 'pipe', stages };
  }

  private parseCommand(): Expr {
    const operands: Expr[] = [];
    while (this.i < this.toks.length && this.toks[this.i] !== '|' && this.toks[this.i] !== ')') operands.push(this.parseOperand());
    if (operands.length === 0) throw new Error('empty command');
    const [head, ...args] = operands;
    if (head.t === 'call' && head.args.length === 0) return { t: 'call', fn: head.fn, args };
    if (args.length) throw new Error('arguments to a non-function');
    return head;
  }

  private parseOperand(): Expr {
    const tok = this.toks[this.i++];
    if (tok === '(') {
      const inner = this.parsePipeline();
      if (this.toks[this.i++] !== ')') throw new Error('missing )');
      return inner;
    }
    if (tok.startsWith('"')) return { t: 'lit', v: JSON.parse(tok) };
    if (tok.startsWith('`')) return { t: 'lit', v: tok.slice(1, -1) };
    if (/^-?\d+(\.\d+)?$/.test(tok)) return { t: 'lit', v: Number(tok) };
    if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
    if (tok === 'nil') return { t: 'lit', v: null };
    if (tok === '.') return { t: 'field', base: null, path: [] };
    if (tok.startsWith('.')) return { t: 'field', base: null, path: tok.slice(1).split('.') };
    if (tok.startsWith('$')) {
      const [name, ...path] = tok.split('.');
      return { t: 'var', name, path };
    }
    return { t: 'call', fn: tok, args: [] };
  }
}

const parseExpr = (s: string): Expr => new ExprParser(tokenizeExpr(s)).parsePipeline();

// ------------------------------------------------------------------ nodes

type Node =
  | { t: 'text'; text: string }
  | { t: 'print'; expr: Expr }
  | { t: 'if'; branches: Array<{ cond: Expr; body: Node[] }>; otherwise: Node[] }
  | { t: 'range'; keyVar?: string; valueVar?: string; expr: Expr; body: Node[] };

function parseNodes(tokens: Token[]): Node[] {
  let i = 0;
  function block(stop: (body: string) => boolean): { nodes: Node[]; end: string } {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const tok = tokens[i++];
      if (tok.kind === 'text') { nodes.push({ t: 'text', text: tok.text }); continue; }
      const body = tok.body;
      if (stop(body)) return { nodes, end: body };
      if (body.startsWith('if ')) nodes.push(ifNode(body.slice(3)));
      else if (body.startsWith('range ')) {
        const m = /^range\s+(?:(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*)?(.*)$/.exec(body)!;
        const inner = block((b) => b === 'end');
        nodes.push({ t: 'range', keyVar: m[2] ? m[1] : undefined, valueVar: m[2] ?? m[1], expr: parseExpr(m[3]), body: inner.nodes });
      } else if (body.startsWith('/*')) continue;
      else nodes.push({ t: 'print', expr: parseExpr(body) });
    }
    return { nodes, end: '' };
  }
  function ifNode(cond: string): Node {
    const branches: Array<{ cond: Expr; body: Node[] }> = [];
    let otherwise: Node[] = [];
    let current = cond;
    for (;;) {
      const r = block((b) => b === 'end' || b === 'else' || b.startsWith('else if '));
      branches.push({ cond: parseExpr(current), body: r.nodes });
      if (r.end.startsWith('else if ')) { current = r.end.slice(8); continue; }
      if (r.end === 'else') otherwise = block((b) => b === 'end').nodes;
      break;
    }
    return { t: 'if', branches, otherwise };
  }
  return block(() => false).nodes;
}

// ------------------------------------------------------------------ execution

interface Scope { dot: unknown; vars: Map<string, unknown> }

function field(base: unknown, path: string[]): unknown {
  let v = base;
  for (const name of path) {
    if (v === undefined || v === null) return undefined;
    // Protobuf enums are strings here; their String() method is themselves.
    if (typeof v === 'string' && name === 'String') continue;
    const next = (v as any)[name];
    v = typeof next === 'function' ? next.call(v) : next;
  }
  return v;
}

/** A parsed template, ready to run against data with a set of functions. */
export class GoTemplate {
  private readonly nodes: Node[];

  constructor(source: string, private readonly funcs: Record<string, TemplateFunc>) {
    this.nodes = parseNodes(lex(source));
  }

  public execute(data: unknown): string {
    const out: string[] = [];
    this.run(this.nodes, { dot: data, vars: new Map([['$', data]]) }, out);
    return out.join('');
  }

  private run(nodes: Node[], scope: Scope, out: string[]) {
    for (const n of nodes) {
      if (n.t === 'text') out.push(n.text);
      else if (n.t === 'print') out.push(goPrint(this.eval(n.expr, scope)));
      else if (n.t === 'if') {
        const hit = n.branches.find((b) => truthy(this.eval(b.cond, scope)));
        this.run(hit ? hit.body : n.otherwise, scope, out);
      } else {
        const coll = this.eval(n.expr, scope);
        const entries: Array<[unknown, unknown]> = Array.isArray(coll) ? coll.map((v, i) => [i, v])
          : coll && typeof coll === 'object' ? Object.keys(coll).sort().map((k) => [k, (coll as any)[k]]) : [];
        for (const [k, v] of entries) {
          const vars = new Map(scope.vars);
          if (n.keyVar) vars.set(n.keyVar, k);
          if (n.valueVar) vars.set(n.valueVar, v);
          this.run(n.body, { dot: v, vars }, out);
        }
      }
    }
  }

  private eval(e: Expr, scope: Scope, piped?: { value: unknown }): unknown {
    switch (e.t) {
      case 'lit': return e.v;
      case 'field': return field(e.base ? this.eval(e.base, scope) : scope.dot, e.path);
      case 'var': {
        if (!scope.vars.has(e.name)) throw new Error(`undefined variable ${e.name}`);
        return field(scope.vars.get(e.name), e.path);
      }
      case 'call': {
        const fn = this.funcs[e.fn];
        if (!fn) throw new Error(`function "${e.fn}" not defined`);
        const args = e.args.map((a) => this.eval(a, scope));
        if (piped) args.push(piped.value);
        return fn(...args);
      }
      case 'pipe': {
        let value = this.eval(e.stages[0], scope);
        for (const stage of e.stages.slice(1)) {
          if (stage.t !== 'call') throw new Error('a pipeline stage must be a function');
          value = this.eval(stage, scope, { value });
        }
        return value;
      }
    }
    return undefined;
  }
}

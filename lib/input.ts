/**
 * Bounded reading and parsing of the YAML (or JSON) files users hand to cdk8s-istio: config and values files,
 * manifests to inject. Whatever the file holds, it is read and refused in milliseconds, with one line:
 *
 * - files above a size limit (4 MiB for config and values files, 32 MiB for manifests);
 * - more than 100 YAML aliases (`*name`), aliases that refer to a node containing them (cycles), and aliases that
 *   would expand to more than 100 000 extra nodes (a "billion laughs" file is refused without being expanded);
 * - nesting deeper than 64 levels (128 for manifests), also when reached through aliases.
 *
 * Messages name the source (`--config istio.yaml`), the line where it can be told, and quote at most the first
 * 80 characters of a value.
 */
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import { quote, UsageError } from './cli-errors';

/** An input refused because of what it holds (or because it cannot be read): one line, naming the source. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The bounds of one parse. */
export interface InputLimits {
  /** Largest input, in bytes. */
  readonly maxBytes: number;
  /** Most YAML aliases (`*name` uses, merge keys included) in the whole input. */
  readonly maxAliases: number;
  /** Deepest nesting of collections, aliases expanded. */
  readonly maxDepth: number;
  /** Most nodes the aliases may add when expanded. */
  readonly maxAliasExpansion: number;
}

const MiB = 1024 * 1024;

/** Config files (`--config`) and values files. */
export const CONFIG_LIMITS: InputLimits = { maxBytes: 4 * MiB, maxAliases: 100, maxDepth: 64, maxAliasExpansion: 100_000 };
/** Manifests to inject (`inject --filename`). */
export const MANIFEST_LIMITS: InputLimits = { maxBytes: 32 * MiB, maxAliases: 100, maxDepth: 128, maxAliasExpansion: 100_000 };

export interface LoadOptions extends Partial<InputLimits> {
  /**
   * Read booleans as YAML 1.1 does (Helm's values files): `yes`/`no`, `on`/`off`, `y`/`n` in any of their spellings
   * are booleans, as Helm's parser reads them.
   * @default false
   */
  readonly yaml11Booleans?: boolean;
}

const YAML11_TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'];
const YAML11_FALSE = ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'];
/** js-yaml's core schema with YAML 1.1's booleans (replacing the core schema's, which knows only true and false). */
const YAML11_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [new yaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && (YAML11_TRUE.includes(data) || YAML11_FALSE.includes(data)),
    construct: (data: string) => YAML11_TRUE.includes(data),
    predicate: (o: unknown) => typeof o === 'boolean',
    represent: (o: object) => (o ? 'true' : 'false'),
  })],
});

/** A size for messages: `4 MiB`, `5.3 MiB`, `812 KiB`, `97 bytes`. */
function size(bytes: number): string {
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function limits(opts: LoadOptions | undefined, defaults: InputLimits): InputLimits {
  return { ...defaults, ...Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => v !== undefined)) };
}

function textOf(input: string | Buffer, source: string, lim: InputLimits): string {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > lim.maxBytes) {
    throw new InputError(`${source}: ${size(bytes)}, more than the ${size(lim.maxBytes)} this input may have`);
  }
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new InputError(`${source}: not a text file (a NUL byte at offset ${nul})`);
  return text;
}

/**
 * A js-yaml listener that counts aliases, refuses cycles and over-deep nesting as the parser meets them (so nothing
 * is expanded), with the line.
 */
function guard(source: string, lim: InputLimits) {
  let depth = 0;
  let aliases = 0;
  let events = 0;
  // js-yaml may read a node twice (a block entry is first tried as a mapping key): count each alias once, by where it ends.
  const counted = new Set<number>();
  // Collections whose parsing is finished: an alias to a collection that is not is an alias to one of its ancestors.
  const closed = new WeakSet<object>();
  // The line each open node starts on (an alias's own line; js-yaml has moved past it when the node closes).
  const lines: number[] = [];
  const listener = function listener(this: unknown, event: string, state: any) {
    events++;
    if (event === 'open') {
      depth++;
      lines.push(state.line);
      if (depth > lim.maxDepth) throw new InputError(`${source}: line ${state.line + 1}: nested deeper than ${lim.maxDepth} levels`);
      return;
    }
    depth--;
    const line = (lines.pop() ?? state.line) + 1;
    const result = state.result;
    if (state.kind === 'mapping' || state.kind === 'sequence') {
      if (result !== null && typeof result === 'object') closed.add(result);
      return;
    }
    // An alias: a node with a value but no kind of its own (js-yaml hands the anchored value over as is).
    if (state.kind === null && result !== null && result !== undefined) {
      if (counted.has(state.position)) return;
      counted.add(state.position);
      aliases++;
      if (aliases > lim.maxAliases) {
        throw new InputError(`${source}: line ${line}: more than ${lim.maxAliases} YAML aliases; aliases are limited to keep expansion bounded`);
      }
      if (typeof result === 'object' && !(result instanceof Date) && !Buffer.isBuffer(result) && !closed.has(result)) {
        throw new InputError(`${source}: line ${line}: a YAML alias refers to a node that contains it (a cycle)`);
      }
    }
  };
  return {
    listener,
    /** Whether the parsed value may share nodes: it had aliases, or the parser did not report its nodes. */
    mayShare: () => aliases > 0 || events === 0,
  };
}

/**
 * The second line of defence, on the parsed value: cycles, nesting and the number of nodes the shared (aliased)
 * parts add when a consumer walks them, computed once per shared node.
 */
function checkExpansion(doc: unknown, source: string, lim: InputLimits) {
  const memo = new Map<object, { nodes: number; depth: number }>();
  const active = new Set<object>();
  const keys: string[] = [];
  let distinct = 0;
  const where = () => {
    const p = keys.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '') || 'the document';
    return p.length > 100 ? `${p.slice(0, 100)}…` : p;
  };
  const tooDeep = () => new InputError(`${source}: ${where()}: nested deeper than ${lim.maxDepth} levels`);
  // `level` is the depth of `v` in the expanded document: checked on the way down, so the walk stays shallow.
  const visit = (v: unknown, level: number): { nodes: number; depth: number } => {
    if (v === null || typeof v !== 'object' || v instanceof Date || Buffer.isBuffer(v)) {
      distinct++;
      return { nodes: 1, depth: 0 };
    }
    const seen = memo.get(v);
    if (seen) {
      if (level + seen.depth > lim.maxDepth) throw tooDeep();
      return seen;
    }
    if (level >= lim.maxDepth) throw tooDeep();
    if (active.has(v)) throw new InputError(`${source}: ${where()}: a YAML alias refers to a node that contains it (a cycle)`);
    active.add(v);
    distinct++;
    let nodes = 1;
    let depth = 0;
    const step = (k: string, x: unknown) => {
      keys.push(k);
      const r = visit(x, level + 1);
      keys.pop();
      nodes += r.nodes;
      if (r.depth + 1 > depth) depth = r.depth + 1;
      if (nodes - distinct > lim.maxAliasExpansion) {
        throw new InputError(`${source}: YAML aliases expand to more than ${lim.maxAliasExpansion} nodes; aliases are limited to keep expansion bounded`);
      }
    };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) step(String(i), v[i]);
    } else {
      for (const k of Object.keys(v)) step(k, (v as Record<string, unknown>)[k]);
    }
    active.delete(v);
    const r = { nodes, depth };
    memo.set(v, r);
    return r;
  };
  visit(doc, 0);
}

function parseError(e: unknown, source: string): never {
  if (e instanceof InputError) throw e;
  if (e instanceof yaml.YAMLException) {
    const reason = e.reason ?? e.message.split('\n')[0];
    const at = e.mark ? ` (line ${e.mark.line + 1}, column ${e.mark.column + 1})` : '';
    throw new InputError(`${source}: not valid YAML or JSON: ${reason.length > 120 ? `${reason.slice(0, 120)}…` : reason}${at}`);
  }
  if (e instanceof RangeError) throw new InputError(`${source}: too deeply nested to read (${e.message})`);
  throw e;
}

/**
 * Parse one YAML or JSON document from a user's file within the bounds (by default those of config files).
 * `source` names the input in messages (`--config istio.yaml`).
 */
export function loadUserYaml(input: string | Buffer, source: string, opts?: LoadOptions): unknown {
  const lim = limits(opts, CONFIG_LIMITS);
  const text = textOf(input, source, lim);
  const g = guard(source, lim);
  let doc: unknown;
  try {
    doc = yaml.load(text, {
      listener: g.listener, maxDepth: lim.maxDepth + 2, ...(opts?.yaml11Booleans ? { schema: YAML11_SCHEMA } : {}),
    } as yaml.LoadOptions);
  } catch (e) {
    parseError(e, source);
  }
  // Without aliases there is nothing shared: the listener has checked the nesting already.
  if (g.mayShare()) checkExpansion(doc, source, lim);
  return doc;
}

/**
 * Parse every document of a multi-document YAML stream (`---`) within the bounds (by default those of manifests);
 * the alias count is for the whole stream. Empty documents are kept (as null), so indexes are document numbers - 1.
 */
export function loadUserYamlAll(input: string | Buffer, source: string, opts?: LoadOptions): unknown[] {
  const lim = limits(opts, MANIFEST_LIMITS);
  const text = textOf(input, source, lim);
  const g = guard(source, lim);
  let docs: unknown[] = [];
  try {
    docs = yaml.loadAll(text, undefined, { listener: g.listener, maxDepth: lim.maxDepth + 2 } as yaml.LoadOptions);
  } catch (e) {
    parseError(e, source);
  }
  if (g.mayShare()) docs.forEach((d, i) => checkExpansion(d, docs.length > 1 ? `${source} (document ${i + 1})` : source, lim));
  return docs;
}

/**
 * How the CLI hands a flag's `-` (stdin) to its command: yargs will not take a lone `-` as the value of a flag that
 * repeats (or has no `requiresArg`), so `-` right after a flag becomes this, which no file path can be (a NUL byte).
 */
export const STDIN_ARG = '\u0000-';

/** The flags whose value is a file that may be `-`. */
const FILE_FLAGS = ['--config', '--values', '-f', '--filename'];

/** The arguments with each `-` that is a file flag's value (`--config -`, `-f -`) as {@link STDIN_ARG}; others stay. */
export function markStdinArgs(argv: readonly string[], fileFlags: readonly string[] = FILE_FLAGS): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '-' && i > 0 && (end < 0 || i < end) && fileFlags.includes(argv[i - 1]) ? STDIN_ARG : a));
}

const isStdin = (path: string) => path === '-' || path === STDIN_ARG;

/** `what path` for messages: `--config istio.yaml`, `--filename - (stdin)`. */
export function sourceName(path: string, what: string): string {
  return isStdin(path) ? `${what} - (stdin)` : `${what} ${path}`;
}

/** Read at most `max + 1` bytes of a file descriptor, in chunks (also pipes and files that grow). */
function readBounded(fd: number, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(256 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      // A non-blocking stdin with nothing yet: wait a little and try again.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > max) break;
  }
  return Buffer.concat(chunks, total);
}

/**
 * Standard input for the CLI's `-` arguments: read once (a second flag given `-` is a usage error), through `read`
 * (by default file descriptor 0, in chunks). The CLI makes one per run.
 */
export class StdinOnce {
  private used = false;
  constructor(private readonly read: (maxBytes: number) => Buffer = (max) => readBounded(0, max)) {}

  /** At most `max` + 1 bytes of standard input (more means too much), for `source` (the flag, as messages name it). */
  public take(source: string, max: number): Buffer {
    if (this.used) throw new UsageError(`${source}: stdin was read already by another flag; give - to one flag only`);
    this.used = true;
    try {
      return this.read(max);
    } catch (e) {
      throw new InputError(`${source}: cannot read stdin (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}

/** The process's standard input, for callers that do not name one: read once per process. */
const PROCESS_STDIN = new StdinOnce();

/**
 * Read a user's file for `what` (the flag naming it, e.g. `--config`), or stdin for `-` (once: `opts.stdin`, by
 * default once per process), refusing files above `maxBytes` (by default the config limit) without reading them
 * whole. Errors are one line: `--config istio.yaml: cannot read the file (ENOENT)`.
 */
export function readUserFile(path: string, what: string, opts: { maxBytes?: number; stdin?: StdinOnce } = {}): string {
  const source = sourceName(path, what);
  const max = opts.maxBytes ?? CONFIG_LIMITS.maxBytes;
  let data: Buffer;
  if (isStdin(path)) {
    data = (opts.stdin ?? PROCESS_STDIN).take(source, max);
  } else {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (e) {
      throw new InputError(`${source}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) throw new InputError(`${source}: is a folder, expected a file`);
      if (st.isFile() && st.size > max) throw new InputError(`${source}: ${size(st.size)}, more than the ${size(max)} this input may have`);
      data = readBounded(fd, max);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${source}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    } finally {
      fs.closeSync(fd);
    }
  }
  if (data.length > max) throw new InputError(`${source}: more than the ${size(max)} this input may have`);
  return data.toString('utf8');
}

/** A value for a message, cut to its first 80 characters (re-exported for the modules that read user input). */
export { quote };

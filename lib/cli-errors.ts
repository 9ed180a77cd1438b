/**
 * The CLI's failure classes and exit codes, and how any error becomes one line on stderr.
 *
 * Every failure a user can cause prints one line, `cdk8s-istio: <message>`, and no stack trace; only an internal error
 * (a bug) says so, and prints its stack with `--debug`.
 */

/** The CLI's exit codes. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Refused input: a config, values or manifest file that is unreadable, malformed or invalid; validation errors. */
  input: 1,
  /** Usage error: an unknown, missing or repeated flag, a value not among the choices, an output path that is a file. */
  usage: 2,
  /** `analyze` found problems. */
  findings: 3,
  /** Internal error: a bug in cdk8s-istio (`--debug` prints the stack). */
  internal: 70,
} as const;

export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** A failure the user caused, printed as one line; `exitCode` says which class (refused input by default). */
export class CliError extends Error {
  public readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = EXIT.input) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage error (exit status 2): flags the command does not take, takes once, or with other values. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** How long a quoted value may get in a message before it is cut. */
export const QUOTE_MAX = 80;

/**
 * A value for a message: JSON-quoted, cut to its first `max` characters (with the full length), so a huge or
 * multi-line value cannot flood the terminal.
 */
export function quote(value: unknown, max = QUOTE_MAX): string {
  if (typeof value === 'string') {
    return value.length <= max ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…" (${value.length} characters)`;
  }
  const text = safeJson(value);
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

function safeJson(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

/** The longest line an error may print. */
const LINE_MAX = 1000;

/**
 * One line from any message: line breaks become spaces, double-quoted strings longer than {@link QUOTE_MAX} are cut,
 * and the whole is cut at 1000 characters. A safety net for messages built elsewhere from user input.
 */
export function oneLine(message: string): string {
  // One pass over the message (it may hold a whole file): quoted runs are cut as they are met.
  let out = '';
  let i = 0;
  while (i < message.length && out.length <= LINE_MAX) {
    const q = message.indexOf('"', i);
    if (q < 0 || q - i > LINE_MAX) {
      out += message.slice(i, i + LINE_MAX + 1);
      break;
    }
    out += message.slice(i, q);
    let j = q + 1;
    while (j < message.length && message[j] !== '"') j += message[j] === '\\' ? 2 : 1;
    const inner = message.slice(q + 1, Math.min(j, message.length));
    if (inner.length > QUOTE_MAX && !inner.endsWith('…')) {
      let text: string;
      try {
        text = inner.length > 100_000 ? inner : JSON.parse(`"${inner}"`);
      } catch {
        text = inner;
      }
      out += quote(text);
    } else {
      out += `"${inner}${j < message.length ? '"' : ''}`;
    }
    i = j + 1;
  }
  // (`\0-` is how the CLI passes a flag's `-`, stdin, to its command: show it as given.)
  const line = out.replace(/\s*\r?\n\s*/g, ' ').replace(/\u0000-/g, '-').trim();
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX)}… (message cut)` : line;
}

/** Error codes of the file system that describe the user's environment (not a bug), as a few words. */
const FS_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  EXDEV: 'on another file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'path too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'busy',
  EIO: 'input/output error',
};
/** File-system errors that mean a path names the wrong kind of thing: a usage error. */
const FS_USAGE_CODES = new Set(['ENOTDIR', 'EISDIR', 'EEXIST', 'ENAMETOOLONG']);

/** What a failure prints and the status the CLI exits with. */
export interface Failure {
  readonly status: ExitCode;
  readonly message: string;
  readonly internal: boolean;
}

/**
 * Classify an error: errors that carry an `exitCode` (CliError, UsageError, others' errors) keep it; the named
 * refusal classes of the library (options, injection, YAML, input, output folder) are refused input; file-system
 * errors are one line with their path; anything else is an internal error.
 */
export function classify(e: unknown): Failure {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { exitCode?: unknown }).exitCode;
  if (typeof code === 'number' && (Object.values(EXIT) as number[]).includes(code) && code !== EXIT.ok) {
    return { status: code as ExitCode, message: oneLine(err.message), internal: code === EXIT.internal };
  }
  switch (err.name) {
    case 'IstioOptionError':
    case 'InjectionError':
    case 'InputError':
    case 'YAMLException':
    case 'ResourceValidationError':
      return { status: EXIT.input, message: oneLine(err.message), internal: false };
    case 'YError': // yargs: a flag without its value, and the like
      return { status: EXIT.usage, message: oneLine(err.message), internal: false };
    case 'OutputFolderError':
      // An output path that names a file (or goes through one) is a usage error; the rest is the folder's state.
      return { status: /is a file|not a folder|ENOTDIR|EISDIR|EEXIST/.test(err.message) ? EXIT.usage : EXIT.input, message: oneLine(err.message), internal: false };
    default:
  }
  const errno = err as NodeJS.ErrnoException;
  if (typeof errno.code === 'string' && FS_CODES[errno.code] && typeof errno.syscall === 'string') {
    const where = errno.path ? `${errno.path}: ` : '';
    const status = FS_USAGE_CODES.has(errno.code) ? EXIT.usage : EXIT.input;
    return { status, message: oneLine(`${where}cannot ${errno.syscall} (${FS_CODES[errno.code]}, ${errno.code})`), internal: false };
  }
  return { status: EXIT.internal, message: oneLine(`internal error, please report: ${err.name}: ${err.message}`), internal: true };
}

/** Print a failure: one line, and with `debug` the stack after it. Returns the exit status. */
export function reportFailure(e: unknown, debug: boolean, write: (s: string) => void = (s) => process.stderr.write(s)): ExitCode {
  const f = classify(e);
  write(`cdk8s-istio: ${f.message}${f.internal && !debug ? ' (run with --debug for the stack trace)' : ''}\n`);
  if (debug && e instanceof Error && e.stack) write(`${e.stack}\n`);
  return f.status;
}

/** Whether `--debug` is among the arguments (before `--`), also when the rest of them cannot be parsed. */
export function debugRequested(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--debug' || a === '--debug=true') return true;
  }
  return false;
}

/**
 * Where the CLI writes and what it reads: the process's streams for the command users run; a caller's (tests run the
 * CLI in the same process) otherwise. Only `main` and the commands use it; the library never prints.
 */
export interface CliIo {
  /** The output (manifests, findings, help). */
  readonly stdout: { write(text: string): unknown };
  /** Errors, warnings and skip messages. */
  readonly stderr: { write(text: string): unknown };
  /**
   * Standard input, for the flags and arguments given `-`; callers need at most `maxBytes` + 1 bytes of it.
   * @default - file descriptor 0, read in chunks
   */
  readonly readStdin?: (maxBytes: number) => Buffer;
  /** The width of the terminal, for the help's line wrapping. @default - that of the process's stdout, 120 if none */
  readonly columns?: number;
  /** Whether these are the process's own streams (the broken-pipe handling applies to them only). */
  readonly isProcess?: boolean;
}

/** The process's streams: what the `cdk8s-istio` command uses. */
export const PROCESS_IO: CliIo = {
  stdout: { write: (s: string) => process.stdout.write(s) },
  stderr: { write: (s: string) => process.stderr.write(s) },
  get columns() {
    return process.stdout.columns;
  },
  isProcess: true,
};

let pipeHandlersInstalled = false;
let statusSoFar: () => number | undefined = () => undefined;
/**
 * A reader that went away (`cdk8s-istio inject -f app.yaml | head`) is not an error: stop quietly, with the exit
 * status so far (`status`, e.g. what `analyze` found, else `process.exitCode`), instead of an unhandled EPIPE stack
 * trace. Other errors writing stdout are one line.
 */
export function handleBrokenPipes(status?: () => number | undefined): void {
  if (status) statusSoFar = status;
  if (pipeHandlersInstalled) return;
  pipeHandlersInstalled = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? statusSoFar() ?? EXIT.ok);
    try {
      process.stderr.write(`cdk8s-istio: cannot write the output (${e.code ?? e.message})\n`);
    } finally {
      process.exit(EXIT.input);
    }
  });
  process.stderr.on('error', () => undefined);
}

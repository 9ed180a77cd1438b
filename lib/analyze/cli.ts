/**
 * `cdk8s-istio analyze FILE|DIR|- ...`: `istioctl analyze` for files, with or without the installation.
 *
 * Exit status: 0 when no finding reaches `--failure-threshold` (Error), 3 when some do, 2 for usage errors, 1 for
 * input that cannot be read or analyzed.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { Argv, CommandModule } from 'yargs';
import { CliIo, PROCESS_IO } from '../cli-errors';
import { IstioOptionError, IstioProps, MESH_MODES, MeshMode, resolveOptions } from '../options';
import { installationObjects } from './app';
import { ANALYZERS } from './analyzers';
import { analyzeObjects, AnalyzeOptionError, Finding, formatFinding, SourcedObject } from './engine';
import { LEVELS, Level } from './messages';
import { AnalyzeInputError } from './resources';

/** The exit statuses of `analyze`. */
export const ANALYZE_EXIT = { ok: 0, input: 1, usage: 2, findings: 3 } as const;

const OUTPUTS = ['log', 'json', 'yaml'] as const;
/** Files a folder contributes. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

interface AnalyzeArgs {
  files?: string[];
  output: string;
  'use-installation'?: boolean;
  config?: string;
  mode?: string;
  namespace: string;
  'all-namespaces'?: boolean;
  analyzer?: string[];
  suppress?: string[];
  recursive?: boolean;
  'list-analyzers'?: boolean;
  'failure-threshold': string;
  'output-threshold': string;
}

/** What the command borrows from the rest of the CLI. */
export interface AnalyzeCommandDeps {
  /** Reads `--config` (the same props file as `synth --config`). @default - YAML or JSON, read as is */
  readonly readConfigFile?: (file: string) => IstioProps;
  /** Where findings and messages go. @default - the process's stdout and stderr */
  readonly io?: CliIo;
  /** Standard input, whole (for `-`). @default - file descriptor 0 */
  readonly readStdin?: () => string;
  /** The CLI's arguments (without node and the script), where a lone `-` is looked for. @default - the process's */
  readonly argv?: readonly string[];
  /**
   * Told how the command went; the CLI's `main` exits with it. @default - an outcome of its own, whose status is
   * also set as `process.exitCode` (for a yargs instance other than the CLI's)
   */
  readonly outcome?: AnalyzeOutcome;
}

/**
 * How `analyze` went, for the CLI's `main` to return: whether its flags were being parsed (the command was chosen,
 * its handler not yet run: a failure then is a usage error, exit 2), and the handler's exit status.
 */
export class AnalyzeOutcome {
  /** `analyze` is the command and its flags are being parsed. */
  public parsing = false;
  /** The handler's exit status, once it has run. */
  public status: number | undefined = undefined;
}

/** A failure of the command: printed as one line, exits with `status`. */
class AnalyzeFailure extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

function defaultReadConfigFile(file: string): IstioProps {
  const data = yaml.load(fs.readFileSync(file, 'utf8'), { filename: file });
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error(`--config ${file}: expected a map of cdk8s-istio props`);
  return data as IstioProps;
}

const readProcessStdin = () => fs.readFileSync(0, 'utf8');

/** The documents of one file (or standard input). */
function readManifests(file: string, label: string, readStdin: () => string): SourcedObject[] {
  let text: string;
  try {
    text = file === '-' ? readStdin() : fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new AnalyzeFailure(`${label}: cannot read it (${err.code ?? err.message})`, ANALYZE_EXIT.input);
  }
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, undefined, { filename: label });
  } catch (e) {
    throw new AnalyzeFailure(`${label}: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`, ANALYZE_EXIT.input);
  }
  return docs.map((object, i) => ({ object, ref: docs.length > 1 ? `${label} (document ${i + 1})` : label }));
}

/** The manifest files of a folder (`.yaml`, `.yml`, `.json`; hidden ones left out), sorted; subfolders with `recursive`. */
function folderFiles(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...folderFiles(p, true));
    } else if (MANIFEST_FILE.test(entry.name)) {
      out.push(p);
    }
  }
  return out;
}

/** Every document of the arguments: files, folders, `-` for standard input (`readStdin`, by default the process's). */
export function readInputs(args: readonly string[], recursive = false, readStdin: () => string = readProcessStdin): SourcedObject[] {
  const out: SourcedObject[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push(...readManifests('-', 'standard input', readStdin));
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      throw new AnalyzeFailure(`${arg}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, ANALYZE_EXIT.input);
    }
    if (stat.isDirectory()) {
      const files = folderFiles(arg, recursive);
      if (files.length === 0) throw new AnalyzeFailure(`${arg}: no .yaml, .yml or .json files in this folder`, ANALYZE_EXIT.input);
      for (const f of files) out.push(...readManifests(f, f, readStdin));
    } else {
      out.push(...readManifests(arg, arg, readStdin));
    }
  }
  return out;
}

/**
 * The files with `-` (standard input) when it was given: yargs drops a lone `-` from variadic positionals, so it is
 * looked for in the CLI's arguments (`raw`) after the command.
 */
function withStandardInput(files: readonly string[], raw: readonly string[]): string[] {
  const after = raw.indexOf('analyze');
  const dash = after >= 0 && raw.slice(after + 1).some((a, i, rest) => a === '-' && !/^-(S|n|o)$|^--(suppress|namespace|output|analyzer|config|mode)$/.test(rest[i - 1] ?? ''));
  return dash && !files.includes('-') ? [...files, '-'] : [...files];
}

function render(findings: readonly Finding[], output: string): string {
  const plain = findings.map((f) => ({ code: f.code, level: f.level, origin: f.origin, message: f.message }));
  if (output === 'json') return `${JSON.stringify(plain, null, 2)}\n`;
  if (output === 'yaml') return plain.length === 0 ? '[]\n' : yaml.dump(plain, { lineWidth: -1, noRefs: true });
  return findings.map((f) => `${formatFinding(f)}\n`).join('');
}

const atLeast = (level: Level, threshold: string) => LEVELS.indexOf(level) <= LEVELS.indexOf(threshold as Level);

function run(args: AnalyzeArgs, deps: AnalyzeCommandDeps, io: CliIo): number {
  if (args['list-analyzers']) {
    io.stdout.write(ANALYZERS.map((a) => `${a.name}: ${a.description}\n`).join(''));
    return ANALYZE_EXIT.ok;
  }
  const files = withStandardInput(args.files ?? [], deps.argv ?? process.argv.slice(2));
  if (files.length === 0) throw new AnalyzeFailure('analyze: name at least one FILE, DIR or - (standard input) to analyze', ANALYZE_EXIT.usage);
  const inputs = readInputs(files, args.recursive ?? false, deps.readStdin ?? readProcessStdin);

  let installation: unknown[] | undefined;
  if (args['use-installation'] || args.config !== undefined || args.mode !== undefined) {
    try {
      const props: { -readonly [K in keyof IstioProps]: IstioProps[K] } = args.config !== undefined
        ? { ...(deps.readConfigFile ?? defaultReadConfigFile)(args.config) } : {};
      if (args.mode !== undefined) props.mode = args.mode as MeshMode;
      resolveOptions(props);
      installation = installationObjects(props);
    } catch (e) {
      const where = args.config !== undefined && e instanceof IstioOptionError ? `--config ${args.config}: ` : '';
      throw new AnalyzeFailure(`${where}${(e as Error).message}`, ANALYZE_EXIT.input);
    }
  }

  let findings: Finding[];
  try {
    findings = analyzeObjects(inputs, {
      installation,
      defaultNamespace: args['all-namespaces'] ? '' : args.namespace,
      analyzers: args.analyzer,
      suppress: args.suppress,
    }).map((r) => r.finding);
  } catch (e) {
    if (e instanceof AnalyzeOptionError) throw new AnalyzeFailure(e.message, ANALYZE_EXIT.usage);
    if (e instanceof AnalyzeInputError) throw new AnalyzeFailure(e.message, ANALYZE_EXIT.input);
    throw e;
  }

  const shown = findings.filter((f) => atLeast(f.level, args['output-threshold']));
  if (args.output === 'log' && shown.length === 0) {
    io.stderr.write(`\u2714 No validation issues found when analyzing ${files.map((f) => (f === '-' ? 'standard input' : f)).join(', ')}.\n`);
  } else {
    io.stdout.write(render(shown, args.output));
  }
  return findings.some((f) => atLeast(f.level, args['failure-threshold'])) ? ANALYZE_EXIT.findings : ANALYZE_EXIT.ok;
}

/**
 * The `analyze` command, for `yargs().command(...)`. Its exit status goes to `deps.outcome` (the CLI's `main` returns
 * it); without one, to `process.exitCode`.
 */
export function analyzeCommand(deps: AnalyzeCommandDeps = {}): CommandModule<object, AnalyzeArgs> {
  const io = deps.io ?? PROCESS_IO;
  const outcome = deps.outcome ?? new AnalyzeOutcome();
  const setStatus = (status: number) => {
    outcome.status = status;
    if (!deps.outcome) process.exitCode = status;
  };
  return {
    command: 'analyze [files..]',
    describe: 'check Kubernetes and Istio configuration for misconfigurations, like `istioctl analyze` (Istio\'s analyzers and codes)',
    builder: (y: Argv) => {
      // The builder runs when `analyze` is the command; a failure before the handler is a usage error.
      outcome.parsing = true;
      return y
        .positional('files', { type: 'string', array: true, describe: 'YAML or JSON files (multi-document, kind: List), folders of them, - for standard input' })
        .option('output', { alias: 'o', type: 'string', choices: [...OUTPUTS], default: 'log', describe: 'log: one line per finding, as istioctl prints them; json, yaml: a list of {code, level, origin, message}' })
        .option('use-installation', { type: 'boolean', describe: 'analyze together with the Istio installation (its gateways, injector, mesh policy and rules) [default: false]' })
        .option('config', { type: 'string', describe: 'the installation\'s props file (the same as `synth --config`); implies --use-installation' })
        .option('mode', { type: 'string', choices: [...MESH_MODES], describe: 'the installation\'s mutual TLS mode (over --config); implies --use-installation' })
        .option('namespace', { alias: 'n', type: 'string', default: 'default', describe: 'namespace of the namespaced objects that have none' })
        .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'leave objects without a namespace without one (as istioctl analyze -A and Istio\'s analyzer tests) [default: false]' })
        .option('analyzer', { type: 'string', array: true, nargs: 1, describe: 'run only this analyzer (repeatable; see --list-analyzers)' })
        .option('suppress', { alias: 'S', type: 'string', array: true, nargs: 1, describe: 'do not report CODE or CODE=RESOURCE, e.g. "IST0102=Namespace *" (repeatable)' })
        .option('recursive', { alias: 'R', type: 'boolean', describe: 'read folders recursively [default: false]' })
        .option('list-analyzers', { alias: 'L', type: 'boolean', describe: 'list the analyzers and stop' })
        .option('failure-threshold', { type: 'string', choices: [...LEVELS], default: 'Error', describe: 'the level from which findings make the exit status 3' })
        .option('output-threshold', { type: 'string', choices: [...LEVELS], default: 'Info', describe: 'the level from which findings are printed' })
        .example('$0 analyze app.yaml', 'check one file against Istio\'s defaults')
        .example('$0 analyze dist/ --use-installation --config istio.yaml', 'check a folder together with the installation istio.yaml describes')
        .example('$0 analyze - -o json < app.yaml', 'read standard input, print JSON') as unknown as Argv<AnalyzeArgs>;
    },
    handler: (args) => {
      outcome.parsing = false;
      try {
        setStatus(run(args, deps, io));
      } catch (e) {
        if (!(e instanceof AnalyzeFailure)) throw e;
        io.stderr.write(`cdk8s-istio: ${e.message}\n`);
        setStatus(e.status);
      }
    },
  };
}

/** Register `analyze` on a yargs instance. */
export function registerAnalyzeCommand<T>(y: Argv<T>, deps: AnalyzeCommandDeps = {}): Argv<T> {
  return y.command(analyzeCommand(deps) as unknown as CommandModule<T, AnalyzeArgs>);
}

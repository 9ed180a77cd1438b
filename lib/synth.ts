import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Istio } from './istio';
import { IstioProps } from './options';
import { ordersItsOwnFiles, sortForApply } from './ordered-chart';
import { mark } from './timing';
import { warningsOf } from './warnings';
import { stringifyManifests } from './yaml-emitter';

/** The extension cdk8s gives the files it writes. */
const OUTPUT_EXTENSION = '.k8s.yaml';
/**
 * The record of the files synth wrote into an output folder. Synth deletes or overwrites only the files listed here
 * (or files whose bytes it would write anyway), so a folder shared with other tools keeps their files.
 */
export const OUTPUT_RECORD = '.cdk8s-istio-files.json';
/** Staging folders live inside the output folder (same filesystem, works with a read-only parent). */
const STAGING_PREFIX = '.cdk8s-istio-staging-';
const GENERATOR = 'cdk8s-istio';

/** A file the synthesis wrote. */
export interface SynthesizedFile {
  readonly file: string;
  readonly objects: number;
}

/** The output folder cannot be used: names the folder or file and why. Nothing was changed. */
export class OutputFolderError extends Error {
  /** The CLI's exit status: 2 (usage) when the path is not a folder, 1 (refused) otherwise. */
  public readonly exitCode: 1 | 2;
  constructor(message: string, usage = false) {
    super(message);
    this.name = 'OutputFolderError';
    this.exitCode = usage ? 2 : 1;
  }
}

/** Options of `synthesize`. */
export interface SynthesizeOptions {
  /**
   * Called with each warning of the constructs (e.g. Kiali's demo credentials), once the files are written. The
   * library never prints; the CLI passes a function that writes them to stderr.
   * @default - warnings are dropped
   */
  readonly warn?: (message: string) => void;
}

interface OutputRecord {
  readonly generator: string;
  readonly files: string[];
}

/**
 * Synthesize the installation into `outdir`, as `cdk8s synth` does for `main.ts`, owning only the files it writes.
 *
 * Everything is built before the folder is touched, then staged inside the folder and renamed into place; only then
 * are files of an earlier synth that this one did not write removed. A bad option, a failure or an interruption
 * leaves the folder's other files exactly as they were, and never deletes a file this tool did not write.
 */
export function synthesize(props: IstioProps, outdir: string, options: SynthesizeOptions = {}): SynthesizedFile[] {
  // Build first: a refused prop or a failing construct never touches the file system.
  mark('synth');
  const app = new App({ outdir, outputFileExtension: OUTPUT_EXTENSION });
  ordersItsOwnFiles(app);
  const istio = new Istio(app, 'istio', props);
  mark('constructed');
  // The charts' files, named and ordered as `app.synth()` names them (`0000-istio-crds.k8s.yaml` ...): the installation
  // knows its charts' order, so the CLI skips cdk8s' dependency graph, a good part of its start-up cost.
  // The first chart's toJson resolves the app's dependencies and validates it, as App.synth does once; the other
  // charts then only need their objects in dependency order (cdk8s' _synthChart would redo both for each chart).
  const rendered = istio.charts.map((chart, i) => ({
    name: `${String(i).padStart(4, '0')}-${chart.node.id}${OUTPUT_EXTENSION}`,
    objects: i === 0 ? chart.toJson() : chartObjects(chart),
  }));
  mark('resolved');
  const target = path.resolve(outdir);
  prepareFolder(target);
  const { names: previous, clean } = readRecord(target);
  const staging = fs.mkdtempSync(path.join(target, STAGING_PREFIX));
  // Normally empty by then (everything was renamed out): one rmdir; anything left after a failure goes recursively.
  const cleanup = () => {
    try { fs.rmdirSync(staging); } catch { fs.rmSync(staging, { recursive: true, force: true }); }
  };
  // The work below is synchronous, so a signal handler runs only once it is done: Ctrl-C cannot leave a half-written
  // folder or a staging folder behind. The handlers re-raise the signal's usual exit status afterwards.
  const interrupted: NodeJS.Signals[] = [];
  const onSignal = (s: NodeJS.Signals) => { interrupted.push(s); };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // The bytes cdk8s' Yaml.save writes, from a faster emitter (lib/yaml-emitter.ts).
    const texts = rendered.map((f) => stringifyManifests(f.objects));
    mark('emitted');
    rendered.forEach((f, i) => fs.writeFileSync(path.join(staging, f.name), texts[i]));
    const fresh = rendered.map((f) => f.name);
    for (const name of fresh) {
      const dest = path.join(target, name);
      if (!previous.has(name) && fs.existsSync(dest) && !sameBytes(dest, path.join(staging, name))) {
        throw new OutputFolderError(`${dest}: exists and was not written by ${GENERATOR} (not in ${OUTPUT_RECORD}); move it away or choose another --output`);
      }
    }
    // Record every file that may be ours before any of them moves, so an interruption never loses track of one. The
    // record is rewritten only when its list changes (a re-synth of the same install writes it not at all).
    const widened = [...new Set([...previous, ...fresh])];
    if (!clean || widened.length !== previous.size) writeRecord(target, staging, widened);
    for (const name of fresh) fs.renameSync(path.join(staging, name), path.join(target, name));
    // New files are in place; now the earlier synth's files that this one did not write go.
    for (const name of previous) {
      if (!fresh.includes(name)) fs.rmSync(path.join(target, name), { force: true });
    }
    if (fresh.length !== widened.length) writeRecord(target, staging, fresh);
    mark('written');
    if (options.warn) for (const w of warningsOf(app)) options.warn(w);
    return rendered.map((f) => ({ file: path.join(outdir, f.name), objects: f.objects.length }));
  } catch (e) {
    if (e instanceof OutputFolderError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') {
      throw new OutputFolderError(`${target}: cannot write the output (${code})`);
    }
    throw e;
  } finally {
    cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (interrupted.length > 0) process.kill(process.pid, interrupted[0]);
  }
}

/** A chart's objects as cdk8s' `chartToKube` lists them, in apply order (`OrderedChart`), once the app is resolved. */
function chartObjects(chart: Chart): any[] {
  const objects = new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
    .map((o) => o.toJson());
  return sortForApply(objects);
}

/** Create the output folder if needed, check it is a writable folder, and remove staging left by an interrupted run. */
function prepareFolder(target: string) {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new OutputFolderError(`${target}: a file is in the way, expected a folder for the output`, true);
    if (code !== 'ENOENT') throw new OutputFolderError(`${target}: cannot use the output folder (${code})`);
  }
  if (stat && !stat.isDirectory()) throw new OutputFolderError(`${target}: is a file, expected a folder for the output`, true);
  if (!stat) makeFolders(target);
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw new OutputFolderError(`${target}: the output folder is not writable`);
  }
  for (const f of fs.readdirSync(target)) {
    if (f.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(target, f), { recursive: true, force: true });
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir loops forever on some pseudo file systems (`/proc/x`), and
 * a file in the way is named.
 */
function makeFolders(target: string) {
  const missing: string[] = [];
  let cur = target;
  for (;;) {
    let st: fs.Stats | undefined;
    try { st = fs.statSync(cur); } catch { st = undefined; }
    if (st) {
      if (!st.isDirectory()) throw new OutputFolderError(`${cur}: is a file, expected a folder on the way to ${target}`, true);
      break;
    }
    missing.unshift(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new OutputFolderError(`${target}: cannot create the output folder (${(e as NodeJS.ErrnoException).code})`);
    }
  }
}

/** The files an earlier synth recorded in the folder; none when there is no record (nothing is ours to delete). */
/** The files an earlier synth recorded (`clean`: the record lists exactly those, as this tool writes it). */
function readRecord(target: string): { names: Set<string>; clean: boolean } {
  const file = path.join(target, OUTPUT_RECORD);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { names: new Set(), clean: false };
  }
  let record: Partial<OutputRecord>;
  try {
    record = JSON.parse(text);
  } catch {
    throw new OutputFolderError(`${file}: not the record ${GENERATOR} writes (invalid JSON); remove it if it is not needed`);
  }
  const names = record?.files;
  if (record?.generator !== GENERATOR || !Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    throw new OutputFolderError(`${file}: not the record ${GENERATOR} writes; remove it if it is not needed`);
  }
  // Only plain file names directly in the folder: a tampered record must not make synth delete anything else.
  const kept = new Set(names.filter((n) => n === path.basename(n) && n.endsWith(OUTPUT_EXTENSION)));
  return { names: kept, clean: kept.size === names.length };
}

/** Replace the record atomically (written in the staging folder, renamed into place). */
function writeRecord(target: string, staging: string, files: string[]) {
  const tmp = path.join(staging, OUTPUT_RECORD);
  const record: OutputRecord = { generator: GENERATOR, files: [...files].sort() };
  fs.writeFileSync(tmp, `${JSON.stringify(record, undefined, 2)}\n`);
  fs.renameSync(tmp, path.join(target, OUTPUT_RECORD));
}

function sameBytes(a: string, b: string): boolean {
  try {
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

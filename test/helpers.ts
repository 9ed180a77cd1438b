import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Istio, IstioProps } from '../lib';
import { ordersItsOwnFiles } from '../lib/ordered-chart';

export const ROOT = path.resolve(__dirname, '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const REFERENCE = path.join(SHARED, 'reference', 'istio-1.2.2');
export const RELEASE_FILE = path.join(REFERENCE, 'istio-demo.normalized.yaml');
/** The CLI as users run it: the bundled `bin` of package.json. */
export const CLI = path.join(ROOT, 'build', 'cli', 'cdk8s-istio.js');

/** `../shared` holds the upstream reference and the checking tools; CI always has it, a bare clone may not. */
export const haveShared = fs.existsSync(path.join(SHARED, 'tools', 'compare-manifests.mjs'));
if (!haveShared) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING reference checks: ${SHARED} is absent (clone the project beside shared/ to run them)`);
}
/** `describe` for suites that need ../shared: skipped, with the warning above, when it is absent. */
export const describeWithShared = haveShared ? describe : describe.skip;

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

/** Every object of the installation, file by file, as the charts render them. */
export function synthCharts(props: IstioProps = {}): Manifest[][] {
  const app = Testing.app();
  // As `synthesize` builds the charts: without their cdk8s dependencies, which cdk8s expands into 28 x 122 object
  // dependencies at every chart's toJson (a third of a warm synth). The objects are the same: test/determinism.test.ts
  // compares App.synth, which keeps the dependencies, with the CLI.
  ordersItsOwnFiles(app);
  const istio = new Istio(app, 'istio', props);
  return istio.charts.map((c) => c.toJson());
}

/** Every object of the installation, `kind: List` documents flattened into their items. */
export function synthObjects(props: IstioProps = {}): Manifest[] {
  return synthCharts(props).flat().flatMap((o) => (o.kind === 'List' ? o.items : [o]));
}

export function find(objects: Manifest[], kind: string, name: string): Manifest {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in the output`);
  return o;
}

export const idOf = (o: Manifest) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

export function tmpDir(prefix = 'cdk8s-istio-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the packaged CLI (`bin` of package.json, `npm test` builds it first) as a child process. Most tests run the CLI
 * in-process instead (test/run-cli.ts); this is for what needs a process of its own: the launcher itself, another
 * environment (time zone, locale), signals and pipes.
 */
export function runCliProcess(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, input: opts.input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The environment of ../shared/tools' scripts: ours without `NODE_EXTRA_CA_CERTS`. They only read and write files,
 * and Node.js 20 reads that certificate bundle at every start, before any code runs (50-60 ms on this machine).
 */
export const TOOL_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

/** Run one of ../shared/tools' scripts from the project root (they load js-yaml from our node_modules). */
export function runTool(tool: string, args: string[]): RunResult {
  const r = spawnSync(process.execPath, [path.join(SHARED, 'tools', tool), ...args], { cwd: ROOT, env: TOOL_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Read every file of a folder, by name. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

/**
 * `npm run bench`: what a synth costs, measured against the tools a user would compare it with, in one run.
 *
 * - synth: `node build/cli/cdk8s-istio.js synth --output DIR` (the published CLI: bundle + V8 code cache), a fresh
 *   process each run, the default (demo) installation.
 * - helm: `.build-helm2-render/helm2-render` (Helm 2.9.1's `helm template`, ../shared/tools/helm2-render) on the same
 *   chart and values (the 1.2.2 chart with values-istio-demo-common.yaml and values-istio-demo.yaml), when it is built.
 * - floor: a fresh node process that only serializes the very same objects to YAML with the library cdk8s uses
 *   (`yaml`) and writes them (scripts/bench-floor.ts): no constructs, no options, no validation.
 * - where one synth's milliseconds go: the same CLI run with CDK8S_ISTIO_TIMING, whose phase marks (the launcher,
 *   the CLI entry, resolveOptions, synthesize; collected by scripts/bench-marks.ts) split the run, medians over the runs.
 * - inject on 1, 100 and 1,000 Deployments, and synth with 20 user-defined gateways: how the cost grows.
 * - the wall time of the full test suite (`npx jest`), unless --no-tests is given.
 * Runs are interleaved, RUNS each (BENCH_RUNS, default 15: this 2-core VM swings by 20%) after a warm-up; medians are reported.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SHARED = path.resolve(ROOT, '..', 'shared');
const HELM = path.join(process.env.HELM2_RENDER_BUILD ?? path.join(ROOT, '.build-helm2-render'), 'helm2-render');
/** Set on some machines (CI images, sandboxes): Node.js then loads those certificates at every start, before any code. */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const CHART = path.join(SHARED, 'reference', 'istio-charts', '1.2.2', 'install', 'kubernetes', 'helm', 'istio');

/** The phases of one synth, between the marks the CLI leaves with CDK8S_ISTIO_TIMING (ms since the process started). */
const PHASES: Array<[string, string, string]> = [
  ['node start-up', 'start', 'node'],
  ['reading the bundle with its code cache', 'launcher', 'compiled'],
  ['module initialization', 'compiled', 'main'],
  ['argument parsing', 'main', 'options'],
  ['props and chart values', 'options', 'options-done'],
  ['construct tree', 'synth', 'constructed'],
  ['cdk8s resolution', 'constructed', 'resolved'],
  ['YAML emission', 'resolved', 'emitted'],
  ['file writes', 'emitted', 'written'],
  ['exit (warnings, yargs, process exit)', 'written', 'exit'],
];

function time(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const env = opts.env ? { ...process.env, ...opts.env } : process.env;
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', input: opts.input, env, maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (n: number) => n.toFixed(1);

/** A multi-document file of `n` Deployments, for inject. */
function deployments(n: number): string {
  const docs = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, namespace: 'default' },
    spec: {
      replicas: 1, selector: { matchLabels: { app: `app-${i}` } },
      template: { metadata: { labels: { app: `app-${i}`, version: 'v1' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.17', ports: [{ containerPort: 80 }] }] } },
    },
  }));
  return docs.map((d) => yaml.stringify(d)).join('---\n');
}

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-'));
  const cli = path.join(ROOT, 'build', 'cli', 'cdk8s-istio.js');
  const floor = path.join(ROOT, 'build', 'scripts', 'bench-floor.js');
  const marks = path.join(ROOT, 'build', 'scripts', 'bench-marks.js');
  const marksFile = path.join(work, 'marks.json');
  const synthOut = path.join(work, 'synth');
  const floorOut = path.join(work, 'floor');
  const haveHelm = fs.existsSync(HELM) && fs.existsSync(CHART);
  const helmArgs = ['--name', 'istio', '--namespace', 'istio-system', '--set', 'global.tag=1.2.2', '--set', 'global.hub=docker.io/istio',
    '-f', path.join(CHART, 'values-istio-demo-common.yaml'), '-f', path.join(CHART, 'values-istio-demo.yaml'), CHART];

  // The floor's input: the objects of a default synth, file by file, as parsed JSON.
  time(process.execPath, [cli, 'synth', '--output', synthOut]);
  const input = path.join(work, 'objects.json');
  const files: Record<string, unknown[]> = {};
  for (const f of fs.readdirSync(synthOut).filter((n) => n.endsWith('.k8s.yaml')).sort()) {
    files[f] = yaml.parseAllDocuments(fs.readFileSync(path.join(synthOut, f), 'utf8')).map((d) => d.toJS());
  }
  fs.writeFileSync(input, JSON.stringify(files));

  const t = { synthNoCa: [] as number[], synth: [] as number[], floor: [] as number[], helm: [] as number[], node: [] as number[] };
  const phase: Record<string, number[]> = {};
  time(process.execPath, [floor, input, floorOut]);
  if (haveHelm) time(HELM, helmArgs);
  for (let i = 0; i < RUNS; i++) {
    t.synth.push(time(process.execPath, [cli, 'synth', '--output', synthOut]).ms);
    if (EXTRA_CA) t.synthNoCa.push(time(process.execPath, [cli, 'synth', '--output', synthOut], { env: { NODE_EXTRA_CA_CERTS: '' } }).ms);
    t.floor.push(time(process.execPath, [floor, input, floorOut]).ms);
    if (haveHelm) t.helm.push(time(HELM, helmArgs).ms);
    t.node.push(time(process.execPath, ['-e', '0']).ms);
    time(process.execPath, ['--require', marks, cli, 'synth', '--output', synthOut], { env: { CDK8S_ISTIO_TIMING: marksFile } });
    const at = JSON.parse(fs.readFileSync(marksFile, 'utf8')) as Record<string, number>;
    for (const [name, from, to] of PHASES) (phase[name] ??= []).push(at[to] - at[from]);
    (phase.total ??= []).push(at.exit);
  }
  // The floor must have written what the synth wrote, or it is not the same work.
  for (const f of Object.keys(files)) {
    if (fs.readFileSync(path.join(synthOut, f), 'utf8') !== fs.readFileSync(path.join(floorOut, f), 'utf8')) {
      throw new Error(`bench: the floor wrote a different ${f}; it does not measure the same work`);
    }
  }
  const s = median(t.synth);
  const fl = median(t.floor);
  const objects = Object.values(files).reduce((n, docs) => n + docs.length, 0);
  const bytes = Object.keys(files).reduce((n, f) => n + fs.statSync(path.join(synthOut, f)).size, 0);
  console.log(`objects: ${objects} in ${Object.keys(files).length} files, ${bytes} bytes; ${RUNS} runs each, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}`);
  console.log(`synth (CLI, default install): median ${f1(s)} ms (min ${f1(Math.min(...t.synth))}, max ${f1(Math.max(...t.synth))})`);
  console.log(`floor (serialize the same objects with yaml, write them): median ${f1(fl)} ms`);
  if (haveHelm) {
    const h = median(t.helm);
    console.log(`helm2-render (helm template, same chart and values): median ${f1(h)} ms`);
    console.log(`ratio synth/helm: ${(s / h).toFixed(2)}x (budget 1.5x)`);
    if (EXTRA_CA) {
      const n = median(t.synthNoCa);
      console.log(`  NODE_EXTRA_CA_CERTS is set here (${EXTRA_CA}): every Node.js start reads that bundle first. Without it: synth ${f1(n)} ms, ${(n / h).toFixed(2)}x helm`);
    }
  } else {
    console.log('helm2-render: not built (HELM2_RENDER_BUILD=.build-helm2-render ../shared/tools/helm2-render/build.sh), ratio not measured');
  }
  console.log(`ratio synth/floor: ${(s / fl).toFixed(2)}x (budget 1.3x)`);
  console.log(`breakdown of one synth (medians, ms; node -e 0 takes ${f1(median(t.node))}): ${PHASES.map(([name]) => `${name} ${f1(median(phase[name]))}`).join(', ')}; process start to exit ${f1(median(phase.total))}`);

  // inject: 1, 100, 1,000 Deployments.
  const injectMs: Array<[number, number]> = [];
  for (const n of [1, 100, 1000]) {
    const file = path.join(work, `deploy-${n}.yaml`);
    fs.writeFileSync(file, deployments(n));
    time(process.execPath, [cli, 'inject', '-f', file]);
    const runs = Array.from({ length: Math.max(3, Math.floor(RUNS / 2)) }, () => time(process.execPath, [cli, 'inject', '-f', file]).ms);
    injectMs.push([n, median(runs)]);
  }
  const [, one] = injectMs[0];
  const per = (i: number) => (injectMs[i][1] - one) / (injectMs[i][0] - 1);
  console.log(`inject: ${injectMs.map(([n, ms]) => `${n} Deployments ${f1(ms)} ms`).join(', ')}; per Deployment ${per(1).toFixed(3)} ms (100) and ${per(2).toFixed(3)} ms (1,000): ${per(2) <= per(1) * 1.5 ? 'linear' : 'NOT linear'}`);

  // synth with 20 user-defined gateways.
  const gwConfig = path.join(work, 'gateways.yaml');
  const gateways: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) {
    gateways[`team-${i}-gateway`] = { enabled: true, labels: { app: `team-${i}-gateway`, istio: `team-${i}-gateway` }, type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, name: 'http2' }] };
  }
  fs.writeFileSync(gwConfig, yaml.stringify({ values: { gateways } }));
  time(process.execPath, [cli, 'synth', '--output', path.join(work, 'gw'), '--config', gwConfig]);
  // Each run beside a default synth: on a busy machine, two batches minutes apart can differ more than the gateways cost.
  const pairs = Array.from({ length: Math.max(5, Math.floor(RUNS / 2)) }, () => [
    time(process.execPath, [cli, 'synth', '--output', synthOut]).ms,
    time(process.execPath, [cli, 'synth', '--output', path.join(work, 'gw'), '--config', gwConfig]).ms,
  ]);
  const gw = median(pairs.map(([, g]) => g));
  const extra = median(pairs.map(([d, g]) => g - d));
  console.log(`synth with 20 user-defined gateways: median ${f1(gw)} ms (${extra >= 0 ? '+' : ''}${f1(extra)} ms over a default synth run beside it, ${f1(extra / 20)} ms per gateway)`);

  if (!process.argv.includes('--no-tests')) {
    const start = process.hrtime.bigint();
    const r = spawnSync('npx', ['jest', '--silent'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    const tail = (r.stderr ?? '').trim().split('\n').filter((l) => /^(Tests|Test Suites|Snapshots):/.test(l)).join('; ');
    console.log(`full test suite (npx jest): ${secs.toFixed(1)} s wall, exit ${r.status}${tail ? ` (${tail})` : ''}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main();

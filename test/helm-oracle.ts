/**
 * The oracle: `../shared/tools/helm2-render`, an offline `helm template` (Helm 2.9.1) that reproduces the release
 * files byte for byte. Renders any version, profile and values of the chart the way the release Makefile built its
 * manifests, for the differential tests to compare with our output.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, SHARED, tmpDir } from './helpers';

const TOOL = path.join(SHARED, 'tools', 'helm2-render');
/** Where the tool is built (ignored by git); `.ci/run` builds it here before `npm test`. */
export const HELM2_BUILD = process.env.HELM2_RENDER_BUILD ?? path.join(ROOT, '.build-helm2-render');
const BINARY = path.join(HELM2_BUILD, 'helm2-render');

const haveGo = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;

/** Why the oracle cannot run here, or undefined when it can (building it if Go is there). */
export function oracleUnavailable(): string | undefined {
  if (!fs.existsSync(path.join(TOOL, 'istio-manifest.sh'))) return `${TOOL} is absent`;
  if (fs.existsSync(BINARY)) return undefined;
  if (!haveGo) return 'Go is not installed (apt-get install golang-go, then ../shared/tools/helm2-render/build.sh; .ci/run does both)';
  const r = spawnSync(path.join(TOOL, 'build.sh'), [], { env: { ...process.env, HELM2_RENDER_BUILD: HELM2_BUILD }, encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(BINARY)) return `building helm2-render failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`;
  return undefined;
}

/** A chart's source tree (`install/kubernetes/...`) for a version. */
export const chartSource = (version = '1.2.2') => path.join(SHARED, 'reference', 'istio-charts', version);
/** The chart folder of a version (profiles, example values). */
export const chartDir = (version = '1.2.2') => path.join(chartSource(version), 'install', 'kubernetes', 'helm', 'istio');

/** The chart's values files of a profile, as the release Makefile passed them. */
export function profileFiles(profile: string, version = '1.2.2'): string[] {
  const dir = chartDir(version);
  switch (profile) {
    case 'default': return [];
    case 'demo': return [path.join(dir, 'values-istio-demo-common.yaml'), path.join(dir, 'values-istio-demo.yaml')];
    case 'demo-auth': return [path.join(dir, 'values-istio-demo-common.yaml'), path.join(dir, 'values-istio-demo-auth.yaml')];
    default: return [path.join(dir, `values-istio-${profile}.yaml`)];
  }
}

export interface OracleInputs {
  readonly version?: string;
  readonly profile?: string;
  readonly valuesFiles?: string[];
  readonly set?: string[];
  readonly setString?: string[];
}

/** Render with the oracle into a file; returns its path. Throws with the tool's message when it fails. */
export function renderWithHelm(inputs: OracleInputs): string {
  const version = inputs.version ?? '1.2.2';
  const out = path.join(tmpDir('helm2-render-'), 'manifest.yaml');
  const args = [
    '--release-sed', chartSource(version), version, out,
    ...[...profileFiles(inputs.profile ?? 'default', version), ...(inputs.valuesFiles ?? [])].flatMap((f) => ['--values', f]),
    ...(inputs.set ?? []).flatMap((s) => ['--set', s]),
    ...(inputs.setString ?? []).flatMap((s) => ['--set-string', s]),
  ];
  const r = spawnSync(path.join(TOOL, 'istio-manifest.sh'), args, { env: { ...process.env, HELM2_RENDER_BUILD: HELM2_BUILD }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`helm2-render ${args.join(' ')} failed: ${r.stderr}`);
  return out;
}

/**
 * Where cdk8s-istio knowingly differs from the chart, applied to the chart's objects so they can be compared with
 * ours: a ClusterIP Service has no node ports (the chart keeps them and Kubernetes refuses the Service,
 * istio/istio#14584).
 */
export function withKnownImprovements<T>(objects: T[]): T[] {
  return objects.map((o) => {
    const obj = o as any;
    if (obj?.kind !== 'Service' || obj.spec?.type !== 'ClusterIP' || !Array.isArray(obj.spec.ports)) return o;
    return { ...obj, spec: { ...obj.spec, ports: obj.spec.ports.map(({ nodePort: _n, ...p }: any) => p) } } as T;
  });
}

/**
 * A rendered file as the comparator can read it and with `withKnownImprovements` applied; the same path when nothing
 * changes. With `global.imagePullSecrets` the chart writes the cleanup ServiceAccount's `imagePullSecrets` twice;
 * such a file is read as Kubernetes reads it (the last key wins).
 */
export function referenceWithKnownImprovements(file: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml = require('js-yaml') as typeof import('js-yaml');
  const text = fs.readFileSync(file, 'utf8');
  let duplicateKeys = false;
  try {
    jsyaml.loadAll(text);
  } catch {
    duplicateKeys = true;
  }
  if (!duplicateKeys && !/type: ClusterIP/.test(text)) return file;
  const docs = jsyaml.loadAll(text, undefined, { json: true }).filter((d) => d !== null && d !== undefined);
  const out = `${file}.improved.yaml`;
  fs.writeFileSync(out, withKnownImprovements(docs).map((d) => jsyaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n'));
  return out;
}

/**
 * The oracle cases a run compares: all of them with `ORACLE=all` (CI's extended sweep, `npm run test:all`), otherwise
 * an evenly spread sample of `n`, so that `npm test` stays quick. The rest are reported as skipped, with the reason.
 */
export function oracleSample<T>(suite: string, cases: readonly T[], n: number): T[] {
  if (process.env.ORACLE === 'all' || cases.length <= n) return [...cases];
  const picked = Array.from({ length: n }, (_, i) => cases[Math.floor((i * cases.length) / n)]);
  // eslint-disable-next-line no-console
  console.warn(`${suite}: comparing ${n} of ${cases.length} configurations with helm template; ORACLE=all (npm run test:all, CI) compares every one`);
  return picked;
}

/**
 * The objects helm template wrote from some of the chart's templates: the documents under the `# Source:` paths that
 * `sources` matches. Read the way Kubernetes reads them (`json`: a repeated key keeps the last, as the chart's
 * cleanup ServiceAccount repeats `imagePullSecrets`).
 */
export function helmObjectsFrom(file: string, sources: RegExp): unknown[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml = require('js-yaml') as typeof import('js-yaml');
  let source = '';
  const out: unknown[] = [];
  for (const doc of fs.readFileSync(file, 'utf8').split(/^---\s*$/m)) {
    const m = /^# Source: (\S+)/m.exec(doc);
    if (m) source = m[1];
    if (!sources.test(source)) continue;
    const o = jsyaml.load(doc, { json: true });
    if (o && typeof o === 'object') out.push(o);
  }
  return out;
}

/** Both sides written to files and compared with the comparator: 100%, nothing different, missing or extra. */
export function expectSameObjects(expected: unknown[], actual: unknown[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml = require('js-yaml') as typeof import('js-yaml');
  if (expected.length === 0) {
    expect(actual).toEqual([]);
    return;
  }
  const dir = tmpDir('oracle-compare-');
  const write = (name: string, objects: unknown[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, objects.map((o) => jsyaml.dump(o, { noRefs: true })).join('---\n'));
    return file;
  };
  const r = spawnSync(process.execPath, [path.join(SHARED, 'tools', 'compare-manifests.mjs'), '--reference', write('reference.yaml', expected),
    '--actual', write('actual.yaml', actual), '--show', '20'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0) throw new Error(`${line}\n${r.stdout}${r.stderr}`);
  expect(line).toMatch(/conformance: 100\.0% \(\d+\/\d+ equal, \d+ whitespace-only, 0 different, 0 missing, 0 extra\)/);
}

/**
 * The comparator's verdict on a whole installation: 100%, nothing different, missing or extra. The one duplicate
 * allowed is 1.2.0's Sidecar CRD, which that release's CRD files define twice (and so do we). Returns the number of
 * duplicate lines.
 */
export function expectConformance(reference: string, actualDir: string): number {
  const r = spawnSync(process.execPath, [path.join(SHARED, 'tools', 'compare-manifests.mjs'), '--reference', reference, '--actual', actualDir, '--show', '20'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = r.stdout.trim().split('\n');
  const line = lines.pop() ?? '';
  const duplicates = lines.filter((l) => l.startsWith('duplicate'));
  const allowed = duplicates.every((l) => l.includes('CustomResourceDefinition/sidecars.networking.istio.io'));
  if (!/conformance: 100\.0% .* 0 different, 0 missing, 0 extra\)/.test(line) || !allowed) {
    throw new Error(`${path.basename(reference)}: ${line}\n${r.stdout.split('\n').slice(-80).join('\n')}${r.stderr}`);
  }
  return duplicates.length;
}

/** Our objects made by the constructs whose paths `constructs` matches (e.g. `/^istio\/(pilot|mixer)\//`). */
export function ourObjectsFrom(props: import('../lib').IstioProps, constructs: RegExp): unknown[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ApiObject, Testing } = require('cdk8s') as typeof import('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Istio } = require('../lib') as typeof import('../lib');
  const istio = new Istio(Testing.app(), 'istio', props);
  return istio.node.findAll()
    .filter((c): c is InstanceType<typeof ApiObject> => c instanceof ApiObject && constructs.test(c.node.path))
    .map((o) => o.toJson());
}

/** `describe` for comparisons with the oracle: skipped, with the reason printed, when it cannot run here. */
export function describeWithOracle(name: string, fn: () => void): void {
  const why = oracleUnavailable();
  if (why) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPING ${name}: ${why}`);
    describe.skip(name, fn);
  } else {
    describe(name, fn);
  }
}

/**
 * The oracle: `../shared/tools/helm2-render`, an offline `helm template` (Helm 2.9.1) that reproduces the release
 * files byte for byte. Renders any version, profile and values of the chart the way the release Makefile built its
 * manifests, for the differential tests to compare with our output.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import type { IstioProps } from '../lib';
import { ROOT, SHARED, TOOL_ENV, tmpDir } from './helpers';

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
    '--actual', write('actual.yaml', actual), '--show', '20'], { cwd: ROOT, env: TOOL_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
    { cwd: ROOT, env: TOOL_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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

/**
 * An object with `tag` before its name (`kind: List` items each), so that the comparator, which matches objects by
 * kind, namespace and name, keeps the cases of one run apart.
 */
function renamedApart(o: unknown, tag: string): unknown {
  const x = o as { kind?: unknown; items?: unknown[]; metadata?: { name?: unknown } };
  if (x === null || typeof x !== 'object') return o;
  if (x.kind === 'List' && Array.isArray(x.items)) return { ...x, items: x.items.map((d) => renamedApart(d, tag)) };
  return { ...x, metadata: { ...(x.metadata ?? {}), name: `${tag}${x.metadata?.name ?? ''}` } };
}

/**
 * A document for the comparator, as JSON (YAML that js-yaml reads back as the same values, and writes far faster than
 * YAML). What JSON cannot hold is written so that equal values stay equal and unequal ones unequal: timestamps (read
 * as Dates) and non-finite numbers as tagged maps; a value YAML could not be written with (undefined, a function) is
 * refused, as js-yaml's dump refuses it.
 */
function comparatorDocument(o: unknown): string {
  return JSON.stringify(o, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { '(timestamp)': Number.isNaN(raw.getTime()) ? 'invalid' : raw.toISOString() };
    if (typeof value === 'number' && !Number.isFinite(value)) return { '(number)': String(value) };
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      throw new Error(`cannot write ${typeof value} ${key ? `at key ${JSON.stringify(key)} ` : ''}for the comparator`);
    }
    return value;
  });
}

/** The comparator's `--json` report. */
interface ComparatorReport {
  equal: string[];
  whitespaceOnly: string[];
  different: Array<{ id: string; diffs: unknown[] }>;
  missing: string[];
  extra: string[];
  duplicates: string[];
}

/**
 * {@link expectSameObjects} for several cases with one comparator run (its start-up and warm-up are most of a small
 * comparison's time). Each case's objects get a prefix before their names (`case3-`, the same on both sides, `kind:
 * List` items too), which keeps the cases apart as the comparator matches objects by kind, namespace and name; each
 * case then reads its own part of the report. Add every case first (`add`), then check each (`expectSame`).
 */
export class BatchedComparison {
  private readonly cases: Array<{ expected: unknown[]; actual: unknown[] }> = [];
  private report: ComparatorReport | undefined;

  /** A case: the reference's objects and ours. Returns its number, for `expectSame`. */
  public add(expected: unknown[], actual: unknown[]): number {
    if (this.report) throw new Error('BatchedComparison: a case was added after the comparison ran');
    this.cases.push({ expected, actual });
    return this.cases.length - 1;
  }

  /** What {@link expectSameObjects} asserts, for case `i`: 100%, nothing different, missing, extra or twice. */
  public expectSame(i: number): void {
    const { expected, actual } = this.cases[i];
    if (expected.length === 0) {
      expect(actual).toEqual([]);
      return;
    }
    const report = this.run();
    const tag = `/${BatchedComparison.tag(i)}`;
    const mine = (id: string) => id.includes(tag);
    expect({
      different: report.different.filter((d) => mine(d.id)),
      missing: report.missing.filter(mine),
      extra: report.extra.filter(mine),
      duplicates: report.duplicates.filter(mine),
    }).toEqual({ different: [], missing: [], extra: [], duplicates: [] });
    // Every reference object of the case has its equal twin (whitespace-only differences count as equal, as there).
    const equal = [...report.equal, ...report.whitespaceOnly].filter(mine);
    const ids = expected.filter((o) => o !== null && o !== undefined).flatMap(BatchedComparison.flat)
      .map((o) => BatchedComparison.idOf(renamedApart(o, BatchedComparison.tag(i))));
    expect(equal.length).toBe(new Set(ids).size);
  }

  private static tag(i: number): string {
    return `case${i}-`;
  }

  private static flat(o: unknown): unknown[] {
    const x = o as { kind?: unknown; items?: unknown };
    return x?.kind === 'List' && Array.isArray(x.items) ? x.items : [o];
  }

  private static idOf(o: unknown): string {
    const m = (o as { kind?: string; metadata?: { name?: string; namespace?: string } });
    return `${m?.kind}/${m?.metadata?.namespace ? `${m.metadata.namespace}/` : ''}${m?.metadata?.name}`;
  }

  private run(): ComparatorReport {
    if (this.report) return this.report;
    const dir = tmpDir('oracle-compare-');
    const write = (name: string, side: 'expected' | 'actual') => {
      const file = path.join(dir, name);
      const docs = this.cases.flatMap((c, i) => (c.expected.length === 0 ? [] : c[side].map((o) => renamedApart(o, BatchedComparison.tag(i)))));
      fs.writeFileSync(file, docs.map(comparatorDocument).join('\n---\n'));
      return file;
    };
    this.report = comparatorJson(['--reference', write('reference.yaml', 'expected'), '--actual', write('actual.yaml', 'actual')], dir);
    return this.report;
  }
}

/**
 * For suites that check a batch: `prepare` runs for every input in a `beforeAll` of the calling `describe`, and the
 * returned function gives input `i`'s result to its test, or throws the error preparing it threw (so one failing case
 * fails its own test, not the suite).
 */
export function preparedCases<T>(inputs: readonly T[], prepare: (input: T) => number): (i: number) => number {
  const prepared: Array<number | Error> = [];
  beforeAll(() => {
    for (const input of inputs) {
      try {
        prepared.push(prepare(input));
      } catch (e) {
        prepared.push(e instanceof Error ? e : new Error(String(e)));
      }
    }
  });
  return (i) => {
    const p = prepared[i];
    if (p instanceof Error) throw p;
    if (p === undefined) throw new Error(`case ${i} was not prepared`);
    return p;
  };
}

/** One case's part of the comparator's report, its ids as the case's own objects have them. */
export interface CaseReport {
  /** The case's reference objects (distinct ids). */
  total: number;
  equal: string[];
  whitespaceOnly: string[];
  different: Array<{ id: string; diffs: Array<[string, unknown, unknown]> }>;
  missing: string[];
  extra: string[];
  duplicates: string[];
}

/**
 * Whole-installation comparisons (files or folders, as the comparator takes them) of several cases in one comparator
 * run. Each case's documents are read as the comparator reads them (js-yaml from this project, every `*.yaml` and
 * `*.yml` below a folder, empty documents skipped), their objects get a prefix before their names (`case3-`, the same
 * on both sides, `kind: List` items too) to keep the cases apart, and each case then reads its own part of the report.
 * Add every case first (`add`), then check each (`expectConformance`, `report`).
 */
export class BatchedConformance {
  private readonly cases: Array<{ reference: unknown[]; actual: unknown[] }> = [];
  private result: ComparatorReport | undefined;

  /** A case: the reference files or folders and ours. Returns its number. */
  public add(reference: string | string[], actual: string | string[]): number {
    if (this.result) throw new Error('BatchedConformance: a case was added after the comparison ran');
    const tag = BatchedConformance.tag(this.cases.length);
    const read = (paths: string | string[]) => BatchedConformance.documents(paths).map((o) => renamedApart(o, tag));
    this.cases.push({ reference: read(reference), actual: read(actual) });
    return this.cases.length - 1;
  }

  /** Case `i`'s part of the report, its ids without the prefix. */
  public report(i: number): CaseReport {
    const all = this.run();
    const tag = `/${BatchedConformance.tag(i)}`;
    const mine = (id: string) => id.includes(tag);
    const own = (id: string) => id.split(tag).join('/');
    const r = {
      equal: all.equal.filter(mine).map(own),
      whitespaceOnly: all.whitespaceOnly.filter(mine).map(own),
      different: all.different.filter((d) => mine(d.id)).map((d) => ({ ...d, id: own(d.id) })) as CaseReport['different'],
      missing: all.missing.filter(mine).map(own),
      extra: all.extra.filter(mine).map(own),
      duplicates: all.duplicates.filter(mine).map(own),
    };
    return { total: r.equal.length + r.whitespaceOnly.length + r.different.length + r.missing.length, ...r };
  }

  /**
   * What {@link expectConformance} asserts, for case `i`: 100%, nothing different, missing or extra, and no duplicate
   * but those `allowedDuplicate` matches (by default 1.2.0's Sidecar CRD; `null`: none, the comparator's exit status
   * 0). Returns the number of duplicates.
   */
  public expectConformance(i: number, allowedDuplicate: RegExp | null = /CustomResourceDefinition\/sidecars\.networking\.istio\.io/): number {
    const r = this.report(i);
    expect({ different: r.different, missing: r.missing, extra: r.extra }).toEqual({ different: [], missing: [], extra: [] });
    expect(r.total).toBeGreaterThan(0);
    expect(r.duplicates.filter((l) => !allowedDuplicate?.test(l))).toEqual([]);
    return r.duplicates.length;
  }

  private static tag(i: number): string {
    return `case${i}-`;
  }

  /** The documents of files and folders, as compare-manifests.mjs reads them. */
  private static documents(paths: string | string[]): unknown[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jsyaml = require('js-yaml') as typeof import('js-yaml');
    const files = (p: string): string[] => {
      if (fs.statSync(p).isFile()) return [p];
      return fs.readdirSync(p).sort().flatMap((e) => {
        const q = path.join(p, e);
        if (fs.statSync(q).isDirectory()) return files(q);
        return /\.ya?ml$/.test(e) ? [q] : [];
      });
    };
    return (Array.isArray(paths) ? paths : [paths]).flatMap(files)
      .flatMap((f) => jsyaml.loadAll(fs.readFileSync(f, 'utf8')))
      .filter((d) => d !== null && d !== undefined);
  }

  private run(): ComparatorReport {
    if (this.result) return this.result;
    const dir = tmpDir('oracle-conformance-');
    const write = (name: string, side: 'reference' | 'actual') => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, this.cases.flatMap((c) => c[side]).map(comparatorDocument).join('\n---\n'));
      return file;
    };
    this.result = comparatorJson(['--reference', write('reference.yaml', 'reference'), '--actual', write('actual.yaml', 'actual')], dir);
    return this.result;
  }
}

/**
 * Rendered files kept between runs, by the digest of everything a render reads: the tool's script and binary, the
 * chart version's `install/kubernetes` tree (the chart, its subcharts and profiles, the CRD files, namespace.yaml),
 * the values files' contents and the other arguments. The oracle is deterministic, so a render of the same inputs is
 * the same file; any change to an input renders afresh. `ORACLE_CACHE=off` always renders.
 */
export const RENDER_CACHE = path.join(HELM2_BUILD, 'renders');
const digests = new Map<string, string>();

/** The SHA-256 of a file's contents, or of a folder's files (sorted paths and contents), once per process. */
function digestOf(p: string): string {
  let d = digests.get(p);
  if (d) return d;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require('crypto') as typeof import('crypto');
  const hash = crypto.createHash('sha256');
  const add = (q: string, rel: string) => {
    const st = fs.statSync(q);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(q).sort()) add(path.join(q, e), `${rel}/${e}`);
    } else {
      hash.update(`${rel}\0${st.size}\0`);
      hash.update(fs.readFileSync(q));
    }
  };
  add(p, '');
  d = hash.digest('hex');
  digests.set(p, d);
  return d;
}

/**
 * {@link renderWithHelm}, reusing an earlier render of exactly the same inputs ({@link RENDER_CACHE}). Returns a
 * fresh copy in a folder of its own, as `renderWithHelm` does; failures are never kept.
 */
export function renderWithHelmCached(inputs: OracleInputs): string {
  if (process.env.ORACLE_CACHE === 'off') return renderWithHelm(inputs);
  const version = inputs.version ?? '1.2.2';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require('crypto') as typeof import('crypto');
  // Files written during the run (a test's own values file) are read each time; the rest once per process.
  const contents = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
  const key = crypto.createHash('sha256').update(JSON.stringify({
    script: digestOf(path.join(TOOL, 'istio-manifest.sh')),
    binary: digestOf(BINARY),
    chart: digestOf(path.join(chartSource(version), 'install', 'kubernetes')),
    version,
    profile: profileFiles(inputs.profile ?? 'default', version).map((f) => path.relative(chartSource(version), f)),
    valuesFiles: (inputs.valuesFiles ?? []).map(contents),
    set: inputs.set ?? [],
    setString: inputs.setString ?? [],
  })).digest('hex');
  const kept = path.join(RENDER_CACHE, `${key}.yaml`);
  const out = path.join(tmpDir('helm2-render-'), 'manifest.yaml');
  if (fs.existsSync(kept)) {
    fs.copyFileSync(kept, out);
    return out;
  }
  const rendered = renderWithHelm(inputs);
  fs.mkdirSync(RENDER_CACHE, { recursive: true });
  // Written beside and renamed into place, so a concurrent reader sees the whole file or none.
  const partial = `${kept}.${process.pid}.partial`;
  fs.copyFileSync(rendered, partial);
  fs.renameSync(partial, kept);
  return rendered;
}

/**
 * Inside a `describeWithOracle` block: the suite's sampled cases (`oracleSample`) as one test each. Every case is
 * rendered by Helm and synthesized by us first (`prepare`: the reference's objects and ours); one comparator run
 * then checks them all, and each test asserts its own case is the same, object for object.
 */
export function testSampledCases<C>(suite: string, combinations: ReadonlyArray<readonly [string, C]>,
  prepare: (c: C) => { expected: unknown[]; ours: unknown[] }, n = 6): void {
  const sample = oracleSample(suite, combinations, n);
  const comparison = new BatchedComparison();
  const cases: Array<number | Error> = [];
  beforeAll(() => {
    for (const [, c] of sample) {
      try {
        const { expected, ours } = prepare(c);
        cases.push(comparison.add(expected, ours));
      } catch (e) {
        cases.push(e as Error);
      }
    }
  });
  test.each(sample.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    const prepared = cases[i];
    if (prepared instanceof Error) throw prepared;
    comparison.expectSame(prepared);
  });
}

/**
 * The preparation of a sampled case for a suite that checks one slice of the chart: Helm's objects from the
 * templates `templates` matches (then `adjust`ed), ours from the constructs `constructs` matches.
 */
export function chartSlice(templates: RegExp, constructs: RegExp, adjust: (expected: unknown[]) => unknown[] = (e) => e) {
  return (c: OracleCase): { expected: unknown[]; ours: unknown[] } => {
    // GIVEN the chart rendered by Helm, restricted to the slice's templates
    const { rendered, props } = renderCase(c);
    const expected = adjust(helmObjectsFrom(rendered, templates));
    // WHEN we synthesize the same inputs
    const ours = ourObjectsFrom(props, constructs);
    return { expected, ours };
  };
}

/**
 * `compare-manifests.mjs --json ARGS`, its report written straight to a file in `dir`: the tool exits as soon as it
 * has printed, and a report larger than a pipe holds (a batch of all the cases) would reach us cut short.
 */
function comparatorJson(args: string[], dir: string): ComparatorReport {
  const out = path.join(dir, 'report.json');
  const fd = fs.openSync(out, 'w');
  let r: ReturnType<typeof spawnSync>;
  try {
    r = spawnSync(process.execPath, [path.join(SHARED, 'tools', 'compare-manifests.mjs'), '--json', ...args],
      { cwd: ROOT, env: TOOL_ENV, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
  } finally {
    fs.closeSync(fd);
  }
  if (r.status !== 0 && r.status !== 1) throw new Error(`compare-manifests failed (${r.status}): ${String(r.stderr)}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ComparatorReport;
}

/** A case of the per-subchart oracle suites: a profile, then a chart example values file, a values map, `--set`s. */
export interface OracleCase {
  readonly version?: string;
  readonly profile: string;
  /** A file of the chart's `example-values/` folder, as the first `-f`. */
  readonly example?: string;
  /** A values file (`-f`), after the example's. */
  readonly values?: Record<string, unknown>;
  readonly set?: string[];
  readonly setString?: string[];
}

/** The same inputs for both sides: helm2-render's output for them (a file), and the props that ask us for them. */
export function renderCase(c: OracleCase): { rendered: string; props: IstioProps } {
  const example = c.example ? path.join(chartDir(), 'example-values', c.example) : undefined;
  const valuesFiles = example ? [example] : [];
  if (c.values) {
    valuesFiles.push(path.join(tmpDir('oracle-case-'), 'values.yaml'));
    fs.writeFileSync(valuesFiles[valuesFiles.length - 1], jsyaml.dump(c.values));
  }
  const rendered = renderWithHelmCached({ version: c.version, profile: c.profile, valuesFiles, set: c.set, setString: c.setString });
  const values = [...(example ? [jsyaml.load(fs.readFileSync(example, 'utf8')) as object] : []), ...(c.values ? [c.values] : [])];
  const props = {
    ...(c.version ? { version: c.version } : {}), profile: c.profile,
    ...(values.length ? { values } : {}), set: c.set, setString: c.setString,
  } as IstioProps;
  return { rendered, props };
}

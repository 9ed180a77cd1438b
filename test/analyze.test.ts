/**
 * `cdk8s-istio analyze` and the analysis API: Istio's own test grid through the CLI, the Bookinfo example with and
 * without the installation, synth-time failures, suppression and warnings, and the CLI's input, output and exit
 * statuses.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import * as yaml from 'js-yaml';
import { Bookinfo } from '../examples/bookinfo/bookinfo';
import { analyze, ANALYZE_SUPPRESS_ANNOTATION, DestinationRule, Finding, Istio, IstioAnalysis, IstioProps, VirtualService } from '../lib';
import { describeWithShared, SHARED, synthCharts, tmpDir } from './helpers';
import { runCli } from './run-cli';

const GRID = path.join(SHARED, 'reference', 'analyze');

interface GridCase {
  name: string;
  analyzer: string;
  inputFiles: string[];
  expected: { message: string; origin: string }[];
}

/** A multiset as a sorted list. */
const multiset = (items: string[]) => [...items].sort();

describeWithShared('Istio\'s analyzer test grid (../shared/reference/analyze), through `analyze -o json`', () => {
  const cases = JSON.parse(fs.readFileSync(path.join(GRID, 'cases.json'), 'utf8')) as GridCase[];
  const catalogue = (yaml.load(fs.readFileSync(path.join(GRID, 'messages.yaml'), 'utf8')) as { messages: { name: string; code: string; level: string }[] }).messages;
  const byName = new Map(catalogue.map((m) => [m.name, m]));

  test('the grid is there', () => {
    expect(cases.length).toBe(25);
  });

  // Istio's grid runs one analyzer per case on files read without a default namespace (istioctl's -A).
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const files = c.inputFiles.map((f) => path.join(GRID, 'testdata', f));
    const r = await runCli(['analyze', '-o', 'json', '-A', '--analyzer', c.analyzer, ...files]);
    const findings = JSON.parse(r.stdout) as Finding[];
    const expected = c.expected.map((e) => `${byName.get(e.message)!.code} ${e.origin}`);
    expect(multiset(findings.map((f) => `${f.code} ${f.origin}`))).toEqual(multiset(expected));
    // Exit status 3 exactly when something is at Error level.
    const errors = c.expected.some((e) => byName.get(e.message)!.level === 'Error');
    expect([r.status, r.stderr]).toEqual([errors ? 3 : 0, '']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** The Bookinfo example's objects. */
function bookinfo(mode: 'permissive' | 'strict'): unknown[] {
  const app = Testing.app();
  return new Bookinfo(app, 'bookinfo', { mode }).toJson();
}

/** The installation's objects; each distinct props synthesized once per file, every caller getting its own copy. */
const installations = new Map<string, unknown[]>();
const installation = (props: IstioProps) => {
  const key = JSON.stringify(props);
  if (!installations.has(key)) installations.set(key, synthCharts(props).flat());
  return structuredClone(installations.get(key)!);
};
const codesAndOrigins = (fs_: Finding[]) => fs_.map((f) => `${f.code} ${f.origin}`);

describe('the Bookinfo example analyzes clean', () => {
  test('permissive: alone and with the demo installation', () => {
    expect(analyze(bookinfo('permissive'))).toEqual([]);
    expect(analyze(bookinfo('permissive'), { installation: installation({}) })).toEqual([]);
  });

  test('strict (mutual TLS DestinationRules): with the strict installation, and with the permissive one', () => {
    expect(analyze(bookinfo('strict'), { installation: installation({ mode: 'strict' }) })).toEqual([]);
    expect(analyze(bookinfo('strict'), { installation: installation({}) })).toEqual([]);
  });

  test('fails when the plain DestinationRules meet a strict installation (its mutual TLS is turned off by them)', () => {
    const f = analyze(bookinfo('permissive'), { installation: installation({ mode: 'strict' }) });
    expect(codesAndOrigins(f)).toEqual(['details', 'productpage', 'ratings', 'reviews'].map((s) => `IST0113 DestinationRule ${s}.default`));
    expect(f[0].message).toContain('The DestinationRule "default/details" specifies that mTLS must be false but the Policy object "default" specifies Strict.');
  });

  test('fails when a proxy injected at synth time is not the installation\'s', () => {
    const f = analyze(bookinfo('permissive'), { installation: installation({ tag: '1.2.3' }) });
    expect(f.length).toBe(6);
    expect(new Set(f.map((x) => x.code))).toEqual(new Set(['IST0105']));
    expect(f.map((x) => x.origin)).toContain('Deployment reviews-v3.default');
  });

  test('the installation itself analyzes clean when given as the input (both modes)', () => {
    expect(analyze(installation({}))).toEqual([]);
    expect(analyze(installation({ mode: 'strict', delivery: 'gitops' }))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** An app with a reviews Service, a DestinationRule defining v1, and a VirtualService routing to `subset`. */
function shop(subset: string, vsAnnotations?: Record<string, string>) {
  const app = Testing.app();
  const chart = new Chart(app, 'shop');
  new k8s.KubeService(chart, 'reviews-service', {
    metadata: { name: 'reviews' },
    spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] },
  });
  new DestinationRule(chart, 'reviews-rule', {
    metadata: { name: 'reviews' },
    spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
  });
  new VirtualService(chart, 'reviews-route', {
    metadata: { name: 'reviews', ...(vsAnnotations ? { annotations: vsAnnotations } : {}) },
    spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset } }] }] },
  });
  return { app, chart };
}

describe('IstioAnalysis: analysis at synth time', () => {
  test('a consistent app synthesizes', () => {
    const { app } = shop('v1');
    const analysis = IstioAnalysis.of(app);
    expect(() => app.synth()).not.toThrow();
    expect(analysis.findings()).toEqual([]);
  });

  test('fails synth when a VirtualService routes to an undefined subset, naming the route, its construct and the missing host+subset', () => {
    const { app } = shop('v2');
    IstioAnalysis.of(app);
    expect(() => app.synth()).toThrow('[istio-analysis] shop/reviews-route: Error [IST0101] (VirtualService reviews.default) '
      + 'Referenced host+subset in destinationrule not found: "reviews+v2"');
  });

  test('Testing.synth of a chart runs it too; IstioAnalysis.of returns the app\'s one analysis', () => {
    const { app, chart } = shop('v2');
    const analysis = IstioAnalysis.of(chart);
    expect(IstioAnalysis.of(app)).toBe(analysis);
    expect(() => Testing.synth(chart)).toThrow(/IST0101/);
    expect(() => IstioAnalysis.of(app, { errorsAsWarnings: true })).toThrow(/exists already/);
  });

  test('errorsAsWarnings: synth goes on and the finding is reported as a warning', () => {
    const { app } = shop('v2');
    const warnings: string[] = [];
    IstioAnalysis.of(app, { errorsAsWarnings: true, warn: (line) => warnings.push(line) });
    expect(() => app.synth()).not.toThrow();
    expect(warnings).toEqual(['shop/reviews-route: Error [IST0101] (VirtualService reviews.default) Referenced host+subset in destinationrule not found: "reviews+v2"']);
  });

  test('a code can be suppressed for one resource: by its annotation or by the suppress prop', () => {
    const annotated = shop('v2', { [ANALYZE_SUPPRESS_ANNOTATION]: 'IST0118, IST0101' });
    IstioAnalysis.of(annotated.app);
    expect(() => annotated.app.synth()).not.toThrow();

    const byProp = shop('v2');
    IstioAnalysis.of(byProp.app, { suppress: ['IST0101=VirtualService reviews.*'] });
    expect(() => byProp.app.synth()).not.toThrow();
  });

  test('suppressing another code or another resource does not hide the finding', () => {
    const annotated = shop('v2', { [ANALYZE_SUPPRESS_ANNOTATION]: 'IST0118' });
    IstioAnalysis.of(annotated.app);
    expect(() => annotated.app.synth()).toThrow(/IST0101/);

    const byProp = shop('v2');
    IstioAnalysis.of(byProp.app, { suppress: ['IST0101=VirtualService ratings.default'] });
    expect(() => byProp.app.synth()).toThrow(/IST0101/);
  });

  test('the app\'s Istio charts are the installation: used as context, not analyzed', () => {
    const app = Testing.app();
    new Istio(app, 'istio', { mode: 'strict' });
    new Bookinfo(app, 'bookinfo', { mode: 'permissive' });
    const findings = IstioAnalysis.of(app).findings();
    expect(codesAndOrigins(findings)).toEqual(['details', 'productpage', 'ratings', 'reviews'].map((s) => `IST0113 DestinationRule ${s}.default`));
    expect(() => app.synth()).toThrow(/bookinfo\/reviews-destination-rule: Error \[IST0113\]/);
  });

  test('installation props name the installation the app runs on', () => {
    const app = Testing.app();
    new Bookinfo(app, 'bookinfo', { mode: 'strict' });
    expect(IstioAnalysis.of(app, { installation: { mode: 'strict' } }).findings()).toEqual([]);
  });

  test('fails at once on an unknown analyzer or a malformed suppression', () => {
    expect(() => IstioAnalysis.of(Testing.app(), { analyzers: ['virtualservice.Nope'] })).toThrow(/analyzer: got "virtualservice.Nope", expected one of/);
    expect(() => IstioAnalysis.of(Testing.app(), { suppress: ['101'] })).toThrow(/suppress: got "101"/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

const BROKEN = [
  'apiVersion: networking.istio.io/v1alpha3',
  'kind: DestinationRule',
  'metadata: { name: reviews }',
  'spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }',
  '---',
  'apiVersion: networking.istio.io/v1alpha3',
  'kind: VirtualService',
  'metadata: { name: reviews-bogussubset }',
  'spec:',
  '  hosts: [reviews]',
  '  http: [{ route: [{ destination: { host: reviews, subset: bogus } }] }]',
  '',
].join('\n');
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: { name: reviews }\nspec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }\n';

function write(dir: string, name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

/** The Bookinfo example's files, as its main.ts writes them (test/bookinfo.test.ts runs that script itself). */
function bookinfoFolder(mode: 'permissive' | 'strict'): string {
  const out = tmpDir();
  const app = new App({ outdir: out });
  new Bookinfo(app, 'bookinfo', { mode });
  app.synth();
  return out;
}

describe('cdk8s-istio analyze', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir();
  });

  test('prints findings as istioctl does and exits 3 on Error-level findings', async () => {
    const f = write(dir, 'broken.yaml', BROKEN + '---\n' + SERVICE);
    const r = await runCli(['analyze', f]);
    expect(r.stdout).toBe('Error [IST0101] (VirtualService reviews-bogussubset.default) Referenced host+subset in destinationrule not found: "reviews+bogus"\n');
    expect(r.status).toBe(3);
  });

  test('exits 0 and says so when nothing is found; warnings and infos do not fail unless --failure-threshold says so', async () => {
    const clean = write(dir, 'clean.yaml', SERVICE);
    const ok = await runCli(['analyze', clean]);
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, '', `\u2714 No validation issues found when analyzing ${clean}.\n`]);

    const info = write(dir, 'info.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: db }\nspec: { ports: [{ name: db, port: 5432 }] }\n');
    const r = await runCli(['analyze', info]);
    expect([r.status, r.stdout]).toEqual([0, 'Info [IST0118] (Service db.default) Port name db (port: 5432, targetPort: 0) doesn\'t follow the naming convention of Istio port.\n']);
    expect((await runCli(['analyze', info, '--failure-threshold', 'Info'])).status).toBe(3);
    expect((await runCli(['analyze', info, '--output-threshold', 'Warning'])).stdout).toBe('');
  });

  test('-o json and -o yaml print a list of {code, level, origin, message}', async () => {
    const f = write(dir, 'broken2.yaml', BROKEN + '---\n' + SERVICE);
    const expected = [{
      code: 'IST0101',
      level: 'Error',
      origin: 'VirtualService reviews-bogussubset.default',
      message: 'Referenced host+subset in destinationrule not found: "reviews+bogus"',
    }];
    const json = await runCli(['analyze', '-o', 'json', f]);
    expect([json.status, JSON.parse(json.stdout)]).toEqual([3, expected]);
    const y = await runCli(['analyze', '--output', 'yaml', f]);
    expect([y.status, yaml.load(y.stdout)]).toEqual([3, expected]);
    expect(JSON.parse((await runCli(['analyze', '-o', 'json', write(dir, 'ok.yaml', SERVICE)])).stdout)).toEqual([]);
  });

  test('reads folders (yaml, yml, json; hidden files skipped), kind: List documents and standard input', async () => {
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(folder);
    write(folder, 'a.yml', BROKEN);
    write(folder, 'b.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [yaml.load(SERVICE)] }));
    write(folder, '.hidden.yaml', 'not: [valid');
    write(folder, 'notes.txt', 'ignored');
    const r = await runCli(['analyze', '-o', 'json', folder]);
    expect([r.status, JSON.parse(r.stdout).map((f: Finding) => f.origin)]).toEqual([3, ['VirtualService reviews-bogussubset.default']]);

    const stdin = await runCli(['analyze', '-o', 'json', '-'], { input: BROKEN + '---\n' + SERVICE });
    expect([stdin.status, JSON.parse(stdin.stdout).length]).toEqual([3, 1]);
  });

  test('objects without a namespace are in `default`, or in --namespace, or in none with -A', async () => {
    const f = write(dir, 'ns.yaml', BROKEN);
    const origins = async (args: string[]) => JSON.parse((await runCli(['analyze', '-o', 'json', '--analyzer', 'virtualservice.DestinationRuleAnalyzer', ...args, f])).stdout)
      .map((x: Finding) => x.origin);
    expect(await origins([])).toEqual(['VirtualService reviews-bogussubset.default']);
    expect(await origins(['-n', 'shop'])).toEqual(['VirtualService reviews-bogussubset.shop']);
    expect(await origins(['-A'])).toEqual(['VirtualService reviews-bogussubset']);
  });

  test('--suppress and the suppress annotation leave a finding out', async () => {
    const f = write(dir, 'broken3.yaml', BROKEN + '---\n' + SERVICE);
    expect((await runCli(['analyze', f, '--suppress', 'IST0101=VirtualService reviews-bogussubset.default'])).status).toBe(0);
    expect((await runCli(['analyze', f, '-S', 'IST0101=VirtualService other.*'])).status).toBe(3);
    const annotated = write(dir, 'annotated.yaml', BROKEN.replace('metadata: { name: reviews-bogussubset }',
      `metadata: { name: reviews-bogussubset, annotations: { ${ANALYZE_SUPPRESS_ANNOTATION}: IST0101 } }`) + '---\n' + SERVICE);
    expect((await runCli(['analyze', annotated])).status).toBe(0);
  });

  test('--list-analyzers names every analyzer', async () => {
    const r = await runCli(['analyze', '--list-analyzers']);
    expect(r.status).toBe(0);
    for (const a of ['auth.MTLSAnalyzer', 'virtualservice.DestinationRuleAnalyzer', 'gateway.IngressGatewayPortAnalyzer', 'deployment.ServiceAssociationAnalyzer']) {
      expect(r.stdout).toContain(`${a}: `);
    }
  });

  test('exit 2 for usage errors', async () => {
    const f = write(dir, 'u.yaml', SERVICE);
    for (const args of [['analyze'], ['analyze', f, '--bogus'], ['analyze', f, '-o', 'xml'], ['analyze', f, '--analyzer', 'nope.Analyzer'],
      ['analyze', f, '--suppress', 'nonsense'], ['analyze', f, '--mode', 'mtls']]) {
      const r = await runCli(args);
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.stderr).toMatch(/^cdk8s-istio: /);
    }
  });

  test('exit 1 for input that cannot be read or analyzed', async () => {
    const cases: [string[], RegExp][] = [
      [[path.join(dir, 'missing.yaml')], /missing\.yaml: cannot read it \(ENOENT\)/],
      [[write(dir, 'bad.yaml', 'kind: [unclosed')], /bad\.yaml: not valid YAML or JSON/],
      [[write(dir, 'nokind.yaml', 'metadata: { name: x }\n')], /nokind\.yaml: kind: got undefined, expected the object's kind/],
      [[write(dir, 'noname.yaml', 'kind: Service\nmetadata: {}\n')], /noname\.yaml \(Service\): metadata\.name/],
      [[write(dir, 'u2.yaml', SERVICE), '--config', write(dir, 'istio.yaml', 'mode: mtls\n')], /--config .*istio\.yaml: mode: got "mtls"/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['analyze', ...args]);
      expect([args, r.status]).toEqual([args, 1]);
      expect(r.stderr).toMatch(message);
    }
  });

  test('Bookinfo analyzes clean in both modes, with the installation of that mode', async () => {
    const permissive = bookinfoFolder('permissive');
    const strict = bookinfoFolder('strict');
    expect((await runCli(['analyze', permissive])).status).toBe(0);
    expect((await runCli(['analyze', permissive, '--use-installation'])).status).toBe(0);
    const config = write(dir, 'strict.yaml', 'mode: strict\n');
    expect((await runCli(['analyze', strict, '--config', config])).status).toBe(0);
    // And with a mismatched installation the analysis has something to say.
    const r = await runCli(['analyze', '-o', 'json', permissive, '--config', config]);
    expect([r.status, JSON.parse(r.stdout).map((f: Finding) => f.code)]).toEqual([3, ['IST0113', 'IST0113', 'IST0113', 'IST0113']]);
  });
});

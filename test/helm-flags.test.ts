import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { coalesceAll, mergeValues, parseSetInto, userValues, ValuesMap } from '../lib/chart';
import { Manifest, tmpDir } from './helpers';
import { runCli } from './run-cli';

const objectsOf = (out: string): Manifest[] => fs.readdirSync(out).filter((f) => f.endsWith('.k8s.yaml')).sort()
  .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(out, f), 'utf8')) as Manifest[])
  .flatMap((o) => (o.kind === 'List' ? o.items : [o]));
const names = (objs: Manifest[], kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();

describe('helm template\'s inputs on the command line', () => {
  test('--profile, --values (in order), --set and --set-string, merged as Helm 2 merges them', async () => {
    // GIVEN two values files, the second overriding the first, and --set over both
    const dir = tmpDir();
    const first = path.join(dir, 'first.yaml');
    const second = path.join(dir, 'second.yaml');
    fs.writeFileSync(first, 'grafana:\n  enabled: yes\npilot:\n  autoscaleMin: 2\n  autoscaleMax: 3\n');
    fs.writeFileSync(second, 'pilot:\n  autoscaleMax: 4\n');
    const out = path.join(dir, 'out');
    // WHEN
    const r = await runCli(['synth', '-o', out, '--profile', 'default', '--values', first, '-f', second,
      '--set', 'pilot.autoscaleMin=3', '--set-string', 'global.tag=1.2.2']);
    // THEN
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const objs = objectsOf(out);
    // YAML 1.1, as Helm reads values files: `yes` is true.
    expect(names(objs, 'Deployment')).toContain('grafana');
    const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'istio-pilot')!;
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 4]);
    // The default profile: no Kiali, no tracing.
    expect(names(objs, 'Deployment')).not.toContain('kiali');
  });

  test('fails when a --set expression is malformed, naming it', async () => {
    const r = await runCli(['synth', '-o', path.join(tmpDir(), 'out'), '--set', 'pilot.autoscaleMin']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cdk8s-istio: set: got "pilot\.autoscaleMin", expected a Helm --set expression \(key "autoscaleMin" has no value\)/);
  });

  test('fails when a values file sets a key the chart does not have, with its path', async () => {
    const file = path.join(tmpDir(), 'typo.yaml');
    fs.writeFileSync(file, 'gateways:\n  istio-ingressgateway:\n    replicas: 3\n');
    const r = await runCli(['synth', '-o', path.join(tmpDir(), 'out'), '-f', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/values\.gateways\.istio-ingressgateway\.replicas: got 3, expected a key of the Istio 1\.2 chart values/);
  });

  test('fails with the supported list when --istio-version is not a 1.2 release', async () => {
    const r = await runCli(['synth', '-o', path.join(tmpDir(), 'out'), '--istio-version', '1.2.11']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/1\.2\.0, 1\.2\.1, 1\.2\.2, .*1\.2\.10/);
  });
});

describe('Helm 2\'s values rules', () => {
  test('--set types true/false and integers, --set-string keeps numbers as strings (2.9.1 still reads true/false), lists and indexes', () => {
    const v: ValuesMap = {};
    parseSetInto('a.b=true,a.c=42,a.d=042,a.e=x\\,y,l={1,two},m[1].n=3', v);
    expect(v).toEqual({ a: { b: true, c: 42, d: '042', e: 'x,y' }, l: [1, 'two'], m: [null, { n: 3 }] });
    const s: ValuesMap = {};
    parseSetInto('a=true,b=42', s, true);
    expect(s).toEqual({ a: true, b: '42' });
  });

  test('values files: maps merge, lists and scalars replace', () => {
    expect(mergeValues({ a: { x: 1, l: [1, 2] }, s: 'a' }, { a: { y: 2, l: [3] }, s: null })).toEqual({ a: { x: 1, y: 2, l: [3] }, s: null });
  });

  test('a null deletes a key at the top of a chart\'s values and stays null below it; Helm\'s second subchart pass restores a subchart default; globals reach the subcharts', () => {
    const chart = { values: { keep: 1, gone: 2, nested: { a: 1, b: 2 }, global: { hub: 'h' } }, subcharts: [['sub', { x: 1, y: 2 }] as const] };
    const v = coalesceAll(chart, { gone: null, nested: { a: null }, global: { tag: 't' }, sub: { y: null } });
    expect(v).toEqual({
      keep: 1, nested: { a: null, b: 2 }, global: { hub: 'h', tag: 't' },
      sub: { x: 1, y: 2, global: { hub: 'h', tag: 't' } },
    });
  });

  test('the profile comes first, then the values in order, then --set, then --set-string', () => {
    const u = userValues({ profile: 'minimal', values: [{ pilot: { sidecar: true } }], set: ['pilot.sidecar=false'], setString: ['pilot.image=x'] });
    expect(u.pilot).toEqual({ enabled: true, sidecar: false, image: 'x' });
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Istio, IstioProps, ISTIO_VERSIONS, Profile } from '../lib';
import { sinceVersion, TEMPLATE_CHANGES, VALUE_CHANGES } from '../lib/chart/versions';
import { synthesize } from '../lib/synth';
import { BatchedConformance, oracleSample, oracleUnavailable, preparedCases, renderWithHelmCached } from './helm-oracle';
import { describeWithShared, find, haveShared, SHARED, synthObjects, tmpDir } from './helpers';
import { runCli } from './run-cli';

const RELEASES = path.join(SHARED, 'reference', 'istio-1.2.x');

/** Synthesize into a fresh folder, as `synth` does. */
function synthTo(props: IstioProps): string {
  const out = path.join(tmpDir(), 'out');
  synthesize(props, out);
  return out;
}

// Each suite below synthesizes its cases first; one comparator run then checks them all (the 1.2.0 duplicate Sidecar
// CRD allowed), each test its own case.
describeWithShared('the demo manifests of the patch releases, each from its own chart', () => {
  const versions = ['1.2.0', '1.2.5', '1.2.10'] as const;
  const comparison = new BatchedConformance();
  const prepared = preparedCases(versions, (version) => comparison.add(path.join(RELEASES, `istio-demo-${version}.yaml`), synthTo({ version })));
  test.each(versions.map((v, i) => [v, i] as const))('synth --istio-version %s equals that release\'s istio-demo file', (version, i) => {
    const dups = comparison.expectConformance(prepared(i));
    // Only 1.2.0's CRD files define the Sidecar CRD twice.
    expect(dups > 0).toBe(version === '1.2.0');
  });
});

describe('what the patch releases changed', () => {
  test('the image tag follows the version unless tag is set', () => {
    const pilot = (props: IstioProps) => find(synthObjects(props), 'Deployment', 'istio-pilot').spec.template.spec.containers[0].image;
    expect(pilot({ version: '1.2.10' })).toBe('docker.io/istio/pilot:1.2.10');
    expect(pilot({ version: '1.2.10', tag: '1.2.10-distroless' })).toBe('docker.io/istio/pilot:1.2.10-distroless');
  });

  test('1.2.3 turned off the demo profile\'s autoscalers', () => {
    const hpas = (version: IstioProps['version']) => synthObjects({ version }).filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name);
    expect(hpas('1.2.2')).toEqual(expect.arrayContaining(['istio-pilot', 'istio-ingressgateway']));
    expect(hpas('1.2.3')).toEqual([]);
  });

  test('1.2.8 removed the istio-cleanup-secrets hook Job', () => {
    const jobs = (version: IstioProps['version']) => synthObjects({ version }).filter((o) => o.kind === 'Job').map((o) => o.metadata.name);
    expect(jobs('1.2.7')).toContain('istio-cleanup-secrets-1.2.7');
    expect(jobs('1.2.8').some((n) => n.startsWith('istio-cleanup-secrets'))).toBe(false);
  });

  test('each change is named once, by the release that introduced it', () => {
    for (const since of [...Object.values(TEMPLATE_CHANGES), ...VALUE_CHANGES.map((c) => c.since)]) expect(ISTIO_VERSIONS).toContain(since);
    expect(sinceVersion('1.2.7', 'no-cleanup-secrets-job')).toBe(false);
    expect(sinceVersion('1.2.10', 'no-cleanup-secrets-job')).toBe(true);
  });

  test('inject --istio-version injects that release\'s proxy images', async () => {
    const file = path.join(tmpDir(), 'app.yaml');
    fs.writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n');
    const r = await runCli(['inject', '-f', file, '--istio-version', '1.2.10']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('image: docker.io/istio/proxyv2:1.2.10');
    expect(r.stdout).toContain('image: docker.io/istio/proxy_init:1.2.10');
    expect((await runCli(['inject', '-f', file, '--istio-version', '1.3.0'])).status).toBe(2);
  });

  test('fails when the version is not a 1.2 patch release, naming the supported ones', () => {
    expect(() => new Istio(Testing.app(), 'istio', { version: '1.3.0' as never })).toThrow(
      /version: got "1\.3\.0", expected a supported Istio release: 1\.2\.0, 1\.2\.1, .*1\.2\.10/);
  });
});

const why = haveShared ? oracleUnavailable() : '../shared is absent';
if (why) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the per-version tests against helm template: ${why}`);
}
(why ? describe.skip : describe)('every patch release against its own chart (helm2-render)', () => {
  const cases: Array<[string, IstioProps['version'], Profile, IstioProps['mode']?]> = [
    ...ISTIO_VERSIONS.map((v) => [`${v} demo`, v, 'demo'] as [string, IstioProps['version'], Profile]),
    ['1.2.0 demo-auth', '1.2.0', 'demo-auth'], ['1.2.10 demo-auth', '1.2.10', 'demo-auth'],
    ['1.2.1 default', '1.2.1', 'default'], ['1.2.4 sds-auth', '1.2.4', 'sds-auth'], ['1.2.6 minimal', '1.2.6', 'minimal'],
    ['1.2.9 remote', '1.2.9', 'remote'], ['1.2.10 sds-auth', '1.2.10', 'sds-auth'],
  ];
  const sample = oracleSample('versions', cases, 4);
  const comparison = new BatchedConformance();
  const prepared = preparedCases(sample, ([, version, profile]) => {
    const reference = renderWithHelmCached({ version, profile });
    if (!fs.existsSync(reference)) throw new Error(`helm2-render wrote no ${reference}`);
    return comparison.add(reference, synthTo({ version, profile }));
  });
  test.each(sample.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    comparison.expectConformance(prepared(i));
  });
});

import * as yaml from 'js-yaml';
import { Testing } from 'cdk8s';
import { Istio, MeshMode } from '../lib';
import { find, idOf, Manifest, synthCharts } from './helpers';

/** Objects the release applies through its post-install Jobs, parsed out of their ConfigMaps. */
function embeddedResources(objs: Manifest[]): Manifest[] {
  return ['istio-security-custom-resources', 'istio-grafana-custom-resources']
    .flatMap((name) => yaml.loadAll(find(objs, 'ConfigMap', name).data['custom-resources.yaml']) as Manifest[]);
}

describe.each<MeshMode>(['permissive', 'strict'])('delivery gitops, %s mode', (mode) => {
  const releaseCharts = synthCharts({ mode });
  const gitopsCharts = synthCharts({ mode, delivery: 'gitops' });
  const release = releaseCharts.flat();
  const gitops = gitopsCharts.flat();

  test('writes a third file, after the CRDs and the installation, holding the custom resources', () => {
    expect(gitopsCharts).toHaveLength(3);
    const expected = mode === 'strict'
      ? ['MeshPolicy/default', 'DestinationRule/istio-system/default', 'DestinationRule/istio-system/api-server', 'Policy/istio-system/grafana-ports-mtls-disabled']
      : ['MeshPolicy/default', 'Policy/istio-system/grafana-ports-mtls-disabled'];
    expect(gitopsCharts[2].map(idOf).sort()).toEqual(expected.sort());
  });

  test('the custom resources equal what the release\'s Jobs apply in that mode', () => {
    const byId = new Map(gitopsCharts[2].map((o) => [idOf(o), o]));
    const embedded = embeddedResources(release);
    expect(embedded).toHaveLength(gitopsCharts[2].length);
    for (const o of embedded) expect(byId.get(idOf(o))).toEqual(o);
  });

  test('no Jobs, nor their ConfigMaps, ServiceAccounts and RBAC', () => {
    expect(gitops.filter((o) => o.kind === 'Job')).toEqual([]);
    const jobParts = gitops.filter((o) => /post-install|cleanup-secrets|custom-resources/.test(o.metadata.name));
    expect(jobParts.map(idOf)).toEqual([]);
  });

  test('no caBundle field and no List wrappers', () => {
    expect(JSON.stringify(gitops)).not.toContain('"caBundle"');
    expect(gitops.filter((o) => o.kind === 'List')).toEqual([]);
    expect(find(gitops, 'MutatingWebhookConfiguration', 'istio-sidecar-injector').webhooks[0].clientConfig).not.toHaveProperty('caBundle');
  });

  test('every object the two deliveries share is equal', () => {
    const releaseObjects = new Map(release.flatMap((o) => (o.kind === 'List' ? o.items : [o])).map((o: Manifest) => [idOf(o), o]));
    let shared = 0;
    for (const o of gitops) {
      const twin = releaseObjects.get(idOf(o));
      if (!twin) continue;
      shared++;
      if (o.kind === 'MutatingWebhookConfiguration') {
        // The one deliberate difference: the empty caBundle the injector patches at run time is left out.
        expect(o.webhooks).toEqual(twin.webhooks.map((w: any) => ({ ...w, clientConfig: { service: w.clientConfig.service } })));
        continue;
      }
      expect(o).toEqual(twin);
    }
    expect(shared).toBeGreaterThan(100);
  });
});

describe('Argo CD sync waves', () => {
  test('CRDs first, then the namespace, the installation, the custom resources', () => {
    const [crds, main, custom] = synthCharts({ delivery: 'gitops', argoCdSyncWaves: true });
    const wave = (o: Manifest) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
    expect(new Set(crds.map(wave))).toEqual(new Set(['-2']));
    expect(wave(main[0])).toBe('-1');
    expect(new Set(main.slice(1).map(wave))).toEqual(new Set(['0']));
    expect(new Set(custom.map(wave))).toEqual(new Set(['1']));
  });

  test('no annotations unless asked for', () => {
    const all = synthCharts({ delivery: 'gitops' }).flat();
    expect(all.filter((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'])).toEqual([]);
  });

  test('fails when sync waves are asked for with release delivery', () => {
    expect(() => new Istio(Testing.app(), 'istio', { argoCdSyncWaves: true })).toThrow(
      /argoCdSyncWaves: got true, expected false with delivery release \(sync waves need delivery: gitops\)/);
  });
});

import { istioDashboards } from '../lib/addons/grafana-dashboards';
import { find, idOf, Manifest, synthObjects, tmpDir } from './helpers';
import { runCli } from './run-cli';

/** Objects of an addon: named for it, or its Services and dashboards (Mixer's `prometheus` handler is core). */
const ADDONS: Record<string, RegExp> = {
  grafana: /^(grafana|istio-grafana.*)$/,
  kiali: /^(kiali.*|istio-kiali.*)$/,
  prometheus: /^prometheus.*$/,
  tracing: /^(istio-tracing|jaeger-.*|zipkin|tracing|jaeger-services|tracing-services)$/,
};

describe('addons', () => {
  const all = synthObjects();
  const of = (pattern: RegExp) => (o: Manifest) => pattern.test(o.metadata.name) && o.kind !== 'handler';
  const ids = (objs: Manifest[]) => objs.map(idOf).sort();

  describe.each(Object.keys(ADDONS))('%s', (addon) => {
    const pattern = ADDONS[addon];
    const mine = all.filter(of(pattern));

    test('is on by default (demo profile)', () => {
      expect(mine.length).toBeGreaterThan(2);
    });

    test('turning it off removes all of its objects and changes nothing else', () => {
      const without = synthObjects({ values: { [addon]: { enabled: false } } });
      expect(without.filter(of(pattern)).map(idOf)).toEqual([]);
      const rest = all.filter((o) => !of(pattern)(o));
      // Everything else is the same object, except the injector's values JSON, which records the switch.
      const differing = rest.filter((o) => {
        const twin = without.find((w) => idOf(w) === idOf(o));
        return JSON.stringify(twin) !== JSON.stringify(o);
      }).map(idOf);
      expect(differing).toEqual(['ConfigMap/istio-system/istio-sidecar-injector']);
      expect(ids(without)).toEqual(ids(rest));
      const values = JSON.parse(find(without, 'ConfigMap', 'istio-sidecar-injector').data.values);
      expect(values[addon].enabled).toBe(false);
    });
  });

  test.each([
    ['grafana', 'grafana', '/grafana', 'grafana', 3000],
    ['kiali', 'kiali', '/kiali', 'kiali', 20001],
    ['prometheus', 'prometheus', '/prometheus', 'prometheus', 9090],
    ['tracing', 'istio-tracing', '/jaeger', 'tracing', 80],
  ])('%s: an Ingress only when its values enable one, one rule per host', (addon, name, path, serviceName, servicePort) => {
    expect(all.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const objs = synthObjects({ values: { [addon]: { ingress: { enabled: true, hosts: [`${addon}.example.com`], annotations: { 'kubernetes.io/ingress.class': 'nginx' } } } } });
    const ingress = find(objs, 'Ingress', name);
    expect(ingress.apiVersion).toBe('extensions/v1beta1');
    expect(ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'nginx' });
    expect(ingress.spec.rules).toEqual([{ host: `${addon}.example.com`, http: { paths: [{ path, backend: { serviceName, servicePort } }] } }]);
  });

  describe('kiali credentials', () => {
    test('the demo Secret is generated with a warning on stderr', async () => {
      const r = await runCli(['synth', '--output', `${tmpDir()}/out`]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/warning: Secret kiali holds Kiali's demo credentials admin\/admin/);
      expect(find(all, 'Secret', 'kiali').data).toEqual({ username: 'YWRtaW4=', passphrase: 'YWRtaW4=' });
    });

    test('users can name their own Secret instead, and no demo Secret nor warning is generated', () => {
      const objs = synthObjects({ values: { kiali: { createDemoSecret: false, dashboard: { secretName: 'my-kiali' } } } });
      expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
      const volumes = find(objs, 'Deployment', 'kiali').spec.template.spec.volumes;
      expect(volumes).toContainEqual({ name: 'kiali-secret', secret: { secretName: 'my-kiali', optional: true } });
    });
  });
});

describe('Grafana dashboards', () => {
  const dashboards = Object.fromEntries(istioDashboards().map((d) => [d.name, d.dashboard as any]));
  const panels = (d: any): any[] => d.panels.flatMap((p: any) => [p, ...panels({ panels: p.panels ?? [] })]);
  const queries = (d: any): string[] => panels(d).flatMap((p) => (p.targets ?? []).map((t: any) => t.expr));

  test.each([
    ['galley-dashboard', 'Istio Galley Dashboard', 23, 'sum(istio_build{component="galley"}) by (tag)'],
    ['istio-mesh-dashboard', 'Istio Mesh Dashboard', 8, 'round(sum(irate(istio_requests_total{reporter="destination"}[1m])), 0.001)'],
    ['istio-performance-dashboard', 'Istio Performance Dashboard', 24, 'go_goroutines{job="pilot"}'],
    ['istio-service-dashboard', 'Istio Service Dashboard', 25, 'round(sum(irate(istio_requests_total{reporter="source",destination_service=~"$service"}[5m])), 0.001)'],
    ['istio-workload-dashboard', 'Istio Workload Dashboard', 22, 'round(sum(irate(istio_requests_total{reporter="destination",destination_workload_namespace=~"$namespace",destination_workload=~"$workload"}[5m])), 0.001)'],
    ['mixer-dashboard', 'Istio Mixer Dashboard', 23, 'sum(irate(mixer_runtime_dispatches_total{adapter=~"$adapter"}[1m])) by (adapter)'],
    ['pilot-dashboard', 'Istio Pilot Dashboard', 21, 'sum(istio_build{component="pilot"}) by (tag)'],
  ])('%s: title, panel count and a query', (name, title, count, query) => {
    const d = dashboards[name];
    expect(d.title).toBe(title);
    expect(panels(d)).toHaveLength(count);
    expect(queries(d)).toContain(query);
  });

  test('the seven dashboards come in the release order, each in its own ConfigMap', () => {
    expect(Object.keys(dashboards)).toEqual([
      'galley-dashboard', 'istio-mesh-dashboard', 'istio-performance-dashboard', 'istio-service-dashboard',
      'istio-workload-dashboard', 'mixer-dashboard', 'pilot-dashboard',
    ]);
    const objs = synthObjects();
    for (const name of Object.keys(dashboards)) {
      const cm = find(objs, 'ConfigMap', `istio-grafana-configuration-dashboards-${name}`);
      expect(JSON.parse(cm.data[`${name}.json`])).toEqual(dashboards[name]);
    }
  });

  test('panel ids are unique within each dashboard', () => {
    for (const d of Object.values(dashboards)) {
      const idsOf = panels(d).map((p) => p.id);
      expect(new Set(idsOf).size).toBe(idsOf.length);
    }
  });
});

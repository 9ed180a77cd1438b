import { IstioProps } from '../lib';
import { idOf, Manifest, synthCharts } from './helpers';

/**
 * One snapshot per option combination. The default output is snapshotted whole; every other combination as the
 * objects it adds, removes or changes against the default, so that a snapshot diff shows what an option does.
 */
const COMBINATIONS: Array<[string, IstioProps]> = [
  ['strict', { mode: 'strict' }],
  ['NodePort', { ingressGateway: { type: 'NodePort' } }],
  ['ClusterIP', { ingressGateway: { type: 'ClusterIP' } }],
  ['gitops', { delivery: 'gitops' }],
  ['strict gitops with sync waves', { mode: 'strict', delivery: 'gitops', argoCdSyncWaves: true }],
  ['custom hub and tag', { hub: 'registry.example.com/istio', tag: '1.2.2-custom' }],
  ['addons off', { values: { grafana: { enabled: false }, kiali: { enabled: false }, tracing: { enabled: false }, prometheus: { enabled: false } } }],
];

const byId = (charts: Manifest[][]) => new Map(charts.flat().map((o) => [idOf(o), o]));

describe('snapshots', () => {
  const base = synthCharts();

  test('default', () => {
    expect(base).toMatchSnapshot();
  });

  test.each(COMBINATIONS)('%s, against the default', (_name, props) => {
    const before = byId(base);
    const after = byId(synthCharts(props));
    const added = [...after.keys()].filter((k) => !before.has(k)).map((k) => after.get(k));
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const changed = [...after.keys()].filter((k) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)))
      .map((k) => after.get(k));
    expect(added.length + removed.length + changed.length).toBeGreaterThan(0);
    expect({ added, removed, changed }).toMatchSnapshot();
  });
});

import * as yaml from 'js-yaml';
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

/** ConfigMap data holding JSON or YAML, parsed, so that a changed value shows as the field that changed. */
function parsed(o: Manifest): unknown {
  if (o.kind !== 'ConfigMap' || !o.data) return o;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.data as Record<string, string>)) {
    try {
      data[k] = v.trim().startsWith('{') ? JSON.parse(v) : yaml.loadAll(v);
    } catch {
      data[k] = v;
    }
  }
  return { ...o, data };
}

/** The paths where two values differ, with both sides. */
function changes(a: unknown, b: unknown, path = ''): Array<{ path: string; before: unknown; after: unknown }> {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a) ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String)
      : [...new Set([...Object.keys(a), ...Object.keys(b as object)])];
    return keys.flatMap((k) => changes((a as any)[k], (b as any)[k], `${path}/${k}`));
  }
  return [{ path, before: a, after: b }];
}

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
    const changed = Object.fromEntries([...after.keys()]
      .filter((k) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)))
      .map((k) => [k, changes(parsed(before.get(k)!), parsed(after.get(k)!))]));
    expect(added.length + removed.length + Object.keys(changed).length).toBeGreaterThan(0);
    expect({ added, removed, changed }).toMatchSnapshot();
  });
});

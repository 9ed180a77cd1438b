import { CLUSTER_SCOPED_KINDS } from '../lib/ordered-chart';
import { idOf, synthCharts } from './helpers';

describe('apply order and scope', () => {
  const combos: Array<[string, object]> = [
    ['default', {}],
    ['strict', { mode: 'strict' }],
    ['gitops', { delivery: 'gitops' }],
    ['strict gitops', { mode: 'strict', delivery: 'gitops' }],
  ];

  describe.each(combos)('%s', (_name, props) => {
    const charts = synthCharts(props);

    test('the first file holds exactly the 28 CRDs', () => {
      expect(charts[0].map((o) => o.kind)).toEqual(Array(28).fill('CustomResourceDefinition'));
    });

    test('the istio-system Namespace comes before every namespaced object', () => {
      const rest = charts.slice(1).flat();
      expect(idOf(rest[0])).toBe('Namespace/istio-system');
      expect(rest.slice(1).filter((o) => o.kind === 'Namespace')).toEqual([]);
    });

    test('no cluster-scoped object carries a namespace; every other object is in istio-system', () => {
      for (const o of charts.flat().flatMap((x) => (x.kind === 'List' ? x.items : [x]))) {
        if (CLUSTER_SCOPED_KINDS.includes(o.kind)) expect({ id: idOf(o), namespace: o.metadata.namespace }).toEqual({ id: idOf(o), namespace: undefined });
        else expect({ id: idOf(o), namespace: o.metadata.namespace }).toEqual({ id: idOf(o), namespace: 'istio-system' });
      }
    });
  });

  test('the order of the default output is stable', () => {
    expect(synthCharts().map((file) => file.map(idOf))).toMatchSnapshot();
  });
});

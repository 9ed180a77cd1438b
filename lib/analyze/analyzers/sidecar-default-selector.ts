/** IST0111 for namespaces with more than one Sidecar without a `workloadSelector`: which one applies is undefined. */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { obj, Resource } from '../resources';

export const sidecarDefaultSelector: Analyzer = {
  name: 'sidecar.DefaultSelectorAnalyzer',
  description: 'Validates that there aren\'t multiple sidecar resources that have no selector',
  inputs: ['Sidecar'],
  analyze: (index) => {
    const byNamespace = new Map<string, Resource[]>();
    for (const s of index.list('Sidecar')) {
      const selector = obj(s.manifest.spec).workloadSelector;
      if (selector === undefined || selector === null) byNamespace.set(s.namespace, [...(byNamespace.get(s.namespace) ?? []), s]);
    }
    return [...byNamespace].filter(([, l]) => l.length > 1).flatMap(([ns, l]) => {
      const names = l.map((s) => s.name);
      return l.map((s) => report(s, msg.multipleSidecarsWithoutWorkloadSelectors(names, ns)));
    });
  },
};

/**
 * For Sidecars with a `workloadSelector`: IST0101 when it selects no pod of its namespace, IST0110 when a pod is
 * selected by more than one of them (which applies is undefined).
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { obj, PodView, Resource, stringMap } from '../resources';
import { selects, selectorText } from '../util';

export const sidecarSelector: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  description: 'Validates that sidecars that define a workload selector match at least one pod, and that there aren\'t '
    + 'multiple sidecar resources that select overlapping pods',
  inputs: ['Sidecar', 'Pod'],
  analyze: (index) => {
    const out: Diagnostic[] = [];
    const sidecarsByPod = new Map<PodView, Resource[]>();
    for (const s of index.list('Sidecar')) {
      const labels = stringMap(obj(obj(s.manifest.spec).workloadSelector).labels);
      if (Object.keys(labels).length === 0) continue;
      const pods = index.pods().filter((p) => p.namespace === s.namespace && selects(labels, p.labels));
      if (pods.length === 0) out.push(report(s, msg.referencedResourceNotFound('selector', selectorText(labels))));
      for (const p of pods) sidecarsByPod.set(p, [...(sidecarsByPod.get(p) ?? []), s]);
    }
    for (const [pod, sidecars] of sidecarsByPod) {
      if (sidecars.length < 2) continue;
      const names = sidecars.map((s) => s.name);
      for (const s of sidecars) out.push(report(s, msg.conflictingSidecarWorkloadSelectors(names, pod.namespace, pod.name)));
    }
    return out;
  },
};

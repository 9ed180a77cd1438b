/**
 * IST0102 for namespaces that say nothing about automatic sidecar injection (no `istio-injection` label), IST0103
 * for Pods of injection-enabled namespaces that run without the proxy (created before the label, or injection failed).
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { hasProxyContainer, INJECT_ANNOTATION, INJECTION_LABEL, isSystemNamespace } from '../util';

export const injection: Analyzer = {
  name: 'injection.Analyzer',
  description: 'Checks conditions related to Istio sidecar injection',
  inputs: ['Namespace', 'Pod'],
  analyze: (index) => {
    const out: Diagnostic[] = [];
    const injected = new Set<string>();
    for (const ns of index.list('Namespace')) {
      if (isSystemNamespace(ns.name)) continue;
      const label = ns.labels[INJECTION_LABEL] ?? '';
      if (label === '') out.push(report(ns, msg.namespaceNotInjected(ns.name)));
      else if (label === 'enabled') injected.add(ns.name);
    }
    // Only running Pods: a workload's template is injected when its pods are created.
    for (const pod of index.pods().filter((p) => !p.template)) {
      if (!injected.has(pod.namespace)) continue;
      if ((pod.annotations[INJECT_ANNOTATION] ?? '').toLowerCase() === 'false') continue;
      if (!hasProxyContainer(pod)) out.push(report(pod.resource, msg.podMissingProxy()));
    }
    return out;
  },
};

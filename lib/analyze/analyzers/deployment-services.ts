/**
 * For Deployments in the mesh: IST0117 when no Service selects their pods, IST0116 when the Services that do use
 * one port number with different protocols (the sidecar can serve a port with one protocol only).
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { fullName, list, num, obj, PodView, ResourceIndex, stringMap } from '../resources';
import { hasProxyContainer, INJECT_ANNOTATION, INJECTION_LABEL, portProtocol, selects } from '../util';

/**
 * Whether the Deployment's pods get a sidecar: the template's `sidecar.istio.io/inject` annotation says so, or the
 * template already carries the proxy (injected at synth time), or its namespace is labelled for injection.
 */
function inMesh(pod: PodView, index: ResourceIndex): boolean {
  const annotation = pod.annotations[INJECT_ANNOTATION];
  if (annotation !== undefined) return annotation === 'true';
  if (hasProxyContainer(pod)) return true;
  const ns = index.find('Namespace', '', pod.namespace);
  return ns !== undefined && ns.labels[INJECTION_LABEL] === 'enabled';
}

export const deploymentServices: Analyzer = {
  name: 'deployment.ServiceAssociationAnalyzer',
  description: 'Checks association between services and pods',
  inputs: ['Service', 'Deployment', 'Namespace'],
  analyze: (index) => {
    const out: Diagnostic[] = [];
    const deployments = new Set(index.list('Deployment'));
    for (const pod of index.pods().filter((p) => p.template && deployments.has(p.resource))) {
      if (!inMesh(pod, index)) continue;
      // Services select the pods of their own namespace only.
      const services = index.list('Service')
        .filter((s) => s.namespace === pod.namespace && selects(stringMap(obj(s.manifest.spec).selector), pod.labels));
      if (services.length === 0) {
        out.push(report(pod.resource, msg.deploymentRequiresServiceAssociated()));
        continue;
      }
      // port → protocol → services
      const ports = new Map<number, Map<string, string[]>>();
      for (const svc of services) {
        for (const p of list(obj(svc.manifest.spec).ports)) {
          const n = num(obj(p).port);
          if (n === undefined) continue;
          const protocols = ports.get(n) ?? new Map<string, string[]>();
          protocols.set(portProtocol(p), [...(protocols.get(portProtocol(p)) ?? []), fullName(svc)]);
          ports.set(n, protocols);
        }
      }
      for (const [port, protocols] of [...ports].sort(([a], [b]) => a - b)) {
        if (protocols.size < 2) continue;
        const names = [...protocols.keys()].sort().flatMap((proto) => protocols.get(proto)!);
        out.push(report(pod.resource, msg.deploymentAssociatedToMultipleServices(port, names)));
      }
    }
    return out;
  },
};

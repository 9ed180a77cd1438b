/**
 * Mutual TLS conflicts between authentication policies and DestinationRules (Istio 1.2 has no auto mTLS, so both must
 * agree): IST0113 when a policy requires mTLS that the rules clients use do not send, or rules send mTLS to a
 * plaintext service; IST0115 when a rule sends mTLS to a service whose pods have no sidecar; IST0114 when a Policy
 * names a port the service does not have. Kubernetes' namespaces and the control plane are left alone.
 */
import { AnalysisContext, Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { fullName, list, num, obj, PodView, ResourceIndex, str, stringMap } from '../resources';
import { hasProxyContainer, hostToFqdn, INJECT_ANNOTATION, INJECTION_LABEL, isControlPlane, isSystemNamespace, KUBE_DOMAIN, selects, serviceOfFqdn } from '../util';
import { DestinationRuleChecker, policyMode, PolicyChecker, TargetService, targetText } from './mtls-checkers';

const NONE = '(none)';
const ANY_SERVICE = `*.${KUBE_DOMAIN}`;

/**
 * Whether a pod runs a sidecar: a Pod has the container; a workload's template has it, or its pods will get it from
 * the injector (namespace labelled `istio-injection=enabled`, not opted out).
 */
function hasSidecar(pod: PodView, index: ResourceIndex): boolean {
  if (hasProxyContainer(pod)) return true;
  if (!pod.template) return false;
  const ns = index.find('Namespace', '', pod.namespace);
  return ns?.labels[INJECTION_LABEL] === 'enabled' && (pod.annotations[INJECT_ANNOTATION] ?? '').toLowerCase() !== 'false';
}

function analyzeMtls(index: ResourceIndex, context: AnalysisContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = context.rootNamespace;

  // Every TCP port of every service, whether its pods have sidecars (no pods: assume not), its port names.
  const targets: TargetService[] = [];
  const withoutSidecar = new Set<string>();
  const portsByFqdn = new Map<string, Map<string, number>>();
  for (const svc of index.list('Service')) {
    if (isSystemNamespace(svc.namespace) || isControlPlane(svc)) continue;
    const spec = obj(svc.manifest.spec);
    const fqdn = hostToFqdn(svc.namespace, svc.name);
    for (const p of list(spec.ports).map(obj)) {
      const protocol = str(p.protocol);
      if (protocol !== 'TCP' && protocol !== '') continue;
      const port = num(p.port) ?? 0;
      if (str(p.name) !== '') portsByFqdn.set(fqdn, (portsByFqdn.get(fqdn) ?? new Map()).set(str(p.name), port));
      targets.push({ fqdn, port });
    }
    const selector = stringMap(spec.selector);
    const pods = Object.keys(selector).length === 0 ? []
      : index.pods().filter((pod) => pod.namespace === svc.namespace && selects(selector, pod.labels));
    if (pods.length === 0 || pods.some((pod) => !hasSidecar(pod, index))) withoutSidecar.add(fqdn);
  }

  // Client namespaces: the namespaces that exist, and those holding policies or rules.
  const namespaces = new Set(index.list('Namespace').map((ns) => ns.name));

  const policies = new PolicyChecker(portsByFqdn);
  const meshPolicy = index.find('MeshPolicy', '', 'default');
  if (meshPolicy) {
    const mode = policyMode(obj(meshPolicy.manifest.spec));
    if (typeof mode !== 'string') return [report(meshPolicy, msg.internalError(mode.error))];
    policies.addMeshPolicy(meshPolicy, mode);
  }
  for (const policy of index.list('Policy')) {
    namespaces.add(policy.namespace);
    const mode = policyMode(obj(policy.manifest.spec));
    const problem = typeof mode === 'string' ? policies.addPolicy(policy, mode) : { kind: 'internal' as const, detail: mode.error };
    if (problem?.kind === 'missingPortName') {
      out.push(report(policy, msg.policySpecifiesPortNameThatDoesntExist(problem.portName, problem.fqdn)));
    } else if (problem) {
      out.push(report(policy, msg.internalError(problem.detail)));
      break;
    }
  }
  const rules = new DestinationRuleChecker(root);
  for (const dr of index.list('DestinationRule')) {
    namespaces.add(dr.namespace);
    rules.add(dr);
  }

  // The common mistakes first: a strict MeshPolicy without a mesh-wide mTLS rule, or such a rule without one.
  // Reporting them once keeps every service from reporting the same problem.
  let globalMisconfigured = false;
  const mesh = policies.mesh;
  const global = rules.usesMtls(root, root, { fqdn: ANY_SERVICE, port: 0 });
  if (mesh.mode === 'Strict' && !global.mtls && mesh.resource) {
    out.push(report(mesh.resource, msg.mtlsPolicyConflict(ANY_SERVICE, global.resource ? fullName(global.resource) : NONE, false,
      fullName(mesh.resource), mesh.mode)));
    globalMisconfigured = true;
  }
  if (mesh.mode === 'Plaintext' && global.mtls && global.resource) {
    out.push(report(global.resource, msg.mtlsPolicyConflict(ANY_SERVICE, fullName(global.resource), true,
      mesh.resource ? fullName(mesh.resource) : NONE, mesh.mode)));
    globalMisconfigured = true;
  }

  const clientNamespaces = [...namespaces].sort();
  for (const target of targets) {
    // Without a sidecar the service only speaks plaintext, whatever the policies say.
    const noSidecar = withoutSidecar.has(target.fqdn);
    const policy = noSidecar ? { mode: 'Plaintext' as const, resource: undefined } : policies.modeFor(target);
    const targetNamespace = serviceOfFqdn(target.fqdn)?.namespace ?? '';
    for (const ns of clientNamespaces) {
      const { mtls, resource: rule } = rules.usesMtls(ns, targetNamespace, target);
      if (!((policy.mode === 'Strict' && !mtls) || (policy.mode === 'Plaintext' && mtls))) continue;
      // Most likely the mesh-wide mistake reported above.
      if (globalMisconfigured && (!policy.resource || !rule)) continue;
      if (noSidecar) {
        if (rule) out.push(report(rule, msg.destinationRuleUsesMTLSForWorkloadWithoutSidecar(fullName(rule), targetText(target))));
        continue;
      }
      if (policy.resource) {
        out.push(report(policy.resource, msg.mtlsPolicyConflict(targetText(target), rule ? fullName(rule) : NONE, mtls,
          fullName(policy.resource), policy.mode)));
      }
      if (rule) {
        out.push(report(rule, msg.mtlsPolicyConflict(targetText(target), fullName(rule), mtls,
          policy.resource ? fullName(policy.resource) : NONE, policy.mode)));
      }
    }
  }
  return out;
}

export const mtls: Analyzer = {
  name: 'auth.MTLSAnalyzer',
  description: 'Checks for misconfigurations of MTLS policy',
  inputs: ['Pod', 'Namespace', 'Service', 'MeshPolicy', 'Policy', 'ConfigMap', 'DestinationRule'],
  analyze: analyzeMtls,
};

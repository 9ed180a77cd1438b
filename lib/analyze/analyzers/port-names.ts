/**
 * IST0118 for Service ports whose name does not tell Istio the protocol (`<protocol>[-<suffix>]`, e.g. `http-web`):
 * Istio 1.2 then treats the traffic as plain TCP. Kubernetes' own namespaces and the control plane are left alone.
 */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { list, num, obj, str } from '../resources';
import { followsPortNaming, isControlPlane, isSystemNamespace, targetPortText } from '../util';

export const portNames: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  inputs: ['Service'],
  analyze: (index) => index.list('Service')
    .filter((svc) => !isSystemNamespace(svc.namespace) && !isControlPlane(svc))
    .flatMap((svc) => list(obj(svc.manifest.spec).ports).map(obj)
      .filter((p) => !followsPortNaming(num(p.port) ?? 0, str(p.name), str(p.protocol)))
      .map((p) => report(svc, msg.portNameIsNotUnderNamingConvention(str(p.name), num(p.port) ?? 0, targetPortText(p))))),
};

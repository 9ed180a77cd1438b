/**
 * IST0119 for authentication Policies with a JWT origin that target Service ports Istio cannot apply JWT to: the
 * port must be TCP and named `http`, `http2` or `https` (with an optional `-suffix`), or Envoy never sees HTTP.
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { Json, list, num, obj, Resource, str } from '../resources';
import { hostToFqdn, targetPortText } from '../util';

const JWT_PORT_NAME = /^http(2|s)?(-.*)?$/;
const isTcp = (p: Json) => str(p.protocol) === '' || str(p.protocol) === 'TCP';

function invalidPort(policy: Resource, p: Json): Diagnostic {
  return report(policy, msg.jwtFailureDueToInvalidServicePortPrefix(num(p.port) ?? 0, str(p.name), str(p.protocol), targetPortText(p)));
}

/** The targeted port's findings: named ports must exist and be TCP; numbered ones are looked up among the TCP ports. */
function checkTargetPort(policy: Resource, target: Json, ports: readonly Json[]): Diagnostic[] {
  const name = str(target.name);
  let port: Json | undefined;
  if (name !== '') {
    port = ports.find((p) => str(p.name) === name);
    if (port && !isTcp(port)) return [invalidPort(policy, port)];
  } else {
    const number = num(target.number);
    port = ports.find((p) => isTcp(p) && num(p.port) === number);
  }
  return port && !JWT_PORT_NAME.test(str(port.name)) ? [invalidPort(policy, port)] : [];
}

export const jwt: Analyzer = {
  name: 'auth.JwtAnalyzer',
  description: 'Checks that jwt auth policies are against valid services',
  inputs: ['Policy', 'Service'],
  analyze: (index) => {
    const services = new Map<string, readonly Json[]>();
    for (const svc of index.list('Service')) services.set(hostToFqdn(svc.namespace, svc.name), list(obj(svc.manifest.spec).ports).map(obj));
    return index.list('Policy').flatMap((policy) => {
      const spec = obj(policy.manifest.spec);
      const out: Diagnostic[] = [];
      for (const origin of list(spec.origins)) {
        if (obj(origin).jwt === undefined || obj(origin).jwt === null) continue;
        for (const target of list(spec.targets).map(obj)) {
          const ports = services.get(hostToFqdn(policy.namespace, str(target.name)));
          // A target that is not a Service here is not this check's business.
          if (!ports) continue;
          const targetPorts = list(target.ports).map(obj);
          if (targetPorts.length === 0) {
            out.push(...ports.filter((p) => !(isTcp(p) && JWT_PORT_NAME.test(str(p.name)))).map((p) => invalidPort(policy, p)));
          } else {
            for (const tp of targetPorts) out.push(...checkTargetPort(policy, tp, ports));
          }
        }
      }
      return out;
    });
  },
};

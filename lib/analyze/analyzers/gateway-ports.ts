/**
 * For each Gateway: IST0101 when its selector matches no gateway pod, IST0104 for each server port that no Service
 * in front of those pods exposes (traffic to that port never reaches the gateway).
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { list, num, obj, stringMap } from '../resources';
import { portProtocol, selects, selectorText } from '../util';

export const gatewayPorts: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  description: 'Checks a gateway\'s ports against the gateway\'s Kubernetes service ports',
  inputs: ['Gateway', 'Pod', 'Service'],
  analyze: (index) => index.list('Gateway').flatMap((gw) => {
    const spec = obj(gw.manifest.spec);
    const selector = stringMap(spec.selector);
    const pods = index.pods().filter((p) => selects(selector, p.labels));
    if (pods.length === 0) return [report(gw, msg.referencedResourceNotFound('selector', selectorText(selector)))];
    // Any Service selecting any of the gateway's pods may carry the port.
    const exposed = new Set<number>();
    for (const pod of pods) {
      for (const svc of index.list('Service')) {
        if (svc.namespace !== pod.namespace || !selects(stringMap(obj(svc.manifest.spec).selector), pod.labels)) continue;
        for (const p of list(obj(svc.manifest.spec).ports)) {
          const n = num(obj(p).port);
          if (portProtocol(p) === 'TCP' && n !== undefined) exposed.add(n);
        }
      }
    }
    const out: Diagnostic[] = [];
    for (const server of list(spec.servers)) {
      const port = obj(server).port;
      if (port === undefined || port === null) continue;
      const n = num(obj(port).number) ?? 0;
      if (!exposed.has(n)) out.push(report(gw, msg.gatewayPortNotOnWorkload(selectorText(selector), n)));
    }
    return out;
  }),
};

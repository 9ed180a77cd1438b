/**
 * For each Gateway: IST0101 when its selector matches no gateway pod, or when a server's `tls.credentialName` (SDS)
 * names a Secret that is not in the gateway pods' namespace.
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { list, obj, str, stringMap } from '../resources';
import { selects, selectorText, shortOrFullName } from '../util';

export const gatewaySecrets: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  description: 'Checks a gateway\'s referenced secrets for correctness',
  inputs: ['Gateway', 'Pod', 'Secret'],
  analyze: (index) => index.list('Gateway').flatMap((gw) => {
    const spec = obj(gw.manifest.spec);
    const selector = stringMap(spec.selector);
    const pod = index.pods().find((p) => selects(selector, p.labels));
    if (!pod) return [report(gw, msg.referencedResourceNotFound('selector', selectorText(selector)))];
    const out: Diagnostic[] = [];
    for (const server of list(spec.servers)) {
      const credentialName = str(obj(obj(server).tls).credentialName);
      if (credentialName === '') continue;
      const { namespace, name } = shortOrFullName(pod.namespace, credentialName);
      if (!index.find('Secret', namespace, name)) out.push(report(gw, msg.referencedResourceNotFound('credentialName', credentialName)));
    }
    return out;
  }),
};

/** IST0101 for VirtualServices bound to a Gateway that does not exist (`mesh` is the sidecars, always there). */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { list, obj, str } from '../resources';
import { MESH_GATEWAY, shortOrFullName } from '../util';

export const virtualServiceGateways: Analyzer = {
  name: 'virtualservice.GatewayAnalyzer',
  description: 'Checks the gateways associated with each virtual service',
  inputs: ['Gateway', 'VirtualService'],
  analyze: (index) => index.list('VirtualService').flatMap((vs) => list(obj(vs.manifest.spec).gateways)
    .map(str)
    .filter((gw) => gw !== MESH_GATEWAY)
    .filter((gw) => {
      const { namespace, name } = shortOrFullName(vs.namespace, gw);
      return !index.find('Gateway', namespace, name);
    })
    .map((gw) => report(vs, msg.referencedResourceNotFound('gateway', gw)))),
};

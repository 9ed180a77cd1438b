/**
 * IST0109 for VirtualServices bound to the sidecars (`mesh`, the default) that claim the same host in the same
 * scope: the sidecars then pick one of them arbitrarily.
 */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { fullName, list, obj, Resource, str } from '../resources';
import { EXPORT_TO_ALL, exportedToAll, MESH_GATEWAY, scopedFqdn } from '../util';

export const conflictingMeshGatewayHosts: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description: 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  inputs: ['VirtualService'],
  analyze: (index) => {
    const byHost = new Map<string, Resource[]>();
    for (const vs of index.list('VirtualService')) {
      const spec = obj(vs.manifest.spec);
      const gateways = list(spec.gateways).map(str);
      if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) continue;
      const scope = exportedToAll(list(spec.exportTo).map(str)) ? EXPORT_TO_ALL : vs.namespace;
      for (const h of list(spec.hosts).map(str)) {
        const key = scopedFqdn(scope, vs.namespace, h);
        byHost.set(key, [...(byHost.get(key) ?? []), vs]);
      }
    }
    return [...byHost].filter(([, l]) => l.length > 1).flatMap(([host, l]) => {
      const names = l.map(fullName).join(',');
      return l.map((vs) => report(vs, msg.conflictingMeshGatewayVirtualServiceHosts(names, host)));
    });
  },
};

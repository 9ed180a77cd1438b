/**
 * IST0101 for VirtualServices that route (or mirror) to a subset that no DestinationRule for that host defines: the
 * "503 after applying a route" of a missing or misspelt subset.
 */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { list, obj, str } from '../resources';
import { serviceOfHost } from '../util';
import { routeDestinations } from './route-destinations';

const key = (s: { namespace: string; name: string }, subset: string) => `${s.namespace}/${s.name}+${subset}`;

export const destinationRuleSubsets: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  description: 'Checks the destination rules associated with each virtual service',
  inputs: ['VirtualService', 'DestinationRule'],
  analyze: (index) => {
    const defined = new Set<string>();
    for (const dr of index.list('DestinationRule')) {
      const spec = obj(dr.manifest.spec);
      const service = serviceOfHost(dr.namespace, str(spec.host));
      for (const s of list(spec.subsets)) defined.add(key(service, str(obj(s).name)));
    }
    return index.list('VirtualService').flatMap((vs) => routeDestinations(vs)
      .filter((d) => str(d.subset) !== '' && !defined.has(key(serviceOfHost(vs.namespace, str(d.host)), str(d.subset))))
      .map((d) => report(vs, msg.referencedResourceNotFound('host+subset in destinationrule', `${str(d.host)}+${str(d.subset)}`))));
  },
};

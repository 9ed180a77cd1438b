/**
 * IST0101 for ServiceRole rules naming services that match no Kubernetes Service of the role's namespace. A name
 * matches a service's FQDN exactly, as a prefix or suffix of it, or as a `prefix*` / `*suffix` pattern.
 */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { list, obj, str } from '../resources';
import { hostToFqdn } from '../util';

function serviceMatches(expr: string, fqdn: string): boolean {
  if (expr === fqdn || fqdn.startsWith(expr) || fqdn.endsWith(expr)) return true;
  if (expr.startsWith('*')) return fqdn.endsWith(expr.slice(1));
  if (expr.endsWith('*')) return fqdn.startsWith(expr.slice(0, -1));
  return false;
}

export const serviceRoleServices: Analyzer = {
  name: 'auth.ServiceRoleServicesAnalyzer',
  description: 'Checks the validity of services referred in a service role',
  inputs: ['ServiceRole', 'Service'],
  analyze: (index) => {
    const fqdnsByNamespace = new Map<string, string[]>();
    for (const svc of index.list('Service')) {
      fqdnsByNamespace.set(svc.namespace, [...(fqdnsByNamespace.get(svc.namespace) ?? []), hostToFqdn(svc.namespace, svc.name)]);
    }
    return index.list('ServiceRole').flatMap((role) => list(obj(role.manifest.spec).rules)
      .flatMap((rule) => list(obj(rule).services).map(str))
      .filter((s) => s !== '*' && !(fqdnsByNamespace.get(role.namespace) ?? []).some((fqdn) => serviceMatches(s, fqdn)))
      .map((s) => report(role, msg.referencedResourceNotFound('service', s))));
  },
};

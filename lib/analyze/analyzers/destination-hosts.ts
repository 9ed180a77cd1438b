/**
 * IST0101 for VirtualService destinations whose host is neither a Kubernetes Service nor a ServiceEntry host visible
 * from the VirtualService's namespace, or whose port the service does not have; IST0112 when the destination names
 * no port and the service has several.
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { Json, list, num, obj, Resource, ResourceIndex, str } from '../resources';
import { EXPORT_TO_ALL, exportedToAll, KUBE_DOMAIN, scopedFqdn } from '../util';
import { routeDestinations } from './route-destinations';

/** The ports a host serves. */
interface HostEntry {
  readonly ports: readonly { readonly number?: number; readonly name: string }[];
}

/** The annotation that limits which namespaces see a Service. */
const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/**
 * Every host the mesh knows, by `scope/fqdn` (scope: the namespace that sees it, or `*`): ServiceEntry hosts, and
 * the entries Istio synthesizes from Kubernetes Services (`name.namespace.svc.cluster.local`).
 */
function knownHosts(index: ResourceIndex): Map<string, HostEntry> {
  const hosts = new Map<string, HostEntry>();
  const ports = (l: unknown, numberKey: string) => list(l).map((p) => ({ number: num(obj(p)[numberKey]), name: str(obj(p).name) }));
  for (const se of index.list('ServiceEntry')) {
    const spec = obj(se.manifest.spec);
    const scope = exportedToAll(list(spec.exportTo).map(str)) ? EXPORT_TO_ALL : se.namespace;
    const entry = { ports: ports(spec.ports, 'number') };
    for (const h of list(spec.hosts).map(str)) hosts.set(scopedFqdn(scope, se.namespace, h), entry);
  }
  for (const svc of index.list('Service')) {
    const exportTo = (svc.annotations[EXPORT_TO_ANNOTATION] ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
    const scope = exportedToAll(exportTo) ? EXPORT_TO_ALL : svc.namespace;
    const host = `${svc.name}.${svc.namespace}.${KUBE_DOMAIN}`;
    hosts.set(scopedFqdn(scope, svc.namespace, host), { ports: ports(obj(svc.manifest.spec).ports, 'port') });
  }
  return hosts;
}

/** The entry serving `host` for a VirtualService in `namespace`: its own namespace's, then exported ones, then wildcard hosts. */
function lookup(hosts: Map<string, HostEntry>, namespace: string, host: string): HostEntry | undefined {
  const own = hosts.get(scopedFqdn(namespace, namespace, host)) ?? hosts.get(scopedFqdn(EXPORT_TO_ALL, namespace, host));
  if (own) return own;
  const bare = host.startsWith('*') ? host.slice(1) : host;
  for (const [key, entry] of hosts) {
    const i = key.indexOf('/');
    const scope = key.slice(0, i);
    const known = key.slice(i + 1);
    if (!known.startsWith('*') || (scope !== EXPORT_TO_ALL && scope !== namespace)) continue;
    if (bare.endsWith(known.slice(1))) return entry;
  }
  return undefined;
}

function checkPorts(vs: Resource, d: Json, entry: HostEntry): Diagnostic[] {
  const host = str(d.host);
  if (d.port === undefined || d.port === null) {
    if (entry.ports.length <= 1) return [];
    return [report(vs, msg.virtualServiceDestinationPortSelectorRequired(host, entry.ports.map((p) => p.number ?? 0)))];
  }
  const port = obj(d.port);
  const number = num(port.number);
  // Istio 1.2's PortSelector may also name the port.
  const found = number !== undefined ? entry.ports.some((p) => p.number === number) : entry.ports.some((p) => p.name === str(port.name));
  return found ? [] : [report(vs, msg.referencedResourceNotFound('host:port', `${host}:${number ?? str(port.name)}`))];
}

export const destinationHosts: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  description: 'Checks the destination hosts associated with each virtual service',
  inputs: ['ServiceEntry', 'Service', 'VirtualService'],
  analyze: (index) => {
    const hosts = knownHosts(index);
    return index.list('VirtualService').flatMap((vs) => routeDestinations(vs).flatMap((d) => {
      const entry = lookup(hosts, vs.namespace, str(d.host));
      return entry ? checkPorts(vs, d, entry) : [report(vs, msg.referencedResourceNotFound('host', str(d.host)))];
    }));
  },
};

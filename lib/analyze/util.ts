/**
 * What several analyzers share: Kubernetes host names, `exportTo`, label selectors, port protocols, and which
 * namespaces and services the mesh rules leave alone.
 */
import { obj, PodView, Resource, str } from './resources';

/** The DNS suffix of Kubernetes services (`cluster.local` is the cluster domain Istio 1.2 assumes). */
export const KUBE_DOMAIN = 'svc.cluster.local';
/** The gateway name that means "the sidecars". */
export const MESH_GATEWAY = 'mesh';
export const EXPORT_TO_NAMESPACE = '.';
export const EXPORT_TO_ALL = '*';
/** The namespace label that turns automatic sidecar injection on (`enabled`) or off. */
export const INJECTION_LABEL = 'istio-injection';
/** The pod annotation that opts a pod in or out of injection. */
export const INJECT_ANNOTATION = 'sidecar.istio.io/inject';
/** The name of the sidecar container. */
export const PROXY_CONTAINER = 'istio-proxy';

const FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/** A short host (`reviews`) as an FQDN in the namespace (`reviews.default.svc.cluster.local`); wildcards and dotted hosts stay. */
export function hostToFqdn(namespace: string, host: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.${KUBE_DOMAIN}`;
}

/** The service an FQDN names (`reviews.default.svc.cluster.local` → default/reviews), if it is one. */
export function serviceOfFqdn(fqdn: string): { namespace: string; name: string } | undefined {
  const m = FQDN.exec(fqdn);
  return m ? { namespace: m[2], name: m[1] } : undefined;
}

/** The service a host names: an FQDN's, or a short name in `namespace`. Istio matches DestinationRules to routes this way. */
export function serviceOfHost(namespace: string, host: string): { namespace: string; name: string } {
  return serviceOfFqdn(host) ?? { namespace, name: host };
}

/** A host as seen from a scope (a namespace, or `*` for all): `scope/fqdn`. */
export function scopedFqdn(scope: string, namespace: string, host: string): string {
  return `${scope}/${hostToFqdn(namespace, host)}`;
}

/** Whether an `exportTo` list exports to every namespace: empty, or `*` anywhere, or no `.`. */
export function exportedToAll(exportTo: readonly string[]): boolean {
  let all = true;
  for (const e of exportTo) {
    if (e === EXPORT_TO_ALL) return true;
    if (e === EXPORT_TO_NAMESPACE) all = false;
  }
  return all;
}

/** Kubernetes' own namespaces, which the mesh rules do not apply to. */
export function isSystemNamespace(namespace: string): boolean {
  return namespace === 'kube-system' || namespace === 'kube-public';
}

/** Objects of the Istio control plane (labelled `istio: ...` or `release: istio`), which follow their own mTLS settings. */
export function isControlPlane(r: Resource): boolean {
  return r.labels.istio !== undefined || r.labels.release === 'istio';
}

/** Whether labels satisfy an equality selector; an empty selector selects everything (Kubernetes' `SelectorFromSet`). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A selector as Kubernetes prints it: `k1=v1,k2=v2`, sorted by key. */
export function selectorText(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');
}

/** Whether a pod runs the Istio proxy: the container is there. */
export function hasProxyContainer(pod: PodView): boolean {
  return pod.containers.some((c) => c.name === PROXY_CONTAINER);
}

/** A Service port's `targetPort` as Kubernetes prints an IntOrString (`0` when unset). */
export function targetPortText(port: unknown): string {
  const t = obj(port).targetPort;
  return t === undefined || t === null ? '0' : str(t);
}

/** A Service port's protocol; Kubernetes defaults an unset one to TCP. */
export function portProtocol(port: unknown): string {
  return str(obj(port).protocol) || 'TCP';
}

/** The protocols Istio 1.2 reads from a port name's prefix (`http-web`, `grpc`, `tcp-db`...). */
const NAMED_PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
/** Ports Istio treats as TCP whatever their name: SMTP, DNS, MySQL, MongoDB. */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

/**
 * Whether a Service port's name tells Istio its protocol: `<protocol>[-<suffix>]`, or a UDP port, or a well-known port.
 * (Istio's `ConvertProtocol`; unnamed and other ports are left to protocol detection.)
 */
export function followsPortNaming(port: number, name: string, protocol: string): boolean {
  if (protocol === 'UDP') return true;
  if (name.toLowerCase().startsWith('grpc-web')) return true;
  const i = name.indexOf('-');
  const prefix = (i >= 0 ? name.slice(0, i) : name).toLowerCase();
  return NAMED_PROTOCOLS.has(prefix) || WELL_KNOWN_PORTS.has(port);
}

const isWildcard = (h: string) => h.startsWith('*');

/** Whether host `a` is within host `b` (`*.svc.cluster.local` within `*.local`; Istio's `host.Name.SubsetOf`). */
export function hostSubsetOf(a: string, b: string): boolean {
  if (isWildcard(a)) return isWildcard(b) && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (isWildcard(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio's host order: non-wildcards first, then longest first, then alphabetically. */
export function compareHosts(a: string, b: string): number {
  const wa = isWildcard(a);
  const wb = isWildcard(b);
  if (wa !== wb) return wa ? 1 : -1;
  if (a.length !== b.length) return b.length - a.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `ns/name` or a short `name` (taken to be in `namespace`), as VirtualServices name their gateways. */
export function shortOrFullName(namespace: string, name: string): { namespace: string; name: string } {
  const i = name.indexOf('/');
  return i >= 0 ? { namespace: name.slice(0, i), name: name.slice(i + 1) } : { namespace, name };
}

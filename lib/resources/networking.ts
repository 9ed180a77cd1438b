/**
 * `networking.istio.io/v1alpha3`: Gateway, VirtualService, DestinationRule, ServiceEntry, Sidecar and EnvoyFilter, with
 * the Istio 1.2 API's field documentation and the checks it makes. Each `validate<Kind>Spec(spec, path)` also works
 * without a construct.
 */
import { Construct } from 'constructs';
import * as imported from '../../imports/networking.istio.io';
import { IstioResource, IstioResourceProps, IstioSpecError, oneOf, oneOfValues, port, required } from './base';


/** TLS settings for connections to the destination. */
export interface TlsSettings {
  readonly mode: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
  readonly clientCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  readonly subjectAltNames?: string[];
  readonly sni?: string;
}

/** Connection limits to the destination. */
export interface ConnectionPoolSettings {
  readonly tcp?: {
    readonly maxConnections?: number;
    readonly connectTimeout?: string;
    readonly tcpKeepalive?: { readonly probes?: number; readonly time?: string; readonly interval?: string };
  };
  readonly http?: {
    readonly http1MaxPendingRequests?: number;
    readonly http2MaxRequests?: number;
    readonly maxRequestsPerConnection?: number;
    readonly maxRetries?: number;
    readonly idleTimeout?: string;
    readonly h2UpgradePolicy?: 'DEFAULT' | 'DO_NOT_UPGRADE' | 'UPGRADE';
  };
}

/** Ejection of unhealthy hosts from the load balancing pool. */
export interface OutlierDetection {
  readonly consecutiveErrors?: number;
  readonly interval?: string;
  readonly baseEjectionTime?: string;
  readonly maxEjectionPercent?: number;
  readonly minHealthPercent?: number;
}

/** Locality-weighted load balancing. */
export interface LocalityLbSetting {
  readonly distribute?: Array<{ readonly from: string; readonly to: Record<string, number> }>;
  readonly failover?: Array<{ readonly from: string; readonly to: string }>;
}

/** Load balancing policy. */
export interface LoadBalancerSettings {
  readonly simple?: 'ROUND_ROBIN' | 'LEAST_CONN' | 'RANDOM' | 'PASSTHROUGH';
  readonly consistentHash?: {
    readonly httpHeaderName?: string;
    readonly httpCookie?: { readonly name: string; readonly path?: string; readonly ttl: string };
    readonly useSourceIp?: boolean;
    readonly minimumRingSize?: number;
  };
  readonly localityLbSetting?: LocalityLbSetting;
}

/** The policies of a traffic policy that can also be set per port. */
export interface PortLevelPolicy {
  readonly loadBalancer?: LoadBalancerSettings;
  readonly connectionPool?: ConnectionPoolSettings;
  readonly outlierDetection?: OutlierDetection;
  readonly tls?: TlsSettings;
}

/** A traffic policy for one port of the destination. */
export interface PortTrafficPolicy extends PortLevelPolicy {
  readonly port: { readonly number: number };
}

/** Traffic policy of a destination or subset. */
export interface TrafficPolicy extends PortLevelPolicy {
  readonly portLevelSettings?: PortTrafficPolicy[];
}

/** A named set of the destination's endpoints (by labels). */
export interface Subset {
  readonly name: string;
  readonly labels?: Record<string, string>;
  readonly trafficPolicy?: TrafficPolicy;
}

/** Spec of a DestinationRule. */
export interface DestinationRuleSpec {
  readonly host: string;
  readonly trafficPolicy?: TrafficPolicy;
  readonly subsets?: Subset[];
  /** Namespaces the rule is visible in (`*` all, `.` its own). */
  readonly exportTo?: string[];
}


// ---------------------------------------------------------------- DestinationRule

/** Spec of a DestinationRule: policies applied to traffic for a service after routing. */
export interface DestinationRuleSpec {
  /** The service (from the service registry, or a ServiceEntry) the rule applies to. */
  readonly host: string;
  /** Load balancing, connection pool, outlier detection and TLS settings. */
  readonly trafficPolicy?: TrafficPolicy;
  /** Named versions of the service (by endpoint labels), each with its own traffic policy. */
  readonly subsets?: Subset[];
  /** Namespaces the rule is visible in (`*` all, `.` its own). */
  readonly exportTo?: string[];
}

const TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;

function validateTrafficPolicy(p: TrafficPolicy | undefined, path: string) {
  if (!p) return;
  oneOfValues(p.tls?.mode, TLS_MODES, `${path}.tls.mode`);
  if (p.tls?.mode === 'MUTUAL') {
    required(p.tls.clientCertificate, `${path}.tls.clientCertificate`);
    required(p.tls.privateKey, `${path}.tls.privateKey`);
  }
  oneOf(p.loadBalancer as Record<string, unknown> | undefined, ['simple', 'consistentHash'], `${path}.loadBalancer`);
  p.portLevelSettings?.forEach((s, i) => port(s.port?.number, `${path}.portLevelSettings[${i}].port.number`));
}

export function validateDestinationRuleSpec(spec: DestinationRuleSpec, path = 'spec'): void {
  required(spec?.host, `${path}.host`);
  validateTrafficPolicy(spec.trafficPolicy, `${path}.trafficPolicy`);
  const names = new Set<string>();
  spec.subsets?.forEach((s, i) => {
    required(s.name, `${path}.subsets[${i}].name`);
    if (names.has(s.name)) throw new IstioSpecError(`${path}.subsets[${i}].name`, `${JSON.stringify(s.name)} is used twice`);
    names.add(s.name);
    validateTrafficPolicy(s.trafficPolicy, `${path}.subsets[${i}].trafficPolicy`);
  });
}

/** `networking.istio.io/v1alpha3` DestinationRule. */
export class DestinationRule extends IstioResource<DestinationRuleSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<DestinationRuleSpec>) {
    super(scope, id, imported.DestinationRule.GVK, props, validateDestinationRuleSpec);
  }
}

// ---------------------------------------------------------------- Gateway

/** A port a gateway server listens on. */
export interface GatewayPort {
  readonly number: number;
  /** HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP or TLS. */
  readonly protocol: 'HTTP' | 'HTTPS' | 'GRPC' | 'HTTP2' | 'MONGO' | 'TCP' | 'TLS';
  readonly name: string;
}

/** TLS of a gateway server. */
export interface GatewayTlsOptions {
  /** Redirect HTTP requests to HTTPS. */
  readonly httpsRedirect?: boolean;
  /** PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH or ISTIO_MUTUAL. */
  readonly mode?: 'PASSTHROUGH' | 'SIMPLE' | 'MUTUAL' | 'AUTO_PASSTHROUGH' | 'ISTIO_MUTUAL';
  readonly serverCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  /** A Secret holding the key and certificate (SDS). */
  readonly credentialName?: string;
  readonly subjectAltNames?: string[];
  readonly minProtocolVersion?: string;
  readonly maxProtocolVersion?: string;
  readonly cipherSuites?: string[];
}

/** One server (port, hosts, TLS) of a gateway. */
export interface GatewayServer {
  readonly port: GatewayPort;
  /** Hosts exposed by the gateway (`*` for all; `namespace/host` to limit to a namespace). */
  readonly hosts: string[];
  readonly tls?: GatewayTlsOptions;
  readonly defaultEndpoint?: string;
}

/** Spec of a Gateway: a load balancer at the mesh's edge receiving incoming or outgoing connections. */
export interface GatewaySpec {
  readonly servers: GatewayServer[];
  /** Labels of the gateway pods this configuration applies to, e.g. `{ istio: 'ingressgateway' }`. */
  readonly selector?: Record<string, string>;
}

export function validateGatewaySpec(spec: GatewaySpec, path = 'spec'): void {
  required(spec?.servers, `${path}.servers`);
  spec.servers.forEach((s, i) => {
    const p = `${path}.servers[${i}]`;
    required(s.port, `${p}.port`);
    port(s.port.number, `${p}.port.number`);
    required(s.port.name, `${p}.port.name`);
    oneOfValues(s.port.protocol, ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS'], `${p}.port.protocol`);
    required(s.hosts, `${p}.hosts`);
    if ((s.tls?.mode === 'SIMPLE' || s.tls?.mode === 'MUTUAL') && !s.tls.credentialName) {
      required(s.tls.serverCertificate, `${p}.tls.serverCertificate`);
      required(s.tls.privateKey, `${p}.tls.privateKey`);
    }
    if (s.tls?.mode === 'MUTUAL' && !s.tls.credentialName) required(s.tls.caCertificates, `${p}.tls.caCertificates`);
  });
}

/** `networking.istio.io/v1alpha3` Gateway. */
export class Gateway extends IstioResource<GatewaySpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<GatewaySpec>) {
    super(scope, id, imported.Gateway.GVK, props, validateGatewaySpec);
  }
}

// ---------------------------------------------------------------- VirtualService

/** How a string is matched: exactly one of exact, prefix or regex. */
export interface StringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

/** Conditions of an HTTP route (all must hold). */
export interface HttpMatchRequest {
  readonly name?: string;
  readonly uri?: StringMatch;
  readonly scheme?: StringMatch;
  readonly method?: StringMatch;
  readonly authority?: StringMatch;
  readonly headers?: Record<string, StringMatch>;
  readonly port?: number;
  readonly sourceLabels?: Record<string, string>;
  readonly gateways?: string[];
  readonly queryParams?: Record<string, StringMatch>;
  readonly ignoreUriCase?: boolean;
}

/** Where traffic goes: a host, optionally a subset and port. */
export interface Destination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: { readonly number: number };
}

/** A weighted destination of a route. */
export interface RouteDestination {
  readonly destination: Destination;
  /** Share of the traffic in percent; the weights of a route sum to 100. */
  readonly weight?: number;
}

/** Header manipulations. */
export interface Headers {
  readonly request?: { readonly set?: Record<string, string>; readonly add?: Record<string, string>; readonly remove?: string[] };
  readonly response?: { readonly set?: Record<string, string>; readonly add?: Record<string, string>; readonly remove?: string[] };
}

/** An HTTP route: conditions and what to do with matching traffic. */
export interface HttpRoute {
  readonly name?: string;
  readonly match?: HttpMatchRequest[];
  /** Destinations (weighted); mutually exclusive with `redirect`. */
  readonly route?: RouteDestination[];
  /** An HTTP 301 redirect; mutually exclusive with `route`. */
  readonly redirect?: { readonly uri?: string; readonly authority?: string; readonly redirectCode?: number };
  readonly rewrite?: { readonly uri?: string; readonly authority?: string };
  readonly timeout?: string;
  readonly retries?: { readonly attempts: number; readonly perTryTimeout?: string; readonly retryOn?: string };
  readonly fault?: {
    readonly delay?: { readonly fixedDelay?: string; readonly percentage?: { readonly value: number } };
    readonly abort?: { readonly httpStatus: number; readonly percentage?: { readonly value: number } };
  };
  readonly mirror?: Destination;
  readonly corsPolicy?: Record<string, unknown>;
  readonly headers?: Headers;
}

/** A TCP route. */
export interface TcpRoute {
  readonly match?: Array<{ readonly destinationSubnets?: string[]; readonly port?: number; readonly sourceLabels?: Record<string, string>; readonly gateways?: string[] }>;
  readonly route: RouteDestination[];
}

/** A TLS (SNI) route. */
export interface TlsRoute {
  readonly match: Array<{ readonly sniHosts: string[]; readonly destinationSubnets?: string[]; readonly port?: number; readonly sourceLabels?: Record<string, string>; readonly gateways?: string[] }>;
  readonly route: RouteDestination[];
}

/** Spec of a VirtualService: traffic routing rules for a set of hosts. */
export interface VirtualServiceSpec {
  /** The hosts the rules apply to (DNS names, short service names, `*`). */
  readonly hosts: string[];
  /** Gateways and sidecars (`mesh`) the routes apply to. @default - mesh */
  readonly gateways?: string[];
  readonly http?: HttpRoute[];
  readonly tls?: TlsRoute[];
  readonly tcp?: TcpRoute[];
  readonly exportTo?: string[];
}

function validateRoute(route: RouteDestination[] | undefined, path: string) {
  route?.forEach((r, i) => {
    required(r.destination?.host, `${path}[${i}].destination.host`);
    if (r.destination.port) port(r.destination.port.number, `${path}[${i}].destination.port.number`);
    if (r.weight !== undefined && (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > 100)) {
      throw new IstioSpecError(`${path}[${i}].weight`, `got ${r.weight}, expected a whole percentage from 0 to 100`);
    }
  });
  if (route && route.length > 1 && route.some((r) => r.weight !== undefined)) {
    const sum = route.reduce((n, r) => n + (r.weight ?? 0), 0);
    if (sum !== 100) throw new IstioSpecError(path, `weights sum to ${sum}, expected 100`);
  }
}

function validateStringMatch(m: StringMatch | undefined, path: string) {
  if (m) oneOf(m as Record<string, unknown>, ['exact', 'prefix', 'regex'], path, true);
}

export function validateVirtualServiceSpec(spec: VirtualServiceSpec, path = 'spec'): void {
  required(spec?.hosts, `${path}.hosts`);
  if (!spec.http?.length && !spec.tcp?.length && !spec.tls?.length) {
    throw new IstioSpecError(path, 'needs at least one of http, tcp or tls routes');
  }
  spec.http?.forEach((h, i) => {
    const p = `${path}.http[${i}]`;
    oneOf(h as Record<string, unknown>, ['route', 'redirect'], p, true);
    h.match?.forEach((m, j) => {
      for (const key of ['uri', 'scheme', 'method', 'authority'] as const) validateStringMatch(m[key], `${p}.match[${j}].${key}`);
      for (const [name, hm] of Object.entries(m.headers ?? {})) validateStringMatch(hm, `${p}.match[${j}].headers.${name}`);
      if (m.port !== undefined) port(m.port, `${p}.match[${j}].port`);
    });
    validateRoute(h.route, `${p}.route`);
  });
  spec.tcp?.forEach((t, i) => { required(t.route, `${path}.tcp[${i}].route`); validateRoute(t.route, `${path}.tcp[${i}].route`); });
  spec.tls?.forEach((t, i) => {
    required(t.match, `${path}.tls[${i}].match`);
    t.match.forEach((m, j) => required(m.sniHosts, `${path}.tls[${i}].match[${j}].sniHosts`));
    required(t.route, `${path}.tls[${i}].route`);
    validateRoute(t.route, `${path}.tls[${i}].route`);
  });
}

/** `networking.istio.io/v1alpha3` VirtualService. */
export class VirtualService extends IstioResource<VirtualServiceSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<VirtualServiceSpec>) {
    super(scope, id, imported.VirtualService.GVK, props, validateVirtualServiceSpec);
  }
}

// ---------------------------------------------------------------- ServiceEntry

/** Spec of a ServiceEntry: adds a service (usually external) to Istio's registry. */
export interface ServiceEntrySpec {
  readonly hosts: string[];
  readonly addresses?: string[];
  readonly ports: GatewayPort[];
  /** MESH_EXTERNAL (default) or MESH_INTERNAL. */
  readonly location?: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  /** NONE, STATIC or DNS. */
  readonly resolution: 'NONE' | 'STATIC' | 'DNS';
  readonly endpoints?: Array<{ readonly address: string; readonly ports?: Record<string, number>; readonly labels?: Record<string, string>; readonly network?: string; readonly locality?: string; readonly weight?: number }>;
  readonly exportTo?: string[];
  readonly subjectAltNames?: string[];
}

export function validateServiceEntrySpec(spec: ServiceEntrySpec, path = 'spec'): void {
  required(spec?.hosts, `${path}.hosts`);
  required(spec.ports, `${path}.ports`);
  spec.ports.forEach((p, i) => { port(p.number, `${path}.ports[${i}].number`); required(p.name, `${path}.ports[${i}].name`); });
  required(spec.resolution, `${path}.resolution`);
  oneOfValues(spec.resolution, ['NONE', 'STATIC', 'DNS'], `${path}.resolution`);
  oneOfValues(spec.location, ['MESH_EXTERNAL', 'MESH_INTERNAL'], `${path}.location`);
  if (spec.resolution === 'STATIC') required(spec.endpoints, `${path}.endpoints`);
  spec.endpoints?.forEach((e, i) => {
    required(e.address, `${path}.endpoints[${i}].address`);
    for (const [name, n] of Object.entries(e.ports ?? {})) port(n, `${path}.endpoints[${i}].ports.${name}`);
  });
}

/** `networking.istio.io/v1alpha3` ServiceEntry. */
export class ServiceEntry extends IstioResource<ServiceEntrySpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<ServiceEntrySpec>) {
    super(scope, id, imported.ServiceEntry.GVK, props, validateServiceEntrySpec);
  }
}

// ---------------------------------------------------------------- Sidecar

/** Spec of a Sidecar: the ingress and egress of the sidecars of a namespace or workload. */
export interface SidecarSpec {
  readonly workloadSelector?: { readonly labels: Record<string, string> };
  readonly ingress?: Array<{ readonly port: GatewayPort; readonly bind?: string; readonly captureMode?: 'DEFAULT' | 'IPTABLES' | 'NONE'; readonly defaultEndpoint: string }>;
  /** The services the sidecars may reach, as `namespace/host` (`./*`, `istio-system/*`). */
  readonly egress: Array<{ readonly port?: GatewayPort; readonly bind?: string; readonly captureMode?: 'DEFAULT' | 'IPTABLES' | 'NONE'; readonly hosts: string[] }>;
  readonly outboundTrafficPolicy?: { readonly mode: 'REGISTRY_ONLY' | 'ALLOW_ANY' };
}

export function validateSidecarSpec(spec: SidecarSpec, path = 'spec'): void {
  required(spec?.egress, `${path}.egress`);
  spec.egress.forEach((e, i) => {
    required(e.hosts, `${path}.egress[${i}].hosts`);
    for (const h of e.hosts) {
      if (!h.includes('/')) throw new IstioSpecError(`${path}.egress[${i}].hosts`, `${JSON.stringify(h)} must be namespace/host`);
    }
    if (e.port) port(e.port.number, `${path}.egress[${i}].port.number`);
  });
  spec.ingress?.forEach((e, i) => { port(e.port?.number, `${path}.ingress[${i}].port.number`); required(e.defaultEndpoint, `${path}.ingress[${i}].defaultEndpoint`); });
}

/** `networking.istio.io/v1alpha3` Sidecar. */
export class Sidecar extends IstioResource<SidecarSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<SidecarSpec>) {
    super(scope, id, imported.Sidecar.GVK, props, validateSidecarSpec);
  }
}

// ---------------------------------------------------------------- EnvoyFilter

/** Spec of an EnvoyFilter (Istio 1.2's v1alpha3 form): Envoy filters inserted into the listeners of workloads. */
export interface EnvoyFilterSpec {
  readonly workloadLabels?: Record<string, string>;
  readonly filters: Array<{
    readonly listenerMatch?: { readonly portNumber?: number; readonly portNamePrefix?: string; readonly listenerType?: 'ANY' | 'SIDECAR_INBOUND' | 'SIDECAR_OUTBOUND' | 'GATEWAY'; readonly listenerProtocol?: 'ALL' | 'HTTP' | 'TCP'; readonly address?: string[] };
    readonly insertPosition?: { readonly index?: 'FIRST' | 'LAST' | 'BEFORE' | 'AFTER'; readonly relativeTo?: string };
    readonly filterType: 'HTTP' | 'NETWORK';
    readonly filterName: string;
    readonly filterConfig?: Record<string, unknown>;
  }>;
}

export function validateEnvoyFilterSpec(spec: EnvoyFilterSpec, path = 'spec'): void {
  required(spec?.filters, `${path}.filters`);
  spec.filters.forEach((f, i) => {
    required(f.filterName, `${path}.filters[${i}].filterName`);
    required(f.filterType, `${path}.filters[${i}].filterType`);
    oneOfValues(f.filterType, ['HTTP', 'NETWORK'], `${path}.filters[${i}].filterType`);
    if (f.listenerMatch?.portNumber !== undefined) port(f.listenerMatch.portNumber, `${path}.filters[${i}].listenerMatch.portNumber`);
    const index = f.insertPosition?.index;
    if ((index === 'BEFORE' || index === 'AFTER') && !f.insertPosition?.relativeTo) {
      throw new IstioSpecError(`${path}.filters[${i}].insertPosition.relativeTo`, `is required with index ${index}`);
    }
  });
}

/** `networking.istio.io/v1alpha3` EnvoyFilter. */
export class EnvoyFilter extends IstioResource<EnvoyFilterSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<EnvoyFilterSpec>) {
    super(scope, id, imported.EnvoyFilter.GVK, props, validateEnvoyFilterSpec);
  }
}

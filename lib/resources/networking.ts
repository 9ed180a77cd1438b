/**
 * `networking.istio.io/v1alpha3`: Gateway, VirtualService, DestinationRule, ServiceEntry, Sidecar and EnvoyFilter, with
 * the Istio 1.2 API's field documentation and the checks it makes. Each `validate<Kind>Spec(spec, path)` also works
 * without a construct.
 */
import { Construct } from 'constructs';
import * as imported from '../../imports/networking.istio.io';
import { cidr, ipAddress, parseGoDuration } from '../validation/k8s';
import { exportToValue, fqdn, gatewayReference, headerName, HTTP_METHODS, istioName, namespacedHost, wildcardDomain } from '../validation/istio';
import {
  bool, duration, invalid, IstioResource, IstioResourceProps, IstioSpecError, labels, list, map, numberIn, oneOf, oneOfValues, port,
  required, specOf, str, stringMap, strings, valid, whole,
} from './base';


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

/** `exportTo`: `.` or `*`, one entry at most in Istio 1.2. */
function validateExportTo(value: unknown, field: string) {
  strings(value, field, exportToValue);
  if (Array.isArray(value) && value.length > 1) invalid(field, value, 'one entry (. or *): Istio 1.2 takes no more');
}

function validateTls(tls: unknown, path: string) {
  map(tls, path);
  if (!tls) return;
  oneOfValues(tls.mode as TlsSettings['mode'] | undefined, TLS_MODES, `${path}.mode`);
  for (const key of ['clientCertificate', 'privateKey', 'caCertificates', 'sni'] as const) str(tls[key], `${path}.${key}`);
  strings(tls.subjectAltNames, `${path}.subjectAltNames`);
  if (tls.mode === 'MUTUAL') {
    required(tls.clientCertificate, `${path}.clientCertificate`);
    required(tls.privateKey, `${path}.privateKey`);
  }
}

function validateLoadBalancer(lb: unknown, path: string) {
  map(lb, path);
  if (!lb) return;
  oneOf(lb, ['simple', 'consistentHash'], path);
  oneOfValues(lb.simple as LoadBalancerSettings['simple'], ['ROUND_ROBIN', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH'], `${path}.simple`);
  const hash = lb.consistentHash;
  map(hash, `${path}.consistentHash`);
  if (hash) {
    oneOf(hash, ['httpHeaderName', 'httpCookie', 'useSourceIp'], `${path}.consistentHash`, true);
    str(hash.httpHeaderName, `${path}.consistentHash.httpHeaderName`);
    bool(hash.useSourceIp, `${path}.consistentHash.useSourceIp`);
    whole(hash.minimumRingSize, `${path}.consistentHash.minimumRingSize`, 0, Number.MAX_SAFE_INTEGER);
    const cookie = hash.httpCookie;
    map(cookie, `${path}.consistentHash.httpCookie`);
    if (cookie) {
      required(cookie.name, `${path}.consistentHash.httpCookie.name`);
      str(cookie.name, `${path}.consistentHash.httpCookie.name`);
      str(cookie.path, `${path}.consistentHash.httpCookie.path`);
      required(cookie.ttl, `${path}.consistentHash.httpCookie.ttl`);
      valid(cookie.ttl, `${path}.consistentHash.httpCookie.ttl`, (v) => ((parseGoDuration(v) ?? -1) >= 0 ? undefined : 'a duration such as 0s (a session cookie), 10s or 1h'));
    }
  }
  map(lb.localityLbSetting, `${path}.localityLbSetting`);
}

function validateConnectionPool(pool: unknown, path: string) {
  map(pool, path);
  if (!pool) return;
  const { tcp, http } = pool;
  if (tcp === undefined && http === undefined) throw new IstioSpecError(path, 'set tcp, http or both (Istio refuses an empty connection pool)');
  map(tcp, `${path}.tcp`);
  if (tcp) {
    whole(tcp.maxConnections, `${path}.tcp.maxConnections`, 0);
    duration(tcp.connectTimeout, `${path}.tcp.connectTimeout`);
    const keepalive = tcp.tcpKeepalive;
    map(keepalive, `${path}.tcp.tcpKeepalive`);
    if (keepalive) {
      whole(keepalive.probes, `${path}.tcp.tcpKeepalive.probes`, 0);
      duration(keepalive.time, `${path}.tcp.tcpKeepalive.time`);
      duration(keepalive.interval, `${path}.tcp.tcpKeepalive.interval`);
    }
  }
  map(http, `${path}.http`);
  if (http) {
    for (const key of ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries'] as const) whole(http[key], `${path}.http.${key}`, 0);
    duration(http.idleTimeout, `${path}.http.idleTimeout`);
    oneOfValues(http.h2UpgradePolicy as 'DEFAULT' | undefined, ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'], `${path}.http.h2UpgradePolicy`);
  }
}

function validateOutlierDetection(od: unknown, path: string) {
  map(od, path);
  if (!od) return;
  whole(od.consecutiveErrors, `${path}.consecutiveErrors`, 0);
  duration(od.interval, `${path}.interval`);
  duration(od.baseEjectionTime, `${path}.baseEjectionTime`);
  whole(od.maxEjectionPercent, `${path}.maxEjectionPercent`, 0, 100);
  whole(od.minHealthPercent, `${path}.minHealthPercent`, 0, 100);
}

const POLICIES = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls'];

function validatePortLevelPolicy(p: Record<string, unknown>, path: string, also: string[] = []) {
  const fields = [...POLICIES, ...also];
  if (fields.every((f) => p[f] === undefined)) throw new IstioSpecError(path, `set at least one of ${fields.join(', ')} (Istio refuses an empty traffic policy)`);
  validateLoadBalancer(p.loadBalancer, `${path}.loadBalancer`);
  validateConnectionPool(p.connectionPool, `${path}.connectionPool`);
  validateOutlierDetection(p.outlierDetection, `${path}.outlierDetection`);
  validateTls(p.tls, `${path}.tls`);
}

function validateTrafficPolicy(p: unknown, path: string) {
  map(p, path);
  if (!p) return;
  validatePortLevelPolicy(p, path, ['portLevelSettings']);
  list(p.portLevelSettings, `${path}.portLevelSettings`);
  p.portLevelSettings?.forEach((s, i) => {
    const sp = `${path}.portLevelSettings[${i}]`;
    map(s, sp);
    required(s, sp);
    map(s!.port, `${sp}.port`);
    port(s!.port?.number, `${sp}.port.number`);
    validatePortLevelPolicy(s!, sp);
  });
}

export function validateDestinationRuleSpec(input: DestinationRuleSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'DestinationRule', ['host', 'trafficPolicy', 'subsets', 'exportTo']);
  required(spec.host, `${path}.host`);
  valid(spec.host, `${path}.host`, wildcardDomain);
  validateTrafficPolicy(spec.trafficPolicy, `${path}.trafficPolicy`);
  list(spec.subsets, `${path}.subsets`);
  const names = new Set<unknown>();
  spec.subsets?.forEach((s, i) => {
    const sp = `${path}.subsets[${i}]`;
    map(s, sp, 'a map (a subset)');
    required(s, sp);
    required(s!.name, `${sp}.name`);
    valid(s!.name, `${sp}.name`, istioName);
    if (names.has(s!.name)) throw new IstioSpecError(`${sp}.name`, `${JSON.stringify(s!.name)} is used twice`);
    names.add(s!.name);
    labels(s!.labels, `${sp}.labels`);
    validateTrafficPolicy(s!.trafficPolicy, `${sp}.trafficPolicy`);
  });
  validateExportTo(spec.exportTo, `${path}.exportTo`);
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

const GATEWAY_PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS'] as const;

export function validateGatewaySpec(input: GatewaySpec, path = 'spec'): void {
  const spec = specOf(input, path, 'Gateway', ['servers', 'selector']);
  list(spec.servers, `${path}.servers`);
  required(spec.servers, `${path}.servers`);
  const portNames = new Map<unknown, number>();
  spec.servers!.forEach((s, i) => {
    const p = `${path}.servers[${i}]`;
    map(s, p, 'a map (a server)');
    required(s, p);
    map(s!.port, `${p}.port`);
    required(s!.port, `${p}.port`);
    const sp = s!.port!;
    port(sp.number, `${p}.port.number`);
    required(sp.name, `${p}.port.name`);
    str(sp.name, `${p}.port.name`);
    if (portNames.has(sp.name)) throw new IstioSpecError(`${p}.port.name`, `${JSON.stringify(sp.name)} is used by servers[${portNames.get(sp.name)}] too: port names are unique in a Gateway`);
    portNames.set(sp.name, i);
    oneOfValues(sp.protocol as GatewayPort['protocol'], GATEWAY_PROTOCOLS, `${p}.port.protocol`);
    list(s!.hosts, `${p}.hosts`);
    required(s!.hosts, `${p}.hosts`);
    strings(s!.hosts, `${p}.hosts`, namespacedHost({ gateway: true }));
    str(s!.defaultEndpoint, `${p}.defaultEndpoint`);
    const tls = s!.tls;
    map(tls, `${p}.tls`);
    if (!tls) return;
    bool(tls.httpsRedirect, `${p}.tls.httpsRedirect`);
    oneOfValues(tls.mode as GatewayTlsOptions['mode'], ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL'], `${p}.tls.mode`);
    for (const key of ['serverCertificate', 'privateKey', 'caCertificates', 'credentialName'] as const) str(tls[key], `${p}.tls.${key}`);
    for (const key of ['subjectAltNames', 'cipherSuites'] as const) strings(tls[key], `${p}.tls.${key}`);
    for (const key of ['minProtocolVersion', 'maxProtocolVersion'] as const) {
      oneOfValues(tls[key] as 'TLS_AUTO' | undefined, ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'], `${p}.tls.${key}`);
    }
    if ((tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') && !tls.credentialName) {
      required(tls.serverCertificate, `${p}.tls.serverCertificate`);
      required(tls.privateKey, `${p}.tls.privateKey`);
    }
    if (tls.mode === 'MUTUAL' && !tls.credentialName) required(tls.caCertificates, `${p}.tls.caCertificates`);
  });
  labels(spec.selector, `${path}.selector`);
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

/** A destination: a host (with an optional wildcard), a subset name and a port. */
function validateDestination(d: unknown, path: string) {
  map(d, path, 'a map of host, subset, port');
  if (!d) return;
  required(d.host, `${path}.host`);
  valid(d.host, `${path}.host`, wildcardDomain);
  valid(d.subset, `${path}.subset`, istioName);
  map(d.port, `${path}.port`);
  if (d.port) port(d.port.number, `${path}.port.number`);
}

function validateRoute(route: unknown, path: string) {
  list(route, path);
  route?.forEach((r, i) => {
    map(r, `${path}[${i}]`, 'a map of destination, weight');
    required(r, `${path}[${i}]`);
    required(r!.destination, `${path}[${i}].destination`);
    validateDestination(r!.destination, `${path}[${i}].destination`);
    const w = r!.weight;
    if (w !== undefined && (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100)) {
      invalid(`${path}[${i}].weight`, w, 'a whole percentage from 0 to 100');
    }
  });
  const routes = route as Array<{ weight?: number }> | undefined;
  if (routes && routes.length > 1 && routes.some((r) => r.weight !== undefined)) {
    const sum = routes.reduce((n, r) => n + (r.weight ?? 0), 0);
    if (sum !== 100) throw new IstioSpecError(path, `weights sum to ${sum}, expected 100`);
  }
}

function validateStringMatch(m: unknown, path: string) {
  map(m, path, 'a map of exact, prefix or regex');
  if (!m) return;
  oneOf(m, ['exact', 'prefix', 'regex'], path, true);
  for (const key of ['exact', 'prefix', 'regex'] as const) str(m[key], `${path}.${key}`);
}

/** What every match of a route (HTTP, TCP, TLS) may hold: a port, source labels, gateways, destination subnets. */
function validateL4Match(m: Record<string, unknown>, path: string) {
  if (m.port !== undefined) port(m.port, `${path}.port`);
  labels(m.sourceLabels, `${path}.sourceLabels`);
  strings(m.gateways, `${path}.gateways`, gatewayReference);
  strings(m.destinationSubnets, `${path}.destinationSubnets`, (v) => (cidr(v) && ipAddress(v) ? 'an IP address or CIDR block such as 10.1.0.0/16' : undefined));
  str(m.sourceSubnet, `${path}.sourceSubnet`);
}

function validateHttpRoute(h: unknown, p: string) {
  map(h, p, 'a map (an HTTP route)');
  required(h, p);
  const route = h!;
  oneOf(route, ['route', 'redirect'], p, true);
  str(route.name, `${p}.name`);
  list(route.match, `${p}.match`);
  route.match?.forEach((m, j) => {
    const mp = `${p}.match[${j}]`;
    map(m, mp, 'a map (a match)');
    if (!m) return;
    str(m.name, `${mp}.name`);
    for (const key of ['uri', 'scheme', 'method', 'authority'] as const) validateStringMatch(m[key], `${mp}.${key}`);
    for (const key of ['headers', 'queryParams'] as const) {
      map(m[key], `${mp}.${key}`);
      for (const [name, hm] of Object.entries(m[key] ?? {})) {
        if (key === 'headers') valid(name, `${mp}.headers`, headerName);
        validateStringMatch(hm, `${mp}.${key}.${name}`);
      }
    }
    bool(m.ignoreUriCase, `${mp}.ignoreUriCase`);
    validateL4Match(m, mp);
  });
  validateRoute(route.route, `${p}.route`);
  const redirect = route.redirect;
  map(redirect, `${p}.redirect`);
  if (redirect) {
    str(redirect.uri, `${p}.redirect.uri`);
    str(redirect.authority, `${p}.redirect.authority`);
    if (!redirect.uri && !redirect.authority) throw new IstioSpecError(`${p}.redirect`, 'set uri, authority or both');
    whole(redirect.redirectCode, `${p}.redirect.redirectCode`, 300, 399);
  }
  const rewrite = route.rewrite;
  map(rewrite, `${p}.rewrite`);
  if (rewrite) {
    str(rewrite.uri, `${p}.rewrite.uri`);
    str(rewrite.authority, `${p}.rewrite.authority`);
    if (!rewrite.uri && !rewrite.authority) throw new IstioSpecError(`${p}.rewrite`, 'set uri, authority or both');
    if (redirect) throw new IstioSpecError(p, 'rewrite and redirect are mutually exclusive');
  }
  duration(route.timeout, `${p}.timeout`);
  const retries = route.retries;
  map(retries, `${p}.retries`);
  if (retries) {
    required(retries.attempts, `${p}.retries.attempts`);
    whole(retries.attempts, `${p}.retries.attempts`, 0);
    duration(retries.perTryTimeout, `${p}.retries.perTryTimeout`);
    str(retries.retryOn, `${p}.retries.retryOn`);
  }
  const fault = route.fault;
  map(fault, `${p}.fault`);
  if (fault) {
    if (fault.delay === undefined && fault.abort === undefined) throw new IstioSpecError(`${p}.fault`, 'set delay, abort or both');
    if (redirect) throw new IstioSpecError(p, 'fault and redirect are mutually exclusive');
    const { delay, abort } = fault;
    map(delay, `${p}.fault.delay`);
    if (delay) {
      required(delay.fixedDelay, `${p}.fault.delay.fixedDelay`);
      duration(delay.fixedDelay, `${p}.fault.delay.fixedDelay`);
      validatePercentage(delay.percentage, `${p}.fault.delay.percentage`);
    }
    map(abort, `${p}.fault.abort`);
    if (abort) {
      required(abort.httpStatus, `${p}.fault.abort.httpStatus`);
      whole(abort.httpStatus, `${p}.fault.abort.httpStatus`, 200, 599);
      validatePercentage(abort.percentage, `${p}.fault.abort.percentage`);
    }
  }
  if (route.mirror !== undefined) validateDestination(route.mirror, `${p}.mirror`);
  const cors = route.corsPolicy;
  map(cors, `${p}.corsPolicy`);
  if (cors) {
    strings(cors.allowOrigin, `${p}.corsPolicy.allowOrigin`);
    strings(cors.allowMethods, `${p}.corsPolicy.allowMethods`, (v) => ((HTTP_METHODS as readonly unknown[]).includes(v) ? undefined : `one of ${HTTP_METHODS.join(', ')}`));
    strings(cors.allowHeaders, `${p}.corsPolicy.allowHeaders`, headerName);
    strings(cors.exposeHeaders, `${p}.corsPolicy.exposeHeaders`, headerName);
    valid(cors.maxAge, `${p}.corsPolicy.maxAge`, (v) => (typeof v === 'string' && /^\d+(s|m|h)$/.test(v) && !/^0+[smh]$/.test(v) ? undefined : 'a duration in whole seconds, minutes or hours, such as 24h'));
    bool(cors.allowCredentials, `${p}.corsPolicy.allowCredentials`);
  }
  const headers = route.headers;
  map(headers, `${p}.headers`);
  for (const side of ['request', 'response'] as const) {
    const h = headers?.[side];
    map(h, `${p}.headers.${side}`);
    if (!h) continue;
    stringMap(h.set, `${p}.headers.${side}.set`);
    stringMap(h.add, `${p}.headers.${side}.add`);
    strings(h.remove, `${p}.headers.${side}.remove`);
  }
}

function validatePercentage(value: unknown, path: string) {
  map(value, path, 'a map of value');
  if (value) numberIn(value.value, `${path}.value`, 0, 100);
}

export function validateVirtualServiceSpec(input: VirtualServiceSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'VirtualService', ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo']);
  list(spec.hosts, `${path}.hosts`);
  required(spec.hosts, `${path}.hosts`);
  strings(spec.hosts, `${path}.hosts`, wildcardDomain);
  strings(spec.gateways, `${path}.gateways`, gatewayReference);
  const gateways = (spec.gateways ?? []) as string[];
  if (gateways.length === 0 || gateways.includes('mesh')) {
    const i = (spec.hosts as string[]).indexOf('*');
    if (i >= 0) invalid(`${path}.hosts[${i}]`, '*', 'a host other than * for routes of the mesh (bind the VirtualService to gateways to use *)');
  }
  for (const key of ['http', 'tcp', 'tls'] as const) list(spec[key], `${path}.${key}`);
  const { http, tcp, tls } = spec as { http?: unknown[]; tcp?: unknown[]; tls?: unknown[] };
  if (!http?.length && !tcp?.length && !tls?.length) {
    throw new IstioSpecError(path, 'needs at least one of http, tcp or tls routes');
  }
  http?.forEach((h, i) => validateHttpRoute(h, `${path}.http[${i}]`));
  tcp?.forEach((t, i) => {
    const p = `${path}.tcp[${i}]`;
    map(t, p, 'a map (a TCP route)');
    required(t, p);
    list(t!.match, `${p}.match`);
    t!.match?.forEach((m, j) => {
      map(m, `${p}.match[${j}]`, 'a map (a match)');
      if (m) validateL4Match(m, `${p}.match[${j}]`);
    });
    required(t!.route, `${p}.route`);
    validateRoute(t!.route, `${p}.route`);
  });
  tls?.forEach((t, i) => {
    const p = `${path}.tls[${i}]`;
    map(t, p, 'a map (a TLS route)');
    required(t, p);
    list(t!.match, `${p}.match`);
    required(t!.match, `${p}.match`);
    t!.match!.forEach((m, j) => {
      map(m, `${p}.match[${j}]`, 'a map (a match)');
      required(m, `${p}.match[${j}]`);
      list(m!.sniHosts, `${p}.match[${j}].sniHosts`);
      required(m!.sniHosts, `${p}.match[${j}].sniHosts`);
      strings(m!.sniHosts, `${p}.match[${j}].sniHosts`, wildcardDomain);
      validateL4Match(m!, `${p}.match[${j}]`);
    });
    required(t!.route, `${p}.route`);
    validateRoute(t!.route, `${p}.route`);
  });
  validateExportTo(spec.exportTo, `${path}.exportTo`);
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

/** Istio 1.2's protocol names (`ParseProtocol`, case-insensitive). */
const SERVICE_PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'MYSQL', 'REDIS', 'TCP', 'TLS', 'UDP'];
/** A unix domain socket address: `unix:///absolute/path` or `unix://@abstract`. */
const UNIX_SOCKET = /^unix:\/\/(@.|\/.)/;

export function validateServiceEntrySpec(input: ServiceEntrySpec, path = 'spec'): void {
  const spec = specOf(input, path, 'ServiceEntry', ['hosts', 'addresses', 'ports', 'location', 'resolution', 'endpoints', 'exportTo', 'subjectAltNames']);
  list(spec.hosts, `${path}.hosts`);
  required(spec.hosts, `${path}.hosts`);
  strings(spec.hosts, `${path}.hosts`, (h) => (h !== '*' && !wildcardDomain(h) ? undefined
    : 'a host name such as api.example.com or *.example.com (not * alone)'));
  strings(spec.addresses, `${path}.addresses`, (a) => (cidr(a) && ipAddress(a) ? 'an IP address or CIDR block such as 10.1.0.0/16' : undefined));
  list(spec.ports, `${path}.ports`);
  required(spec.ports, `${path}.ports`);
  const names = new Set<unknown>();
  const numbers = new Set<unknown>();
  spec.ports!.forEach((p, i) => {
    const pp = `${path}.ports[${i}]`;
    map(p, pp, 'a map of number, protocol, name');
    required(p, pp);
    port(p!.number, `${pp}.number`);
    required(p!.name, `${pp}.name`);
    valid(p!.name, `${pp}.name`, istioName);
    if (names.has(p!.name)) throw new IstioSpecError(`${pp}.name`, `${JSON.stringify(p!.name)} is used twice`);
    if (numbers.has(p!.number)) throw new IstioSpecError(`${pp}.number`, `${JSON.stringify(p!.number)} is used twice`);
    names.add(p!.name);
    numbers.add(p!.number);
    valid(p!.protocol, `${pp}.protocol`, (v) => (typeof v === 'string' && SERVICE_PROTOCOLS.includes(v.toUpperCase()) ? undefined : `one of ${SERVICE_PROTOCOLS.join(', ')}`));
  });
  required(spec.resolution, `${path}.resolution`);
  oneOfValues(spec.resolution as ServiceEntrySpec['resolution'], ['NONE', 'STATIC', 'DNS'], `${path}.resolution`);
  oneOfValues(spec.location as ServiceEntrySpec['location'], ['MESH_EXTERNAL', 'MESH_INTERNAL'], `${path}.location`);
  const addresses = (spec.addresses ?? []) as string[];
  if (spec.resolution === 'DNS' && addresses.some((a) => a.includes('/'))) {
    throw new IstioSpecError(`${path}.addresses`, 'CIDR blocks are allowed only with resolution NONE or STATIC');
  }
  list(spec.endpoints, `${path}.endpoints`);
  const endpoints = spec.endpoints ?? [];
  if (spec.resolution === 'STATIC') required(spec.endpoints, `${path}.endpoints`);
  if (spec.resolution === 'NONE' && endpoints.length) throw new IstioSpecError(`${path}.endpoints`, 'must be empty with resolution NONE');
  if (spec.resolution === 'DNS' && endpoints.length === 0) {
    (spec.hosts as string[]).forEach((h, i) => valid(h, `${path}.hosts[${i}]`, (v) => (fqdn(v) ? 'a host name without wildcard (resolution DNS without endpoints resolves the hosts)' : undefined)));
  }
  endpoints.forEach((e, i) => {
    const ep = `${path}.endpoints[${i}]`;
    map(e, ep, 'a map (an endpoint)');
    required(e, ep);
    required(e!.address, `${ep}.address`);
    valid(e!.address, `${ep}.address`, spec.resolution === 'DNS'
      ? (v) => (fqdn(v) && ipAddress(v) ? 'a host name or IP address' : undefined)
      : (v) => (ipAddress(v) && !(typeof v === 'string' && UNIX_SOCKET.test(v)) ? 'an IP address, or unix:///absolute/path' : undefined));
    map(e!.ports, `${ep}.ports`, 'a map of service port names to port numbers');
    for (const [name, n] of Object.entries(e!.ports ?? {})) {
      if (!names.has(name)) throw new IstioSpecError(`${ep}.ports.${name}`, `names no port of spec.ports (${[...names].join(', ')})`);
      port(n, `${ep}.ports.${name}`);
    }
    labels(e!.labels, `${ep}.labels`);
    str(e!.network, `${ep}.network`);
    str(e!.locality, `${ep}.locality`);
    whole(e!.weight, `${ep}.weight`, 0);
  });
  validateExportTo(spec.exportTo, `${path}.exportTo`);
  strings(spec.subjectAltNames, `${path}.subjectAltNames`);
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

/** A Sidecar listener's port: a port number, or 0 with a unix domain socket `bind`. */
function validateSidecarPort(p: unknown, bind: unknown, path: string) {
  map(p, path, 'a map of number, protocol, name');
  if (!p) return;
  if (!(p.number === 0 && typeof bind === 'string' && UNIX_SOCKET.test(bind))) port(p.number, `${path}.number`);
  str(p.protocol, `${path}.protocol`);
  valid(p.name, `${path}.name`, istioName);
}

const CAPTURE_MODES = ['DEFAULT', 'IPTABLES', 'NONE'] as const;
const bindAddress = (v: unknown) => (ipAddress(v) && !(typeof v === 'string' && UNIX_SOCKET.test(v)) ? 'an IP address, or unix:///absolute/path' : undefined);

export function validateSidecarSpec(input: SidecarSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'Sidecar', ['workloadSelector', 'ingress', 'egress', 'outboundTrafficPolicy']);
  const selector = spec.workloadSelector;
  map(selector, `${path}.workloadSelector`, 'a map of labels');
  if (selector) labels(selector.labels, `${path}.workloadSelector.labels`);
  list(spec.egress, `${path}.egress`);
  required(spec.egress, `${path}.egress`);
  spec.egress!.forEach((e, i) => {
    const ep = `${path}.egress[${i}]`;
    map(e, ep, 'a map of port, bind, captureMode, hosts');
    required(e, ep);
    list(e!.hosts, `${ep}.hosts`);
    required(e!.hosts, `${ep}.hosts`);
    e!.hosts!.forEach((h, j) => {
      if (typeof h !== 'string') invalid(`${ep}.hosts[${j}]`, h, 'a string');
      if (!h.includes('/')) throw new IstioSpecError(`${ep}.hosts`, `${JSON.stringify(h)} must be namespace/host`);
      valid(h, `${ep}.hosts[${j}]`, namespacedHost());
    });
    validateSidecarPort(e!.port, e!.bind, `${ep}.port`);
    valid(e!.bind, `${ep}.bind`, bindAddress);
    oneOfValues(e!.captureMode as 'NONE' | undefined, CAPTURE_MODES, `${ep}.captureMode`);
  });
  list(spec.ingress, `${path}.ingress`);
  spec.ingress?.forEach((e, i) => {
    const ip = `${path}.ingress[${i}]`;
    map(e, ip, 'a map of port, bind, captureMode, defaultEndpoint');
    required(e, ip);
    map(e!.port, `${ip}.port`);
    required(e!.port, `${ip}.port`);
    validateSidecarPort(e!.port, e!.bind, `${ip}.port`);
    valid(e!.bind, `${ip}.bind`, bindAddress);
    oneOfValues(e!.captureMode as 'NONE' | undefined, CAPTURE_MODES, `${ip}.captureMode`);
    required(e!.defaultEndpoint, `${ip}.defaultEndpoint`);
    valid(e!.defaultEndpoint, `${ip}.defaultEndpoint`, (v) => {
      if (typeof v === 'string' && UNIX_SOCKET.test(v)) return undefined;
      const m = typeof v === 'string' ? /^(127\.0\.0\.1)?:(\d{1,5})$/.exec(v) : null;
      return m && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? undefined : '127.0.0.1:<port> or :<port>, or unix:///absolute/path';
    });
  });
  const otp = spec.outboundTrafficPolicy;
  map(otp, `${path}.outboundTrafficPolicy`, 'a map of mode');
  if (otp) oneOfValues(otp.mode as 'ALLOW_ANY' | undefined, ['REGISTRY_ONLY', 'ALLOW_ANY'], `${path}.outboundTrafficPolicy.mode`);
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

export function validateEnvoyFilterSpec(input: EnvoyFilterSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'EnvoyFilter', ['workloadLabels', 'filters']);
  labels(spec.workloadLabels, `${path}.workloadLabels`);
  list(spec.filters, `${path}.filters`);
  required(spec.filters, `${path}.filters`);
  spec.filters!.forEach((f, i) => {
    const fp = `${path}.filters[${i}]`;
    map(f, fp, 'a map (a filter)');
    required(f, fp);
    required(f!.filterName, `${fp}.filterName`);
    str(f!.filterName, `${fp}.filterName`);
    required(f!.filterType, `${fp}.filterType`);
    oneOfValues(f!.filterType as 'HTTP', ['HTTP', 'NETWORK'], `${fp}.filterType`);
    const lm = f!.listenerMatch;
    map(lm, `${fp}.listenerMatch`);
    if (lm) {
      if (lm.portNumber !== undefined) port(lm.portNumber, `${fp}.listenerMatch.portNumber`);
      str(lm.portNamePrefix, `${fp}.listenerMatch.portNamePrefix`);
      oneOfValues(lm.listenerType as 'ANY', ['ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY'], `${fp}.listenerMatch.listenerType`);
      oneOfValues(lm.listenerProtocol as 'ALL', ['ALL', 'HTTP', 'TCP'], `${fp}.listenerMatch.listenerProtocol`);
      strings(lm.address, `${fp}.listenerMatch.address`, (v) => (cidr(v) && ipAddress(v) ? 'an IP address or CIDR block' : undefined));
    }
    const position = f!.insertPosition;
    map(position, `${fp}.insertPosition`);
    oneOfValues(position?.index as 'FIRST', ['FIRST', 'LAST', 'BEFORE', 'AFTER'], `${fp}.insertPosition.index`);
    str(position?.relativeTo, `${fp}.insertPosition.relativeTo`);
    const index = position?.index;
    if ((index === 'BEFORE' || index === 'AFTER') && !position?.relativeTo) {
      throw new IstioSpecError(`${fp}.insertPosition.relativeTo`, `is required with index ${index}`);
    }
    if (f!.filterConfig === undefined) throw new IstioSpecError(`${fp}.filterConfig`, 'is required (Istio refuses a filter without config; {} for none)');
    map(f!.filterConfig, `${fp}.filterConfig`);
  });
}

/** `networking.istio.io/v1alpha3` EnvoyFilter. */
export class EnvoyFilter extends IstioResource<EnvoyFilterSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<EnvoyFilterSpec>) {
    super(scope, id, imported.EnvoyFilter.GVK, props, validateEnvoyFilterSpec);
  }
}

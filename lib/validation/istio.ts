/**
 * Validators for what Istio 1.2's own validation (pilot `model/validation.go`, the injector) refuses in its
 * configuration: host names with wildcards, gateway references, durations, header names, log levels.
 * Each returns `undefined` when the value is allowed, or what is allowed.
 */
import { Check, ipAddress, parseGoDuration } from './k8s';

const isString = (v: unknown): v is string => typeof v === 'string';

/** Istio's `IsDNS1123Label`: letters (either case), digits and -, at most 63. */
const LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(\*|(\*|\*-)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

const isLabel = (s: string) => s.length <= 63 && LABEL.test(s);
const isWildcardLabel = (s: string) => s.length <= 63 && WILDCARD_LABEL.test(s);

/** A DNS label as Istio checks names (subsets, port names, targets). */
export const istioName: Check = (v) =>
  (isString(v) && isLabel(v) ? undefined : 'a DNS label: at most 63 letters, digits and -, starting and ending with a letter or digit');

/** A fully qualified or short DNS name (`ValidateFQDN`). */
export const fqdn: Check = (v) =>
  (isString(v) && v.length > 0 && v.length <= 255 && v.split('.').every(isLabel) ? undefined
    : 'a DNS name such as reviews or reviews.default.svc.cluster.local (labels of letters, digits and -, at most 255 characters)');

/** A DNS name whose first label may be a wildcard (`ValidateWildcardDomain`): `*`, `*.example.com`, `reviews`. */
export const wildcardDomain: Check = (v) => {
  if (isString(v) && v.length > 0 && v.length <= 255) {
    const [first, ...rest] = v.split('.');
    if (isWildcardLabel(first) && rest.every(isLabel)) return undefined;
  }
  return 'a host name such as reviews, reviews.default.svc.cluster.local, *.example.com or * (a wildcard only in the first label)';
};

/**
 * A `namespace/dnsName` host of a Sidecar's egress (or, with `gateway`, of a Gateway server, where the namespace is
 * optional and an IP address is allowed): the namespace is `*`, `.`, (sidecars) `~` or a namespace name; the name is
 * `*` or a wildcard domain with a dot (short names are refused).
 */
export function namespacedHost(opts: { gateway?: boolean } = {}): Check {
  const rule = opts.gateway
    ? 'a host such as *, *.example.com, bookinfo.example.com or namespace/host (short names without a dot are not allowed)'
    : 'namespace/host, such as ./*, istio-system/*, */*.example.com (the namespace: *, ., ~ or a namespace name; the host: * or a name with a dot)';
  const hostPart = (h: string) => h === '*' || (h.includes('.') && (wildcardDomain(h) === undefined || (opts.gateway === true && ipAddress(h) === undefined)));
  return (v) => {
    if (!isString(v)) return rule;
    const slash = v.indexOf('/');
    if (slash < 0) return opts.gateway && hostPart(v) ? undefined : rule;
    const ns = v.slice(0, slash);
    const host = v.slice(slash + 1);
    const nsOk = ns === '*' || ns === '.' || (!opts.gateway && ns === '~') || (ns.length > 0 && isLabel(ns));
    return nsOk && host.length > 0 && hostPart(host) ? undefined : rule;
  };
}

/** A gateway a VirtualService binds to: `mesh`, a gateway name (`my-gateway`, `my-gateway.ns.svc.cluster.local`) or `namespace/name`. */
export const gatewayReference: Check = (v) => {
  const rule = 'mesh, a Gateway name (optionally fully qualified) or namespace/name';
  if (!isString(v)) return rule;
  const parts = v.split('/');
  if (parts.length === 1) return fqdn(v) === undefined ? undefined : rule;
  return parts.length === 2 && isLabel(parts[0]) && isLabel(parts[1]) ? undefined : rule;
};

const MS = BigInt(1e6);

/** A duration as Istio accepts it in its APIs (`ValidateDurationGogo`): a Go duration of at least 1ms, to the millisecond. */
export const istioDuration: Check = (v) => {
  const ns = parseGoDuration(v);
  return ns !== undefined && ns >= MS && ns % MS === BigInt(0) ? undefined
    : 'a duration of at least 1ms in whole milliseconds, such as 300ms, 10s, 1.5s or 1h (Go syntax: units ms, s, m, h)';
};

/** A duration Envoy reads as a protobuf duration in whole seconds (`dnsRefreshRate`: `300s`; `5m` is refused). */
export const secondsDuration: Check = (v) =>
  (isString(v) && /^[1-9]\d{0,9}s$/.test(v) ? undefined : 'a whole number of seconds followed by s, such as 300s (not 5m: Envoy reads it as a protobuf duration)');

/** A Prometheus 2.8 duration (`retention`, `scrape_interval`): a whole number and one unit. */
export const prometheusDuration: Check = (v) =>
  (isString(v) && /^[0-9]+(ms|s|m|h|d|w|y)$/.test(v) ? undefined : 'a Prometheus duration: a whole number and one unit of ms, s, m, h, d, w, y, such as 15s or 6h');

/** An HTTP header name: not empty, no spaces or colons. */
export const headerName: Check = (v) =>
  (isString(v) && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v) ? undefined : 'an HTTP header name: letters, digits and -, no spaces');

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'] as const;

/** Where a resource is visible: `.` (its namespace) or `*` (all), the only values Istio 1.2 accepts. */
export const exportToValue: Check = (v) => (v === '.' || v === '*' ? undefined : '. (its own namespace) or * (all namespaces)');

/** Istio's control-plane log scopes' levels (`pkg/log`). */
export const ISTIO_LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal', 'none'] as const;
/** Envoy's log levels (`--proxyLogLevel`). */
export const ENVOY_LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;

/** `scope:level[,scope:level...]` with Istio's levels (`global.logging.level`, `--log_output_level`). */
export const istioLogLevels: Check = (v) => {
  const rule = `comma-separated scope:level pairs such as default:info,model:debug (levels ${ISTIO_LOG_LEVELS.join(', ')})`;
  if (!isString(v)) return rule;
  if (v === '') return undefined;
  return v.split(',').every((pair) => {
    const m = /^([a-zA-Z0-9_.-]+):([a-z]+)$/.exec(pair);
    return m !== null && (ISTIO_LOG_LEVELS as readonly string[]).includes(m[2]);
  }) ? undefined : rule;
};

/** Envoy's per-component log levels (`component:level[,...]`), empty for Envoy's default. */
export const envoyComponentLogLevels: Check = (v) => {
  const rule = `empty or comma-separated component:level pairs such as misc:error,upstream:debug (levels ${ENVOY_LOG_LEVELS.join(', ')})`;
  if (!isString(v)) return rule;
  if (v === '') return undefined;
  return v.split(',').every((pair) => {
    const m = /^([a-z0-9_]+):([a-z]+)$/.exec(pair);
    return m !== null && (ENVOY_LOG_LEVELS as readonly string[]).includes(m[2]);
  }) ? undefined : rule;
};

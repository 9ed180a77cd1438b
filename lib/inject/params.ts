/**
 * The parameters of manual injection (`istioctl kube-inject`'s knobs, the `inject` command's flags): their checks,
 * and how they apply on top of injection settings (Istio's defaults or an installation's).
 */
import { isIPv4, isIPv6 } from 'net';
import { quote } from '../cli-errors';
import { INJECTION_ANNOTATIONS as A } from '../injector-template';

/** Parameters of manual injection, as `istioctl kube-inject` takes them. Each overrides the values or mesh default. */
export interface KubeInjectParams {
  /** Registry of the proxy images. @default 'docker.io/istio' */
  readonly hub?: string;
  /** Tag of the proxy images. @default '1.2.2' */
  readonly tag?: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: 'IfNotPresent' | 'Always' | 'Never';
  /** How inbound traffic reaches Envoy. @default 'REDIRECT' */
  readonly interceptionMode?: 'REDIRECT' | 'TPROXY';
  /** Add the init container that enables core dumps. @default false */
  readonly enableCoreDump?: boolean;
  /** Run the proxy privileged. @default false */
  readonly privileged?: boolean;
  /** Outbound IP ranges redirected to Envoy: comma-separated CIDRs, `*` for all, empty for none. @default '*' */
  readonly includeIPRanges?: string;
  /** Outbound IP ranges not redirected: comma-separated CIDRs. @default '' */
  readonly excludeIPRanges?: string;
  /**
   * Inbound ports redirected to Envoy: comma-separated ports, `*` for all, empty for none. Istio 1.2.2's template
   * does not read the value it sets (`global.proxy.includeInboundPorts`), so it applies as the pod annotation
   * `traffic.sidecar.istio.io/includeInboundPorts` on each workload that does not set its own.
   * @default - the ports of the pod's containers
   */
  readonly includeInboundPorts?: string;
  /** Inbound ports not redirected: comma-separated ports. @default '' */
  readonly excludeInboundPorts?: string;
  /**
   * KubeVirt interfaces whose inbound traffic is treated as outbound: comma-separated interface names. Istio 1.2.2
   * reads them only from the pod annotation, so it applies as `traffic.sidecar.istio.io/kubevirtInterfaces` on each
   * workload that does not set its own.
   * @default - none
   */
  readonly kubevirtInterfaces?: string;
  /** The proxy's status (readiness) port; 0 disables the readiness probe. @default 15020 */
  readonly statusPort?: number;
  /** @default 1 */
  readonly readinessInitialDelaySeconds?: number;
  /** @default 2 */
  readonly readinessPeriodSeconds?: number;
  /** @default 30 */
  readonly readinessFailureThreshold?: number;
  /** DNS search domains added to the pod (may hold templates). @default - none */
  readonly podDNSSearchNamespaces?: string[];
  /** Drain, parent-shutdown and connect timeouts, as a Go duration (`10s`). @default - 45s, 1m0s and 1s */
  readonly duration?: string;
  /** Let the sidecar take over the application's HTTP probes (they still work under mutual TLS). @default false */
  readonly rewriteAppHTTPProbe?: boolean;
}

/** The `inject` flag of each parameter, for the CLI's messages. */
export const KUBE_INJECT_FLAGS: { readonly [K in keyof Required<KubeInjectParams>]: string } = {
  hub: '--hub',
  tag: '--tag',
  imagePullPolicy: '--image-pull-policy',
  interceptionMode: '--interception-mode',
  enableCoreDump: '--enable-core-dump',
  privileged: '--privileged',
  includeIPRanges: '--include-ip-ranges',
  excludeIPRanges: '--exclude-ip-ranges',
  includeInboundPorts: '--include-inbound-ports',
  excludeInboundPorts: '--exclude-inbound-ports',
  kubevirtInterfaces: '--kubevirt-interfaces',
  statusPort: '--status-port',
  readinessInitialDelaySeconds: '--readiness-initial-delay-seconds',
  readinessPeriodSeconds: '--readiness-period-seconds',
  readinessFailureThreshold: '--readiness-failure-threshold',
  podDNSSearchNamespaces: '--dns-search-namespace',
  duration: '--duration',
  rewriteAppHTTPProbe: '--rewrite-app-http-probe',
};

// ------------------------------------------------------------------ Go durations

const NS: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const INT64_MAX = (1n << 63n) - 1n;

/** Go's `time.ParseDuration`, in nanoseconds; undefined when Go would refuse the text. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let sign = 1n;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1n;
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  // µ and μ written as escapes: the CLI bundle stays ASCII, which the launcher reads faster (scripts/build-cli.js).
  const part = /^(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const unit = NS[m[3]];
    const frac = m[2] ?? '';
    // The fraction, exactly, in nanoseconds of this unit (Go rounds down, too).
    total += BigInt(m[1] || '0') * unit + (frac ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n);
    if (total > INT64_MAX) return undefined;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Go's `Duration.String()`: `45s`, `1m0s`, `1.5s`, `100ms`, `1h0m0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  const frac = (v: bigint, prec: number): [string, bigint] => {
    const p = 10n ** BigInt(prec);
    const digits = (v % p).toString().padStart(prec, '0').replace(/0+$/, '');
    return [digits ? `.${digits}` : '', v / p];
  };
  let out: string;
  if (u < 1_000_000_000n) {
    const [unit, prec] = u < 1000n ? ['ns', 0] : u < 1_000_000n ? ['µs', 3] : ['ms', 6];
    const [f, whole] = frac(u, prec as number);
    out = `${whole}${f}${unit}`;
  } else {
    const [f, secs] = frac(u, 9);
    u = secs;
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

// ------------------------------------------------------------------ checks (as inject.go's validators)

/** A CIDR as Go's `net.ParseCIDR` takes it: an IPv4 or IPv6 address and a prefix length. */
export function isCidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  if (isIPv4(m[1])) return bits <= 32;
  return isIPv6(m[1]) && !m[1].includes('%') && bits <= 128;
}

/** Refusal of a comma-separated CIDR list (empty for none; `*` where allowed), or undefined. */
export function cidrListProblem(value: string, allowStar: boolean): string | undefined {
  if (value === '' || (allowStar && value === '*')) return undefined;
  for (const part of value.split(',')) {
    if (!isCidr(part)) {
      return `${quote(part)} is not a CIDR (an address and a prefix length, as 10.0.0.0/8 or fd00::/8)${allowStar ? '; use * for all' : ''}`;
    }
  }
  return undefined;
}

/** Refusal of a comma-separated port list (empty for none; `*` where allowed), or undefined. */
export function portListProblem(value: string, allowStar: boolean): string | undefined {
  if (value.trim() === '' || (allowStar && value.trim() === '*')) return undefined;
  for (const part of value.split(',')) {
    const p = part.trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      return `${quote(part)} is not a port (a whole number from 1 to 65535)${allowStar ? '; use * for all' : ''}`;
    }
  }
  return undefined;
}

/** Linux interface names: up to 15 characters, no `/`, `:`, space or comma. */
const INTERFACE = /^[A-Za-z0-9_.@-]{1,15}$/;

function interfaceListProblem(value: string): string | undefined {
  if (value === '') return undefined;
  for (const part of value.split(',')) {
    if (!INTERFACE.test(part) || part === '.' || part === '..') {
      return `${quote(part)} is not a network interface name (1 to 15 letters, digits, '_', '.', '-' or '@')`;
    }
  }
  return undefined;
}

/** A Docker registry and repository path: `docker.io/istio`, `localhost:5000`, `gcr.io/my-project/istio`. */
const HUB = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
/** A Docker tag. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A DNS-1123 subdomain (a search domain as Kubernetes checks it). */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const INT32_MAX = 2 ** 31 - 1;
const isWhole = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Every problem of the parameters, one message each (`<name>: got <value>, expected ...`); `name` gives the
 * parameter's name in messages (the CLI passes its flags).
 */
export function kubeInjectParamProblems(
  params: KubeInjectParams,
  name: (key: keyof KubeInjectParams) => string = (k) => k,
): string[] {
  const problems: string[] = [];
  const p = params as Record<keyof KubeInjectParams, unknown>;
  const bad = (key: keyof KubeInjectParams, expected: string) => problems.push(`${name(key)}: got ${quote(p[key])}, expected ${expected}`);
  const str = (key: keyof KubeInjectParams, check: (v: string) => string | undefined, expected: string) => {
    const v = p[key];
    if (v === undefined) return;
    if (typeof v !== 'string') {
      bad(key, expected);
      return;
    }
    const problem = check(v);
    if (problem !== undefined) problems.push(`${name(key)}: ${problem}`);
  };
  const whole = (key: keyof KubeInjectParams, min: number, max: number, expected: string) => {
    if (p[key] !== undefined && !isWhole(p[key], min, max)) bad(key, expected);
  };
  const oneOf = (key: keyof KubeInjectParams, choices: string[]) => {
    if (p[key] !== undefined && !choices.includes(p[key] as string)) bad(key, `one of ${choices.join(', ')}`);
  };
  const bool = (key: keyof KubeInjectParams) => {
    if (p[key] !== undefined && typeof p[key] !== 'boolean') bad(key, 'true or false');
  };

  str('hub', (v) => (HUB.test(v) && v.length <= 255 ? undefined : `got ${quote(v)}, expected a registry and repository path, as docker.io/istio`), 'a registry path');
  str('tag', (v) => (TAG.test(v) ? undefined : `got ${quote(v)}, expected an image tag (letters, digits, '_', '.', '-'; at most 128)`), 'an image tag');
  oneOf('imagePullPolicy', ['IfNotPresent', 'Always', 'Never']);
  oneOf('interceptionMode', ['REDIRECT', 'TPROXY']);
  bool('enableCoreDump');
  bool('privileged');
  bool('rewriteAppHTTPProbe');
  str('includeIPRanges', (v) => cidrListProblem(v, true), 'CIDRs');
  str('excludeIPRanges', (v) => cidrListProblem(v, false), 'CIDRs');
  str('includeInboundPorts', (v) => portListProblem(v, true), 'ports');
  str('excludeInboundPorts', (v) => portListProblem(v, false), 'ports');
  str('kubevirtInterfaces', interfaceListProblem, 'interface names');
  whole('statusPort', 0, 65535, 'a port number from 0 to 65535 (0 disables the readiness probe)');
  whole('readinessInitialDelaySeconds', 0, INT32_MAX, `a whole number of seconds from 0 to ${INT32_MAX}`);
  whole('readinessPeriodSeconds', 0, INT32_MAX, `a whole number of seconds from 0 to ${INT32_MAX}`);
  whole('readinessFailureThreshold', 0, INT32_MAX, `a whole number from 0 to ${INT32_MAX}`);
  str('duration', (v) => {
    const ns = parseGoDuration(v);
    if (ns === undefined) return `got ${quote(v)}, expected a Go duration, as 10s, 1m30s or 500ms`;
    if (ns < 1_000_000n) return `got ${quote(v)}, expected at least 1ms`;
    if (ns % 1_000_000n !== 0n) return `got ${quote(v)}, expected whole milliseconds (Istio's proxy config takes no finer durations)`;
    return undefined;
  }, 'a Go duration');
  const dns = p.podDNSSearchNamespaces;
  if (dns !== undefined) {
    if (!Array.isArray(dns)) bad('podDNSSearchNamespaces', 'a list of search domains');
    else {
      for (const d of dns) {
        // eslint-disable-next-line no-control-regex
        if (typeof d !== 'string' || d === '' || d.length > 253 || /[\x00-\x1f\x7f]/.test(d)) {
          problems.push(`${name('podDNSSearchNamespaces')}: got ${quote(d)}, expected a search domain (at most 253 characters, may hold {{ templates }})`);
        }
      }
    }
  }
  return problems;
}

// ------------------------------------------------------------------ applying them

/** The image `hub/name:tag` for a full image reference `.../name:tag` with another hub and tag. */
function retag(image: string, hub: string | undefined, tag: string | undefined): string {
  const slash = image.lastIndexOf('/');
  const nameTag = image.slice(slash + 1);
  const colon = nameTag.lastIndexOf(':');
  const name = colon >= 0 ? nameTag.slice(0, colon) : nameTag;
  const oldTag = colon >= 0 ? nameTag.slice(colon + 1) : 'latest';
  return `${hub ?? image.slice(0, slash)}/${name}:${tag ?? oldTag}`;
}

/** The pod annotations the parameters stand for (Istio 1.2.2 reads these settings only from annotations). */
export function annotationDefaults(params: KubeInjectParams): Record<string, string> {
  return {
    ...(params.includeInboundPorts !== undefined ? { [A.includeInboundPorts]: params.includeInboundPorts } : {}),
    ...(params.kubevirtInterfaces !== undefined ? { [A.kubevirtInterfaces]: params.kubevirtInterfaces } : {}),
  };
}

/** The settings the parameters change: the values tree, the ProxyConfig fields, the pods' default annotations. */
export interface ParamTarget {
  readonly values: Record<string, any>;
  readonly proxyConfig: Record<string, any>;
  readonly podAnnotations?: Record<string, string>;
}

/**
 * The settings with the parameters on top: each given parameter overrides the settings' value (Istio's default or
 * the installation's), the others are left as they are. Returns new objects; `settings` is not changed.
 */
export function applyParams<T extends ParamTarget>(settings: T, params: KubeInjectParams): T {
  const values = structuredClone(settings.values);
  // Every copy of `global` (Helm gives each subchart its own), so that the tree stays consistent.
  const globals = [values.global, ...Object.values(values).map((v: any) => v?.global)].filter((g) => g && typeof g === 'object');
  for (const g of new Set(globals)) {
    const proxy = (g.proxy ??= {});
    const init = (g.proxy_init ??= {});
    if (params.hub !== undefined) g.hub = params.hub;
    if (params.tag !== undefined) g.tag = params.tag;
    if (params.hub !== undefined || params.tag !== undefined) {
      // Full image references (with a `/`) are used as they are by the template: rebuild them with the new hub or tag.
      if (typeof proxy.image === 'string' && proxy.image.includes('/')) proxy.image = retag(proxy.image, params.hub, params.tag);
      if (typeof init.image === 'string' && init.image.includes('/')) init.image = retag(init.image, params.hub, params.tag);
    }
    if (params.imagePullPolicy !== undefined) g.imagePullPolicy = params.imagePullPolicy;
    if (params.enableCoreDump !== undefined) proxy.enableCoreDump = params.enableCoreDump;
    if (params.privileged !== undefined) proxy.privileged = params.privileged;
    if (params.includeIPRanges !== undefined) proxy.includeIPRanges = params.includeIPRanges;
    if (params.excludeIPRanges !== undefined) proxy.excludeIPRanges = params.excludeIPRanges;
    if (params.includeInboundPorts !== undefined) proxy.includeInboundPorts = params.includeInboundPorts;
    if (params.excludeInboundPorts !== undefined) proxy.excludeInboundPorts = params.excludeInboundPorts;
    if (params.kubevirtInterfaces !== undefined) proxy.kubevirtInterfaces = params.kubevirtInterfaces;
    if (params.statusPort !== undefined) proxy.statusPort = params.statusPort;
    if (params.readinessInitialDelaySeconds !== undefined) proxy.readinessInitialDelaySeconds = params.readinessInitialDelaySeconds;
    if (params.readinessPeriodSeconds !== undefined) proxy.readinessPeriodSeconds = params.readinessPeriodSeconds;
    if (params.readinessFailureThreshold !== undefined) proxy.readinessFailureThreshold = params.readinessFailureThreshold;
  }
  if (params.podDNSSearchNamespaces?.length) values.global.podDNSSearchNamespaces = [...params.podDNSSearchNamespaces];
  if (params.rewriteAppHTTPProbe !== undefined) (values.sidecarInjectorWebhook ??= {}).rewriteAppHTTPProbe = params.rewriteAppHTTPProbe;
  const proxyConfig = { ...settings.proxyConfig };
  if (params.interceptionMode !== undefined) proxyConfig.interceptionMode = params.interceptionMode;
  if (params.duration !== undefined) {
    proxyConfig.drainDuration = params.duration;
    proxyConfig.parentShutdownDuration = params.duration;
    proxyConfig.connectTimeout = params.duration;
  }
  const podAnnotations = { ...(settings.podAnnotations ?? {}), ...annotationDefaults(params) };
  return { ...settings, values, proxyConfig, ...(Object.keys(podAnnotations).length ? { podAnnotations } : {}) };
}

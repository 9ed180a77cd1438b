/**
 * What Kubernetes (and Istio) would refuse in the chart's values tree, checked before anything is written: a table of
 * value-path patterns and the validator of each, and `validateValues`, which walks any values tree (any gateway
 * name under `gateways.<name>`, keys the TypeScript types do not know) and throws an `IstioOptionError` naming the
 * path, a short quotation of the value and what is allowed.
 *
 * Patterns are globs over the tree: keys separated by `.`, `*` for any one key, `[*]` for any list index, `**` for
 * any number of keys and indexes. A rule runs on every present value (including `null`) whose path matches.
 */
import { isDeepStrictEqual } from 'util';
import { IstioOptionError } from '../options';
import { envoyComponentLogLevels, exportToValue, ENVOY_LOG_LEVELS, istioLogLevels, prometheusDuration, secondsDuration } from './istio';
import {
  annotationMap, Check, cidr, cidrList, configMapKey, DEFAULT_NODE_PORT_RANGE, deep, dns1035Label, dns1123Label, dns1123Subdomain,
  DeepCheck, eachOf, envMap, imageReference, imageRepository, imageRepositoryPrefix, imageTag, ipAddress, isPlainObject, labelKey,
  labelMap, labelSelector, labelSelectorRequirement, labelValue, nodePort, nonNegativeInt32, numberIn, oneOf, orNull,
  parseGoDuration, port, portList, positiveGoDuration, positiveInt32, Problem, quantityValue, resourceQuantity,
  servicePortName, targetPort, tolerations, wholeNumber,
} from './k8s';
import { preview, shortKey } from './preview';

/** A step of a values path: a map key or a list index. */
export type Segment = string | number;

/** What a rule's check sees besides the value. */
export interface RuleContext {
  /** The whole values tree (for checks that combine values, e.g. `global.hub` with a component's image). */
  readonly root: Record<string, unknown>;
  readonly path: readonly Segment[];
  readonly nodePortRange: readonly [number, number];
}

/** `undefined` when allowed; else what is allowed (about the value itself) or a `Problem` found inside it. */
export type Finding = string | Problem | undefined;

export interface ValuesRule {
  /** Glob over value paths, e.g. `gateways.*.ports[*].nodePort`, `**.resources.requests`. */
  readonly path: string;
  readonly check: (value: unknown, ctx: RuleContext) => Finding;
}

/** An inclusive range of node ports: `[min, max]` or `{ min, max }`. */
export type NodePortRange = readonly [number, number] | { readonly min: number; readonly max: number };

export interface ValidateValuesOptions {
  /**
   * The cluster's NodePort range (`kube-apiserver --service-node-port-range`), inclusive.
   * @default [30000, 32767]
   */
  readonly nodePortRange?: NodePortRange;
}

/** The most replicas (and autoscaler bounds) a component may ask for: more is a typo, not a plan. */
export const MAX_REPLICAS = 10000;

export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export const SERVICE_TYPE_VALUES = ['LoadBalancer', 'NodePort', 'ClusterIP'] as const;
export const OUTBOUND_TRAFFIC_POLICY_MODES = ['ALLOW_ANY', 'REGISTRY_ONLY'] as const;
export const ACCESS_LOG_ENCODINGS = ['TEXT', 'JSON'] as const;
export const PROXY_TRACERS = ['zipkin', 'lightstep', 'datadog'] as const;

/** Subtrees whose contents are free-form configuration (mesh networks, Grafana provisioning files): rules run on the subtree, not inside it. */
const OPAQUE = ['global.meshNetworks', 'global.localityLbSetting', 'global.podDNSSearchNamespaces', 'grafana.datasources', 'grafana.dashboardProviders'];

/** The image each `hub`/`tag` pair names (`<hub>/<name>:<tag>`), by the pair's path. */
const HUB_IMAGES: Record<string, string> = {
  'global': 'kubectl', 'prometheus': 'prometheus', 'kiali': 'kiali', 'certmanager': 'cert-manager-controller',
  'tracing.jaeger': 'all-in-one', 'tracing.zipkin': 'zipkin',
};

const isString = (v: unknown): v is string => typeof v === 'string';
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const keyPath = (segments: readonly Segment[]) => segments.filter(isString).join('.');

// ------------------------------------------------------------------ checks specific to the chart's values

const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const string: Check = (v) => (isString(v) ? undefined : 'a string');
const emptyOr = (check: Check): Check => (v) => (v === '' ? undefined : check(v));
const listOf = (check: Check, what: string): DeepCheck => eachOf(deep(check), what);
const replicas: Check = (v) =>
  (isWhole(v) && v >= 1 && v <= MAX_REPLICAS ? undefined : `a whole number of at least 1 and at most ${MAX_REPLICAS}`);
const nonNegativeGoDuration: Check = (v) => {
  const ns = parseGoDuration(v);
  return ns !== undefined && ns >= BigInt(0) ? undefined : 'a Go duration such as 10m or 1h30m (units ns, us, ms, s, m, h), 0 or longer';
};
const contextPath: Check = (v) => (isString(v) && v.startsWith('/') && !/\s/.test(v) ? undefined : 'an absolute URL path such as /grafana');
const interfaceList: Check = (v) =>
  (isString(v) && (v === '' || v.split(',').every((i) => /^[a-zA-Z0-9_.:@-]{1,15}$/.test(i))) ? undefined
    : 'a comma-separated list of network interface names such as net1,net2 (no spaces), or empty');
const envoyLogLevel: Check = (v) =>
  (v === '' || (ENVOY_LOG_LEVELS as readonly unknown[]).includes(v) ? undefined : `empty (Envoy's default) or one of ${ENVOY_LOG_LEVELS.join(', ')}`);

/** A registry path; a `null` hub (a chart value left empty) is refused with the same message. */
const hub: Check = imageRepositoryPrefix;

/** `<image>` of an Istio component: a name under `global.hub` at `global.tag`, or a full reference (with a `/`). */
function componentImage(value: unknown, ctx: RuleContext): Finding {
  if (isPlainObject(value)) { // grafana: { repository, tag }
    const repositoryError = imageRepository(value.repository);
    if (repositoryError) return { at: '.repository', value: value.repository, expected: repositoryError };
    const tagError = imageTag(value.tag);
    if (tagError) return { at: '.tag', value: value.tag, expected: tagError };
    const ref = `${value.repository}:${String(value.tag)}`;
    return imageReference(ref) ? { at: '.repository', value: value.repository, expected: `a repository that makes a valid image reference with its tag (${preview(ref, 60)} is not one)` } : undefined;
  }
  if (!isString(value)) return 'an image name such as pilot, or a full image reference such as docker.io/istio/pilot:1.2.2';
  if (value.includes('/')) return imageReference(value);
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(value)) {
    return 'an image name such as pilot (lower-case, no tag: global.hub and global.tag are added), or a full reference with a registry path such as docker.io/istio/pilot:1.2.2';
  }
  const global = ctx.root.global;
  if (!isPlainObject(global) || hub(global.hub) || imageTag(global.tag)) return undefined; // reported at global.hub / global.tag
  const ref = `${global.hub}/${value}:${String(global.tag)}`;
  return imageReference(ref) ? `an image name that makes a valid image reference with global.hub and global.tag (${preview(ref, 60)} is not one)` : undefined;
}

/** An object holding `hub` and `tag`: `<hub>/<image>:<tag>` must be a valid reference (it can be too long). */
function hubAndTag(value: unknown, ctx: RuleContext): Finding {
  if (!isPlainObject(value) || !('hub' in value) || !('tag' in value) || hub(value.hub) || imageTag(value.tag)) return undefined;
  const name = HUB_IMAGES[keyPath(ctx.path)] ?? 'image';
  const ref = `${value.hub}/${name}:${String(value.tag)}`;
  return imageReference(ref)
    ? { at: '.hub', value: value.hub, expected: `a registry path that makes a valid image reference with ${name}:${String(value.tag)} (at most 255 characters)` }
    : undefined;
}

/** The chart's anti-affinity terms: `{ key, operator, values: "a,b", topologyKey }` (values comma-separated). */
const chartAntiAffinityTerm: DeepCheck = (t) => {
  if (!isPlainObject(t)) return { at: '', value: t, expected: 'a map of key, operator, values (comma-separated), topologyKey' };
  const unknown = Object.keys(t).find((k) => !['key', 'operator', 'values', 'topologyKey'].includes(k));
  if (unknown) return { at: `.${unknown}`, value: t[unknown], expected: 'no such key (a term has key, operator, values, topologyKey)' };
  if (t.values !== undefined && t.values !== null && !isString(t.values)) {
    return { at: '.values', value: t.values, expected: 'a comma-separated string of label values such as S1,S2' };
  }
  const values = isString(t.values) && t.values !== '' ? t.values.split(',') : undefined;
  const p = labelSelectorRequirement({ key: t.key, operator: t.operator, ...(values ? { values } : {}) });
  if (p) return p.at.startsWith('.values[') ? { at: '.values', value: t.values, expected: `comma-separated label values: ${p.expected}` } : p;
  if (!isString(t.topologyKey) || t.topologyKey === '') {
    return { at: '.topologyKey', value: t.topologyKey, expected: 'a node label key such as kubernetes.io/hostname (Kubernetes requires one)' };
  }
  const e = labelKey(t.topologyKey);
  return e ? { at: '.topologyKey', value: t.topologyKey, expected: e } : undefined;
};

/** `resources`: requests and limits; a request above its limit is refused by Kubernetes. */
const resourceRequirements: DeepCheck = (value) => {
  if (!isPlainObject(value)) return { at: '', value, expected: 'a map of requests, limits' };
  const unknown = Object.keys(value).find((k) => k !== 'requests' && k !== 'limits');
  if (unknown) return { at: `.${unknown}`, value: value[unknown], expected: 'no such key (resources have requests, limits)' };
  const { requests, limits } = value;
  if (!isPlainObject(requests) || !isPlainObject(limits)) return undefined;
  for (const [name, request] of Object.entries(requests)) {
    const r = resourceQuantity(request) ? undefined : quantityValue(request);
    const l = name in limits && !resourceQuantity(limits[name]) ? quantityValue(limits[name]) : undefined;
    if (r !== undefined && l !== undefined && r > l) {
      return { at: `.requests.${name}`, value: request, expected: `at most the ${name} limit (${String(limits[name])})` };
    }
  }
  return undefined;
};

/** `requests` or `limits`: resource names to non-negative quantities. */
const resourceList: DeepCheck = (value) => {
  if (!isPlainObject(value)) return { at: '', value, expected: 'a map of resource names (cpu, memory, ...) to quantities' };
  for (const [name, q] of Object.entries(value)) {
    if (labelKey(name)) return { at: '', value: name, expected: 'resource names such as cpu, memory, ephemeral-storage or example.com/gpu' };
    const e = resourceQuantity(q);
    if (e) return { at: `.${name}`, value: q, expected: e };
  }
  return undefined;
};

/** `autoscaleMin` at most `autoscaleMax`, when both are valid on their own. */
function autoscaleOrder(value: unknown): Finding {
  if (!isPlainObject(value) || replicas(value.autoscaleMin) || replicas(value.autoscaleMax)) return undefined;
  const [min, max] = [value.autoscaleMin as number, value.autoscaleMax as number];
  return min > max ? { at: '.autoscaleMin', value: min, expected: `at most autoscaleMax (${max})` } : undefined;
}

/** `gateways`: every key but `enabled` names a gateway, which becomes a Service name (a DNS-1035 label). */
function gatewayNames(value: unknown): Finding {
  if (!isPlainObject(value)) return 'a map of gateway names to gateway settings';
  for (const [name, gw] of Object.entries(value)) {
    if (name === 'enabled') continue;
    if (dns1035Label(name)) return { at: '', value: name, expected: `gateway names that are Service names: ${dns1035Label(name)}` };
    if (!isPlainObject(gw)) return { at: `.${name}`, value: gw, expected: 'a map of gateway settings' };
  }
  return undefined;
}

const SERVICE_PORT_KEYS = ['name', 'port', 'targetPort', 'nodePort', 'protocol'];

/** A port of a gateway's Service. */
const servicePort: DeepCheck = (p) => {
  if (!isPlainObject(p)) return { at: '', value: p, expected: `a Service port: a map of ${SERVICE_PORT_KEYS.join(', ')}` };
  const unknown = Object.keys(p).find((k) => !SERVICE_PORT_KEYS.includes(k));
  if (unknown) return { at: `.${unknown}`, value: p[unknown], expected: `no such key (a Service port has ${SERVICE_PORT_KEYS.join(', ')})` };
  if (p.port === undefined) return { at: '.port', value: p.port, expected: 'a port number from 1 to 65535 (required)' };
  return undefined;
};

type PortEntry = { at: string; p: Record<string, unknown> };

/** The ports a gateway's Service gets: its `ports`, and its mesh expansion ports when mesh expansion is on. */
function gatewayServicePorts(gw: Record<string, unknown>, root: Record<string, unknown>): PortEntry[] {
  const global = isPlainObject(root.global) ? root.global : {};
  const meshExpansion = isPlainObject(global.meshExpansion) && global.meshExpansion.enabled === true;
  const lists: Array<[string, unknown]> = [['ports', gw.ports], ...(meshExpansion ? [['meshExpansionPorts', gw.meshExpansionPorts] as [string, unknown]] : [])];
  return lists.flatMap(([key, list]) => (Array.isArray(list) ? list : [])
    .map((p, i) => ({ at: `.${key}[${i}]`, p }))
    .filter((e): e is PortEntry => isPlainObject(e.p)));
}

/** A gateway's Service as a whole: names, numbers and node ports unique; options only its type allows. */
function gatewayService(value: unknown, ctx: RuleContext): Finding {
  if (!isPlainObject(value)) return undefined; // `gateways.enabled`, or reported by gatewayNames
  if (value.ports !== undefined && (!Array.isArray(value.ports) || value.ports.length === 0)) {
    return { at: '.ports', value: value.ports, expected: 'a list of at least one Service port' };
  }
  const ports = gatewayServicePorts(value, ctx.root);
  const names = new Map<unknown, string>();
  const numbers = new Map<unknown, string>();
  const nodePorts = new Map<unknown, string>();
  for (const { at, p } of ports) {
    const label = isString(p.name) ? p.name : at.slice(1);
    if (ports.length > 1 && (p.name === undefined || p.name === '')) {
      return { at: `${at}.name`, value: p.name, expected: 'a port name (a Service with several ports names each)' };
    }
    if (p.name !== undefined && names.has(p.name)) return { at: `${at}.name`, value: p.name, expected: `a name not already used by ${names.get(p.name)}` };
    names.set(p.name, at.slice(1));
    const protocol = p.protocol ?? 'TCP';
    const numberKey = `${String(p.port)}/${String(protocol)}`;
    if (numbers.has(numberKey)) return { at: `${at}.port`, value: p.port, expected: `a port number not already used by port ${numbers.get(numberKey)}` };
    numbers.set(numberKey, label);
    if (p.nodePort !== undefined) {
      if (nodePorts.has(p.nodePort)) return { at: `${at}.nodePort`, value: p.nodePort, expected: `a node port not already used by port ${nodePorts.get(p.nodePort)}` };
      nodePorts.set(p.nodePort, label);
    }
  }
  if (value.type === 'ClusterIP' && value.externalTrafficPolicy !== undefined && value.externalTrafficPolicy !== '') {
    return { at: '.externalTrafficPolicy', value: value.externalTrafficPolicy, expected: 'none with type ClusterIP (Kubernetes allows it only for NodePort and LoadBalancer)' };
  }
  if (value.type !== 'LoadBalancer' && Array.isArray(value.loadBalancerSourceRanges) && value.loadBalancerSourceRanges.length > 0) {
    return { at: '.loadBalancerSourceRanges', value: value.loadBalancerSourceRanges, expected: `none with type ${String(value.type)} (Kubernetes allows them only for LoadBalancer)` };
  }
  if (value.enabled === true && isPlainObject(value.labels) && Object.keys(value.labels).length === 0) {
    return { at: '.labels', value: value.labels, expected: 'at least one label (the gateway Deployment selects its pods by them)' };
  }
  return undefined;
}

/** A gateway's Secret volumes: names unique, mount paths unique. */
const secretVolumes: DeepCheck = (value) => {
  const shape = eachOf((v) => {
    if (!isPlainObject(v)) return { at: '', value: v, expected: 'a map of name, secretName, mountPath' };
    const name = dns1123Label(v.name);
    if (name) return { at: '.name', value: v.name, expected: `a volume name: ${name}` };
    const secret = dns1123Subdomain(v.secretName);
    if (secret) return { at: '.secretName', value: v.secretName, expected: `a Secret name: ${secret}` };
    if (!isString(v.mountPath) || v.mountPath === '') return { at: '.mountPath', value: v.mountPath, expected: 'a path such as /etc/istio/ingressgateway-certs' };
    return undefined;
  }, 'a list of Secret volumes')(value);
  if (shape) return shape;
  const list = value as Array<Record<string, unknown>>;
  for (const key of ['name', 'mountPath'] as const) {
    const seen = new Map<unknown, number>();
    for (let i = 0; i < list.length; i++) {
      if (seen.has(list[i][key])) return { at: `[${i}].${key}`, value: list[i][key], expected: `a ${key} not already used by secretVolumes[${seen.get(list[i][key])}]` };
      seen.set(list[i][key], i);
    }
  }
  return undefined;
};

/** `envoyStatsd` / `envoyMetricsService`: when enabled, host and port are required. */
function proxyAddress(value: unknown): Finding {
  if (!isPlainObject(value)) return 'a map of enabled, host, port';
  const { enabled, host, port: p } = value;
  if (host !== null && host !== undefined && (!isString(host) || /\s/.test(host))) return { at: '.host', value: host, expected: 'a host name without spaces, or empty' };
  if (p !== null && p !== undefined && port(p)) return { at: '.port', value: p, expected: port(p)! };
  if (enabled === true) {
    if (!isString(host) || host === '') return { at: '.host', value: host, expected: 'a host name such as statsd-svc.istio-system (required when enabled)' };
    if (p === null || p === undefined) return { at: '.port', value: p, expected: 'a port number from 1 to 65535 (required when enabled)' };
  }
  return undefined;
}

/** `global.arch`: architecture names and their scheduling weights (0 never; Kubernetes takes 1 to 100 as a weight). */
const archWeights: DeepCheck = (value) => {
  if (!isPlainObject(value)) return { at: '', value, expected: 'a map of architectures to weights' };
  for (const [arch, w] of Object.entries(value)) {
    if (labelValue(arch) || arch === '') return { at: '', value: arch, expected: 'architecture names that are label values, such as amd64' };
    const weight = typeof w === 'string' && /^\d+$/.test(w) ? Number(w) : w; // the chart pipes it through `int`
    if (!isWhole(weight) || weight < 0 || weight > 100) return { at: `.${arch}`, value: w, expected: 'a whole number from 0 (never scheduled) to 100 (a node affinity weight)' };
  }
  return undefined;
};

/** `prometheus.service.nodePort`: when enabled, its port is a node port. */
function prometheusNodePort(value: unknown, ctx: RuleContext): Finding {
  if (!isPlainObject(value) || value.enabled !== true) return undefined;
  const e = nodePort(ctx.nodePortRange)(value.port);
  return e ? { at: '.port', value: value.port, expected: e } : undefined;
}

/** `global.meshNetworks`: networks' endpoints (`fromCidr`) and gateways (`port`). */
const meshNetworks: DeepCheck = (value) => {
  if (!isPlainObject(value)) return { at: '', value, expected: 'a map of network names to networks' };
  for (const [name, network] of Object.entries(value)) {
    if (!isPlainObject(network)) return { at: `.${name}`, value: network, expected: 'a map of endpoints, gateways' };
    const endpoints = Array.isArray(network.endpoints) ? network.endpoints : [];
    for (let i = 0; i < endpoints.length; i++) {
      const e = endpoints[i];
      if (isPlainObject(e) && e.fromCidr !== undefined && cidr(e.fromCidr)) return { at: `.${name}.endpoints[${i}].fromCidr`, value: e.fromCidr, expected: cidr(e.fromCidr)! };
    }
    const gateways = Array.isArray(network.gateways) ? network.gateways : [];
    for (let i = 0; i < gateways.length; i++) {
      const g = gateways[i];
      if (isPlainObject(g) && port(g.port)) return { at: `.${name}.gateways[${i}].port`, value: g.port, expected: port(g.port)! };
    }
  }
  return undefined;
};

/** An addon's Ingress TLS entries. */
const ingressTls: DeepCheck = eachOf((t) => {
  if (!isPlainObject(t)) return { at: '', value: t, expected: 'a map of secretName, hosts' };
  if (t.secretName !== undefined && dns1123Subdomain(t.secretName)) return { at: '.secretName', value: t.secretName, expected: dns1123Subdomain(t.secretName)! };
  if (t.hosts === undefined) return undefined;
  const p = listOf(dns1123Subdomain, 'a list of host names')(t.hosts);
  return p ? { ...p, at: `.hosts${p.at}` } : undefined;
}, 'a list of TLS settings (secretName, hosts)');

/** A value the template prints unquoted, so a decimal string (`--set-string`, or `--set x=0...`) reads back as the number. */
const printedNumber = (check: Check): Check => (v) => (typeof v === 'string' && /^\d+$/.test(v) ? check(Number(v)) : check(v));
/** Like `printedNumber`, for decimals (`--set pilot.traceSampling=0.5` is a string in Helm 2.9.1). */
const printedDecimal = (check: Check): Check => (v) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? check(Number(v)) : check(v));
/** Annotations the chart writes with `| quote`: numbers and booleans become strings there. */
const quotedAnnotationMap: DeepCheck = (v) => annotationMap(isPlainObject(v)
  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'number' || typeof x === 'boolean' ? String(x) : x])) : v);
const nullOr = (check: DeepCheck): DeepCheck => (v) => (v === null ? undefined : check(v));
/** Values Helm's templates treat as unset (`{{ if }}` is false): null, '', an empty map; the chart's own examples use `{}`. */
const unsetOr = (check: DeepCheck): DeepCheck => (v) =>
  (v === null || v === '' || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) ? undefined : check(v));

// ------------------------------------------------------------------ the table

const r = (path: string, check: ValuesRule['check']): ValuesRule => ({ path, check });

/** Every rule, by value path. Order matters only among rules of the same path (the first problem is reported). */
export const VALUE_RULES: readonly ValuesRule[] = [
  // images
  r('**.hub', hub),
  r('**.tag', imageTag),
  r('**', hubAndTag),
  r('**.image', componentImage),
  r('istiocoredns.coreDNSImage', imageReference),
  r('istiocoredns.coreDNSPluginImage', imageReference),
  r('global.imagePullPolicy', oneOf(PULL_POLICIES)),
  r('global.imagePullSecrets', nullOr(listOf(dns1123Subdomain, 'a list of Secret names'))),

  // global and the sidecar proxy
  r('global.monitoringPort', port),
  r('global.logging.level', istioLogLevels),
  r('global.outboundTrafficPolicy.mode', oneOf(OUTBOUND_TRAFFIC_POLICY_MODES)),
  r('global.priorityClassName', emptyOr(dns1123Subdomain)),
  r('global.k8sIngress.gatewayName', (v) => (v === '' ? 'a label value (the istio label of the gateway), not empty' : labelValue(v))),
  r('global.arch', archWeights),
  r('global.defaultNodeSelector', labelMap('node label')),
  r('global.defaultTolerations', tolerations),
  r('global.meshNetworks', meshNetworks),
  r('global.istioNamespace', dns1123Label),
  r('global.configRootNamespace', dns1123Label),
  r('global.defaultConfigVisibilitySettings', listOf(exportToValue, 'a list of . or *')),
  r('global.refreshInterval', positiveGoDuration),
  r('global.proxy.clusterDomain', dns1123Subdomain),
  r('global.proxy.concurrency', printedNumber(nonNegativeInt32)),
  r('global.proxy.accessLogFile', string),
  r('global.proxy.accessLogFormat', string),
  r('global.proxy.accessLogEncoding', oneOf(ACCESS_LOG_ENCODINGS)),
  r('global.proxy.logLevel', envoyLogLevel),
  r('global.proxy.componentLogLevel', envoyComponentLogLevels),
  r('global.proxy.dnsRefreshRate', secondsDuration),
  r('global.proxy.statusPort', wholeNumber(0, 65535, '(0 turns the health check off)')),
  r('global.proxy.readinessInitialDelaySeconds', nonNegativeInt32),
  r('global.proxy.readinessPeriodSeconds', positiveInt32),
  r('global.proxy.readinessFailureThreshold', positiveInt32),
  r('global.proxy.includeIPRanges', cidrList({ star: true })),
  r('global.proxy.excludeIPRanges', cidrList()),
  r('global.proxy.includeInboundPorts', portList({ star: true })),
  r('global.proxy.excludeInboundPorts', portList()),
  r('global.proxy.excludeOutboundPorts', portList()),
  r('global.proxy.kubevirtInterfaces', interfaceList),
  r('global.proxy.autoInject', oneOf(['enabled', 'disabled'])),
  r('global.proxy.tracer', oneOf(PROXY_TRACERS)),
  r('global.proxy.envoyStatsd', proxyAddress),
  r('global.proxy.envoyMetricsService', proxyAddress),

  // every component: switches, replicas, autoscaling, resources, scheduling, metadata, environment
  r('**.enabled', boolean),
  r('**.autoscaleEnabled', boolean),
  r('**.replicaCount', replicas),
  r('**.autoscaleMin', replicas),
  r('**.autoscaleMax', replicas),
  r('**', autoscaleOrder),
  r('**.cpu.targetAverageUtilization', wholeNumber(1, 100, '(percent of the CPU request)')),
  r('**.resources', resourceRequirements),
  r('**.resources.requests', resourceList),
  r('**.resources.limits', resourceList),
  r('global.defaultResources', resourceRequirements),
  r('global.defaultResources.requests', resourceList),
  r('global.defaultResources.limits', resourceList),
  r('**.nodeSelector', labelMap('node label')),
  r('**.tolerations', tolerations),
  r('**.podAntiAffinityLabelSelector', eachOf(chartAntiAffinityTerm, 'a list of anti-affinity terms')),
  r('**.podAntiAffinityTermLabelSelector', eachOf(chartAntiAffinityTerm, 'a list of anti-affinity terms')),
  r('**.labels', labelMap()),
  r('**.podAnnotations', annotationMap),
  r('**.serviceAnnotations', quotedAnnotationMap),
  r('**.env', envMap),
  r('**.contextPath', contextPath),

  // gateways (any name)
  r('gateways', gatewayNames),
  r('gateways.*', gatewayService),
  r('gateways.*.type', oneOf(SERVICE_TYPE_VALUES)),
  ...['ports', 'meshExpansionPorts'].flatMap((list) => [
    r(`gateways.*.${list}[*]`, servicePort),
    r(`gateways.*.${list}[*].port`, port),
    r(`gateways.*.${list}[*].targetPort`, targetPort),
    r(`gateways.*.${list}[*].nodePort`, (v, ctx) => nodePort(ctx.nodePortRange)(v)),
    r(`gateways.*.${list}[*].name`, servicePortName),
    r(`gateways.*.${list}[*].protocol`, oneOf(['TCP', 'UDP', 'SCTP'])),
  ]),
  r('gateways.*.loadBalancerIP', emptyOr(ipAddress)),
  r('gateways.*.loadBalancerSourceRanges', unsetOr(listOf(cidr, 'a list of CIDR blocks'))),
  r('gateways.*.externalIPs', unsetOr(listOf(ipAddress, 'a list of IP addresses'))),
  r('gateways.*.externalTrafficPolicy', oneOf(['Local', 'Cluster'])),
  r('gateways.*.applicationPorts', portList()),
  r('gateways.*.secretVolumes', secretVolumes),

  // control plane components
  r('pilot.traceSampling', printedDecimal(numberIn(0, 100))),
  r('pilot.keepaliveMaxServerConnectionAge', positiveGoDuration),
  r('security.workloadCertTtl', positiveGoDuration),
  r('mixer.telemetry.loadshedding.mode', oneOf(['disabled', 'logonly', 'enforce'])),
  r('mixer.telemetry.loadshedding.latencyThreshold', positiveGoDuration),
  r('mixer.adapters.prometheus.metricsExpiryDuration', nonNegativeGoDuration),
  r('sidecarInjectorWebhook.alwaysInjectSelector', eachOf(labelSelector, 'a list of label selectors')),
  r('sidecarInjectorWebhook.neverInjectSelector', eachOf(labelSelector, 'a list of label selectors')),

  // addons: Services, Ingresses, storage
  r('*.service.type', oneOf(SERVICE_TYPE_VALUES)),
  r('*.service.name', servicePortName),
  r('*.service.externalPort', printedNumber(port)),
  r('*.service.annotations', quotedAnnotationMap),
  r('*.service.loadBalancerIP', orNull(emptyOr(ipAddress))),
  r('*.service.loadBalancerSourceRanges', nullOr(listOf(cidr, 'a list of CIDR blocks'))),
  r('prometheus.service.nodePort', prometheusNodePort),
  r('*.ingress.hosts', nullOr(listOf(dns1123Subdomain, 'a list of host names'))),
  r('*.ingress.annotations', nullOr(annotationMap)),
  r('*.ingress.tls', nullOr(ingressTls)),
  r('prometheus.retention', prometheusDuration),
  r('prometheus.scrapeInterval', prometheusDuration),
  r('grafana.accessMode', oneOf(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'])),
  r('grafana.storageClassName', emptyOr(dns1123Subdomain)),
  r('grafana.security.secretName', dns1123Subdomain),
  r('grafana.security.usernameKey', configMapKey),
  r('grafana.security.passphraseKey', configMapKey),
  r('kiali.dashboard.secretName', dns1123Subdomain),
  r('tracing.provider', oneOf(['jaeger', 'zipkin'])),
  r('tracing.jaeger.memory.max_traces', positiveInt32),
  r('tracing.zipkin.queryPort', port),
  r('tracing.zipkin.probeStartupDelay', nonNegativeInt32),
  r('tracing.zipkin.javaOptsHeap', positiveInt32),
  r('tracing.zipkin.maxSpans', positiveInt32),
  r('tracing.zipkin.node.cpus', positiveInt32),
];

// ------------------------------------------------------------------ patterns

type Token = { kind: 'key'; name: string } | { kind: 'anyKey' } | { kind: 'anyIndex' } | { kind: 'globstar' };

/** Parse a pattern such as `gateways.*.ports[*].nodePort` into tokens. */
export function compilePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (const m of pattern.matchAll(/\[\*\]|\*\*|\*|[^.[\]*]+/g)) {
    const t = m[0];
    tokens.push(t === '[*]' ? { kind: 'anyIndex' } : t === '**' ? { kind: 'globstar' } : t === '*' ? { kind: 'anyKey' } : { kind: 'key', name: t });
  }
  return tokens;
}

function matchTokens(tokens: readonly Token[], ti: number, segments: readonly Segment[], si: number): boolean {
  if (ti === tokens.length) return si === segments.length;
  const t = tokens[ti];
  if (t.kind === 'globstar') {
    for (let k = si; k <= segments.length; k++) if (matchTokens(tokens, ti + 1, segments, k)) return true;
    return false;
  }
  if (si === segments.length) return false;
  const s = segments[si];
  const ok = t.kind === 'anyIndex' ? typeof s === 'number' : typeof s === 'string' && (t.kind === 'anyKey' || s === t.name);
  return ok && matchTokens(tokens, ti + 1, segments, si + 1);
}

/** Whether a values path (`['gateways', 'my-gw', 'ports', 2, 'nodePort']`) matches a pattern. */
export function matchesPattern(pattern: string | readonly Token[], segments: readonly Segment[]): boolean {
  return matchTokens(typeof pattern === 'string' ? compilePattern(pattern) : pattern, 0, segments, 0);
}

/** `values.gateways.my-gw.ports[2].nodePort` */
export function formatPath(segments: readonly Segment[], root = 'values'): string {
  return segments.reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : `${p}.${shortKey(s)}`), root);
}

// ------------------------------------------------------------------ the walk

const COMPILED = VALUE_RULES.map((rule, index) => ({ rule, index, tokens: compilePattern(rule.path) }));
type Compiled = typeof COMPILED[number];
/** Rules whose pattern ends in a key, by that key; the others are tried on every value. */
const BY_LAST_KEY = new Map<string, Compiled[]>();
const ANY_LAST: Compiled[] = [];
for (const c of COMPILED) {
  const last = c.tokens[c.tokens.length - 1];
  if (last?.kind === 'key') BY_LAST_KEY.set(last.name, [...(BY_LAST_KEY.get(last.name) ?? []), c]);
  else ANY_LAST.push(c);
}

/** The rules that may apply at a path ending in `last`, in declaration order (computed once per key). */
const CANDIDATES = new Map<string, Compiled[]>();
function candidates(segments: readonly Segment[]): Compiled[] {
  const last = segments[segments.length - 1];
  if (typeof last !== 'string') return ANY_LAST;
  let list = CANDIDATES.get(last);
  if (list === undefined) {
    const byKey = BY_LAST_KEY.get(last) ?? [];
    list = byKey.length ? [...byKey, ...ANY_LAST].sort((a, b) => a.index - b.index) : ANY_LAST;
    CANDIDATES.set(last, list);
  }
  return list;
}
const OPAQUE_TOKENS = OPAQUE.map(compilePattern);
/** Whether the walk stops at this path (a free-form map the chart passes through). */
function opaque(segments: readonly Segment[]): boolean {
  const last = segments[segments.length - 1];
  return OPAQUE_TOKENS.some((t) => {
    const end = t[t.length - 1];
    return (end?.kind !== 'key' || end.name === last) && matchTokens(t, 0, segments, 0);
  });
}

/** The node port range as `[min, max]`, refusing anything but two port numbers in order. */
export function checkNodePortRange(range: unknown, path = 'nodePortRange'): readonly [number, number] {
  if (range === undefined) return DEFAULT_NODE_PORT_RANGE;
  const isPort = (n: unknown): n is number => isWhole(n) && n >= 1 && n <= 65535;
  if (isPlainObject(range)) {
    const unknown = Object.keys(range).find((k) => k !== 'min' && k !== 'max');
    if (unknown !== undefined) throw new IstioOptionError(`${path}.${shortKey(unknown)}`, preview(range[unknown]), 'no such key (allowed: min, max)');
    for (const key of ['min', 'max'] as const) {
      if (!isPort(range[key])) throw new IstioOptionError(`${path}.${key}`, preview(range[key]), 'a port number from 1 to 65535 (kube-apiserver --service-node-port-range)');
    }
    const [min, max] = [range.min as number, range.max as number];
    if (min > max) throw new IstioOptionError(`${path}.min`, min, `at most max (${max})`);
    return [min, max];
  }
  if (!Array.isArray(range) || range.length !== 2 || !range.every(isPort) || range[0] > range[1]) {
    throw new IstioOptionError(path, preview(range), 'two whole port numbers [min, max] with min at most max, such as [30000, 32767]');
  }
  return [range[0], range[1]];
}

function fail(segments: readonly Segment[], value: unknown, finding: Exclude<Finding, undefined>): never {
  const base = formatPath(segments);
  if (typeof finding === 'string') throw new IstioOptionError(base, preview(value), finding);
  const at = finding.at.replace(/\.([^.[\]]+)/g, (_m, k: string) => `.${shortKey(k)}`);
  throw new IstioOptionError(`${base}${at}`, preview(finding.value), finding.expected);
}

/** Node ports are cluster-wide: two Services of the installation cannot share one. */
function checkNodePortsAcrossServices(root: Record<string, unknown>) {
  const owners = new Map<unknown, string>();
  const claim = (segments: Segment[], value: unknown) => {
    if (value === undefined) return;
    const path = formatPath(segments);
    const owner = owners.get(value);
    if (owner !== undefined) throw new IstioOptionError(path, preview(value), `a node port not already used by ${owner} (node ports are cluster-wide)`);
    owners.set(value, path);
  };
  const gateways = root.gateways;
  if (isPlainObject(gateways) && gateways.enabled !== false) {
    for (const [name, gw] of Object.entries(gateways)) {
      if (!isPlainObject(gw) || gw.enabled !== true || gw.type === 'ClusterIP') continue;
      for (const { at, p } of gatewayServicePorts(gw, root)) {
        const [, list, index] = /^\.(\w+)\[(\d+)\]$/.exec(at)!;
        claim(['gateways', name, list, Number(index), 'nodePort'], p.nodePort);
      }
    }
  }
  const prometheus = root.prometheus;
  if (isPlainObject(prometheus) && prometheus.enabled === true && isPlainObject(prometheus.service)
    && isPlainObject(prometheus.service.nodePort) && prometheus.service.nodePort.enabled === true) {
    claim(['prometheus', 'service', 'nodePort', 'port'], prometheus.service.nodePort.port);
  }
}

/**
 * Check a resolved values tree against every rule; throws an `IstioOptionError` for the first problem, with its path
 * under `values`, a short quotation of the value and what is allowed.
 */
export function validateValues(values: object, options: ValidateValuesOptions = {}): void {
  const nodePortRange = checkNodePortRange(options.nodePortRange);
  if (!isPlainObject(values)) throw new IstioOptionError('values', preview(values), 'a map of the chart values');
  const root = values;
  const global = (root as Record<string, unknown>).global;
  const visit = (node: unknown, segments: Segment[]) => {
    if (node === undefined) return;
    // A subchart's copy of `global` (`pilot.global`, ...) that equals the top-level one, already checked as `global`:
    // the rules that could apply there are the top level's, on the same values. A third of the tree, so skipped.
    if (segments.length === 2 && segments[1] === 'global' && isDeepStrictEqual(node, global)) return;
    const ctx: RuleContext = { root, path: segments, nodePortRange };
    const rules = candidates(segments);
    for (let i = 0; i < rules.length; i++) {
      if (!matchTokens(rules[i].tokens, 0, segments, 0)) continue;
      const finding = rules[i].rule.check(node, ctx);
      if (finding !== undefined) fail(segments, node, finding);
    }
    if (opaque(segments)) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) visit(node[i], segments.concat(i));
    } else if (isPlainObject(node)) {
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) visit(node[keys[i]], segments.concat(keys[i]));
    }
  };
  visit(root, []);
  checkNodePortsAcrossServices(root);
}

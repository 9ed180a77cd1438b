import { cloneValues, DEFAULT_ISTIO_VERSION, ISTIO_VERSIONS, IstioVersion, DeepPartial, isTable, istioChartDefaults, PROFILES, Profile, SetSyntaxError, resolveChart, SUBCHARTS, userValues, Value, ValuesMap } from './chart';
import { FREE_MAPS, KeyTree, knownKeys } from './chart/known-keys';
import { mark } from './timing';
import { validateValues } from './validation/values-rules';
import { IstioValues, SERVICE_TYPES, ServiceType } from './values';

export { PROFILES, ISTIO_VERSIONS, DEFAULT_ISTIO_VERSION };
export type { DeepPartial, Profile, IstioVersion };

/** Mutual TLS across the mesh: the release's `istio-demo.yaml` (permissive) or `istio-demo-auth.yaml` (strict). */
export type MeshMode = 'permissive' | 'strict';
export const MESH_MODES: readonly MeshMode[] = ['permissive', 'strict'];

/**
 * How mesh-wide custom resources reach the cluster: `release` reproduces the release's Helm post-install
 * Jobs; `gitops` emits the resources themselves, ordered after the CRDs.
 */
export type Delivery = 'release' | 'gitops';
export const DELIVERIES: readonly Delivery[] = ['release', 'gitops'];


/** Node ports of the ingress gateway's standard ports (used when its Service type is NodePort or LoadBalancer). */
export interface IngressNodePorts {
  /** Node port of port 80 (`http2`). @default 31380 */
  readonly http2?: number;
  /** Node port of port 443 (`https`). @default 31390 */
  readonly https?: number;
  /** Node port of port 31400 (`tcp`). @default 31400 */
  readonly tcp?: number;
}

/** Settings of the ingress gateway's Service. */
export interface IngressGatewayProps {
  /**
   * The Service type. `ClusterIP` drops every node port (upstream's chart keeps them and Kubernetes
   * rejects the Service: istio/istio#14584).
   * @default 'LoadBalancer'
   */
  readonly type?: ServiceType;
  /** Node ports of the http2, https and tcp ports. @default - 31380, 31390, 31400 */
  readonly nodePorts?: IngressNodePorts;
  /** A fixed load balancer IP. @default - none, the cloud provider picks one */
  readonly loadBalancerIP?: string;
  /** Client CIDRs allowed through the load balancer. @default - all */
  readonly loadBalancerSourceRanges?: string[];
  /** Annotations on the Service (cloud load balancer settings). @default - none */
  readonly serviceAnnotations?: Record<string, string>;
  /** `Local` preserves client source IPs. @default - unset, Kubernetes uses Cluster */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
}

/** Props of the whole Istio installation. Every prop is optional: the defaults are the release's demo profile. */
export interface IstioProps {
  /**
   * Mutual TLS mode: `permissive` is the release's `istio-demo.yaml`, `strict` its `istio-demo-auth.yaml`
   * (mutual TLS between workloads and for the control plane).
   * @default 'permissive'
   */
  readonly mode?: MeshMode;
  /**
   * `release` applies the MeshPolicy and friends through the release's post-install Jobs; `gitops` emits them as
   * objects in their own file, with no Jobs.
   * @default 'release'
   */
  readonly delivery?: Delivery;
  /**
   * With `delivery: 'gitops'`, add Argo CD `argocd.argoproj.io/sync-wave` annotations (CRDs first).
   * @default false
   */
  readonly argoCdSyncWaves?: boolean;
  /**
   * The Istio 1.2 patch release to install: its chart's values, templates, injection template and CRDs, and its images
   * (unless `tag` is set). Pick the newest, 1.2.10, for its security fixes.
   * @default '1.2.2'
   */
  readonly version?: IstioVersion;
  /** Registry of the Istio images (sets `global.hub`). @default 'docker.io/istio' */
  readonly hub?: string;
  /** Tag of the Istio images (sets `global.tag`). @default - the `version` */
  readonly tag?: string;
  /** The ingress gateway's Service. @default - a LoadBalancer with node ports 31380/31390/31400 */
  readonly ingressGateway?: IngressGatewayProps;
  /**
   * The chart profile the values start from: `default` is the chart's `values.yaml` (Istio's production profile),
   * the others `values-istio-<profile>.yaml` over it, exactly as `helm template -f` applies them.
   * @default 'demo'
   */
  readonly profile?: Profile;
  /**
   * Settings of the Istio 1.2 chart's values, under the chart's own paths, like a Helm values file, e.g.
   * `{ pilot: { autoscaleMin: 2 }, grafana: { enabled: false } }`; a list is applied in order, like repeated
   * `-f` files. Helm 2's rules: maps merge, lists and scalars replace, `null` deletes a key.
   * @default - the profile's values
   */
  readonly values?: DeepPartial<IstioValues> | DeepPartial<IstioValues>[];
  /**
   * Helm `--set` expressions (`pilot.autoscaleMin=2`, `gateways.istio-ingressgateway.ports[0].nodePort=31000`,
   * `global.podDNSSearchNamespaces={a,b}`), applied after `values`; `true`/`false` and integers are typed as Helm types them.
   * @default []
   */
  readonly set?: string[];
  /** Helm `--set-string` expressions: like `set`, every value a string; applied last. @default [] */
  readonly setString?: string[];
  /**
   * The node-port range of the cluster (`--service-node-port-range` of the API server); node ports outside it are refused.
   * @default - 30000-32767
   */
  readonly nodePortRange?: NodePortRange;
}

/** A range of node ports, both ends included. */
export interface NodePortRange {
  /** The lowest node port. */
  readonly min: number;
  /** The highest node port. */
  readonly max: number;
}

/** The resolved options every component reads. */
export interface IstioConfig {
  /** `strict` when the values turn mutual TLS on (`global.mtls.enabled`). */
  readonly mode: MeshMode;
  /** The chart profile the values started from. */
  readonly profile: Profile;
  /** The patch release whose chart renders. */
  readonly version: IstioVersion;
  /** How the mesh-wide custom resources are applied. */
  readonly delivery: Delivery;
  /** Whether the objects carry Argo CD sync-wave annotations. */
  readonly argoCdSyncWaves: boolean;
  /** The namespace of the control plane. */
  readonly namespace: string;
  /** The Helm release name the labels carry. */
  readonly release: string;
  /** The chart's values after every layer (chart defaults, profile, `values`, `set`, `setString`, the props). */
  readonly values: IstioValues;
  /** The subcharts Helm renders for these values (their `requirements.yaml` conditions), e.g. `pilot`, `nodeagent`. */
  readonly subcharts: ReadonlySet<string>;
}

export const ISTIO_NAMESPACE = 'istio-system';
export const RELEASE_NAME = 'istio';

const PROP_KEYS = ['version', 'mode', 'delivery', 'argoCdSyncWaves', 'hub', 'tag', 'ingressGateway', 'profile', 'values', 'set', 'setString', 'nodePortRange'];
const INGRESS_KEYS = ['type', 'nodePorts', 'loadBalancerIP', 'loadBalancerSourceRanges', 'serviceAnnotations', 'externalTrafficPolicy'];
const NODE_PORT_KEYS = ['http2', 'https', 'tcp'];
const DEFAULT_NODE_PORT_RANGE: NodePortRange = { min: 30000, max: 32767 };

/** A value as JSON, cut to its first 80 characters when long: a message never repeats a huge input. */
function preview(v: unknown): string {
  let text: string;
  try { text = JSON.stringify(v) ?? String(v); } catch { text = String(v); }
  return text.length > 120 ? `${text.slice(0, 80)}…` : text;
}

/** A bad prop or option: names the path, the value received and what is allowed. */
export class IstioOptionError extends Error {
  /**
   * @param path - the prop path of the bad value, e.g. `values.pilot.autoscaleMin`
   * @param received - the value given
   * @param expected - what is allowed there
   * @param scope - the construct path the props were given to, when known
   */
  constructor(
    /** The prop path of the bad value, e.g. `values.pilot.autoscaleMin`. */
    readonly path: string,
    /** The value given. */
    readonly received: unknown,
    /** What is allowed there. */
    readonly expected: string,
    /** The construct path the props were given to, when known. */
    readonly scope?: string,
  ) {
    super(`${scope ? `[${scope}] ` : ''}${path}: got ${preview(received)}, expected ${expected}`);
    this.name = 'IstioOptionError';
  }

  /** The same error, prefixed with the construct path it was raised for. */
  public at(scope: string): IstioOptionError {
    return new IstioOptionError(this.path, this.received, this.expected, scope);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkKeys(obj: Record<string, unknown>, allowed: string[], path: string) {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new IstioOptionError(`${path}${path ? '.' : ''}${k}`, obj[k], `no such key (allowed: ${allowed.join(', ')})`);
  }
}

function checkEnum<T>(value: unknown, allowed: readonly T[], path: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new IstioOptionError(path, value, `one of ${allowed.join(', ')}`);
  return value as T;
}

const short = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** The chart's defaults (every subchart's), used to check the kind of value a user sets. */
let defaultsCache: ValuesMap | undefined;
function chartDefaults(): ValuesMap {
  if (!defaultsCache) {
    const all = istioChartDefaults();
    for (const s of SUBCHARTS) all[s.name] = { ...cloneValues(s.defaults), ...(isTable(all[s.name]) ? all[s.name] as ValuesMap : {}) };
    defaultsCache = all;
  }
  return defaultsCache;
}

const kindOf = (v: Value | undefined) => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'map' : typeof v);

/**
 * Refuse keys the chart does not have (with the keys it has there) and values of another kind than the chart's
 * default (a map for a scalar, a list for a map, a boolean for a number ...). Numbers and strings may stand for each
 * other, as in Helm (`--set global.tag=2` is a number).
 */
function checkUserValues(v: Value, keys: KeyTree | true, defaults: Value | undefined, path: string): void {
  if (!isTable(v)) {
    const want = kindOf(defaults);
    const got = kindOf(v);
    if (want === 'null' || got === 'null' || want === got) return;
    if ((want === 'number' && got === 'string') || (want === 'string' && got === 'number')) return;
    throw new IstioOptionError(path, v, `a ${want === 'map' ? 'map' : want === 'list' ? 'list' : want} (like the chart's default ${short(defaults)})`);
  }
  if (keys === true) {
    if (defaults !== undefined && defaults !== null && !isTable(defaults)) throw new IstioOptionError(path, v, `a ${kindOf(defaults)} (like the chart's default ${short(defaults)})`);
    return;
  }
  const last = path.split('.').pop() ?? '';
  if (FREE_MAPS.has(last)) return;
  const isGateways = path === 'values.gateways';
  for (const [k, x] of Object.entries(v)) {
    const sub = `${path}.${k}`;
    const keyTree = isGateways && k !== 'enabled' ? keys['*'] : keys[k];
    if (keyTree === undefined) {
      const allowed = Object.keys(keys).filter((n) => n !== '*').sort();
      throw new IstioOptionError(sub, x, `a key of the Istio 1.2 chart values (allowed under ${path}: ${allowed.join(', ')}${isGateways ? ', or a gateway name' : ''})`);
    }
    let d = isTable(defaults) ? defaults[k] : undefined;
    if (isGateways && k !== 'enabled' && d === undefined) d = (defaults as ValuesMap)['istio-ingressgateway'];
    checkUserValues(x as Value, keyTree, isGateways && k !== 'enabled' && !(isTable(defaults) && k in defaults) ? undefined : d, sub);
  }
}

function checkNodePort(value: unknown, path: string, range: NodePortRange = DEFAULT_NODE_PORT_RANGE): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new IstioOptionError(path, value, `a whole number from ${range.min} to ${range.max} (the cluster's node-port range; set nodePortRange if yours differs)`);
  }
  return value;
}

/** The user's values layers, in order: `values` (one map or a list). */
function valueLayers(values: IstioProps['values']): ValuesMap[] {
  if (values === undefined) return [];
  const list = Array.isArray(values) ? values : [values];
  return list.map((l, i) => {
    const path = Array.isArray(values) ? `values[${i}]` : 'values';
    if (l === null) return {};
    if (!isPlainObject(l)) throw new IstioOptionError(path, l, 'a map of Istio chart values');
    return l as unknown as ValuesMap;
  });
}

function stringList(v: unknown, path: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new IstioOptionError(path, v, 'a list of Helm --set expressions (strings like "pilot.autoscaleMin=2")');
  return v;
}

/**
 * Resolve props into the one options tree, refusing bad input eagerly. Errors name the prop path, the value
 * received and what is allowed.
 */
export function resolveOptions(input: IstioProps = {}): IstioConfig {
  // The CLI checks the props before synth builds the chart from the same object: resolve it once.
  const known = resolved.get(input);
  if (known && known.json === JSON.stringify(input)) return known.config;
  mark('options');
  const config = resolveOptionsUncached(input);
  mark('options-done');
  if (isPlainObject(input)) resolved.set(input, { json: JSON.stringify(input), config });
  return config;
}

/** Props objects already resolved, with their JSON (a props object changed since is resolved again). */
const resolved = new WeakMap<object, { json: string; config: IstioConfig }>();

function resolveOptionsUncached(input: IstioProps): IstioConfig {
  if (!isPlainObject(input)) throw new IstioOptionError('props', input, 'a map of IstioProps');
  checkKeys(input, PROP_KEYS, '');
  const props: IstioProps = input;
  const explicitMode = checkEnum(props.mode, MESH_MODES, 'mode');
  if (props.version !== undefined && !ISTIO_VERSIONS.includes(props.version)) {
    throw new IstioOptionError('version', props.version, `a supported Istio release: ${ISTIO_VERSIONS.join(', ')}`);
  }
  const version = props.version ?? DEFAULT_ISTIO_VERSION;
  const profile = checkEnum(props.profile, PROFILES, 'profile') ?? 'demo';
  const delivery = checkEnum(props.delivery, DELIVERIES, 'delivery') ?? 'release';
  if (props.argoCdSyncWaves !== undefined && typeof props.argoCdSyncWaves !== 'boolean') {
    throw new IstioOptionError('argoCdSyncWaves', props.argoCdSyncWaves, 'true or false');
  }
  if (props.argoCdSyncWaves && delivery !== 'gitops') {
    throw new IstioOptionError('argoCdSyncWaves', props.argoCdSyncWaves, `false with delivery ${delivery} (sync waves need delivery: gitops)`);
  }
  for (const key of ['hub', 'tag'] as const) {
    const v = props[key];
    if (v !== undefined && (typeof v !== 'string' || v.length === 0 || /\s/.test(v))) {
      throw new IstioOptionError(key, v, 'a non-empty string without spaces');
    }
  }
  let range = DEFAULT_NODE_PORT_RANGE;
  if (props.nodePortRange !== undefined) {
    const r = props.nodePortRange as unknown;
    if (!isPlainObject(r)) throw new IstioOptionError('nodePortRange', r, 'a map { min, max }');
    checkKeys(r, ['min', 'max'], 'nodePortRange');
    for (const k of ['min', 'max'] as const) {
      const n = r[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) throw new IstioOptionError(`nodePortRange.${k}`, n, 'a port number from 1 to 65535');
    }
    if ((r.min as number) > (r.max as number)) throw new IstioOptionError('nodePortRange.min', r.min, `at most nodePortRange.max (${r.max})`);
    range = { min: r.min as number, max: r.max as number };
  }

  const layers = valueLayers(props.values);
  const set = stringList(props.set, 'set');
  const setString = stringList(props.setString, 'setString');
  // What the user set, alone (no profile), checked key by key against the chart before anything is coalesced.
  let user: ValuesMap;
  try {
    user = userValues({ version, profile: 'default', values: layers, set, setString });
  } catch (e) {
    if (e instanceof SetSyntaxError) throw new IstioOptionError('set', e.expression, `a Helm --set expression (${e.detail})`);
    throw e;
  }
  checkUserValues(user, knownKeys(), chartDefaults(), 'values');

  // The mode, hub and tag props come last, like the release Makefile's --set flags.
  const finalSet: string[] = [];
  if (explicitMode !== undefined) {
    const strict = explicitMode === 'strict';
    // The mode owns these two values: setting them apart from it would give a half-strict mesh.
    const mtls = isTable(user.global) && isTable(user.global.mtls) ? user.global.mtls.enabled : undefined;
    const cps = isTable(user.global) ? user.global.controlPlaneSecurityEnabled : undefined;
    for (const [path, v] of [['values.global.mtls.enabled', mtls], ['values.global.controlPlaneSecurityEnabled', cps]] as const) {
      if (v !== undefined && v !== strict) throw new IstioOptionError(path, v, `${strict} with mode ${explicitMode} (set mode instead)`);
    }
    finalSet.push(`global.mtls.enabled=${strict}`, `global.controlPlaneSecurityEnabled=${strict}`);
  }
  const extra: ValuesMap = {};
  if (props.hub !== undefined) extra.global = { hub: props.hub };
  if (props.tag !== undefined) extra.global = { ...(extra.global as ValuesMap ?? {}), tag: props.tag };
  let tree: ValuesMap;
  let subcharts: readonly string[];
  try {
    ({ values: tree, subcharts } = resolveChart({ version, profile, values: [...layers, extra], set: [...set, ...finalSet], setString }));
  } catch (e) {
    if (e instanceof TypeError) throw new IstioOptionError('values', undefined, e.message);
    throw e;
  }

  const ig = props.ingressGateway;
  if (ig !== undefined) tree = applyIngressGateway(tree, ig, range);
  // What Kubernetes and Istio would refuse: replicas, autoscaling bounds, Service types and node ports, quantities,
  // label keys, images, durations, tolerations ...
  validateValues(tree, { nodePortRange: range });
  const values = tree as unknown as IstioValues;
  const mode: MeshMode = values.global?.mtls?.enabled === true ? 'strict' : 'permissive';
  return {
    mode, profile, version, delivery, argoCdSyncWaves: props.argoCdSyncWaves ?? false, namespace: ISTIO_NAMESPACE, release: RELEASE_NAME, values,
    subcharts: new Set(subcharts),
  };
}

/** The `ingressGateway` prop, written into the tree so that every component and the injector's values JSON agree. */
function applyIngressGateway(tree: ValuesMap, ig: IngressGatewayProps, range: NodePortRange): ValuesMap {
  if (!isPlainObject(ig as unknown)) throw new IstioOptionError('ingressGateway', ig, 'a map of IngressGatewayProps');
  checkKeys(ig as Record<string, unknown>, INGRESS_KEYS, 'ingressGateway');
  const type = checkEnum(ig.type, SERVICE_TYPES, 'ingressGateway.type');
  checkEnum(ig.externalTrafficPolicy, ['Local', 'Cluster'], 'ingressGateway.externalTrafficPolicy');
  const nodePorts = (ig.nodePorts ?? {}) as Record<string, unknown>;
  if (!isPlainObject(nodePorts)) throw new IstioOptionError('ingressGateway.nodePorts', nodePorts, 'a map of http2, https, tcp');
  checkKeys(nodePorts, NODE_PORT_KEYS, 'ingressGateway.nodePorts');
  for (const k of NODE_PORT_KEYS) checkNodePort(nodePorts[k], `ingressGateway.nodePorts.${k}`, range);
  if (ig.loadBalancerSourceRanges !== undefined && (!Array.isArray(ig.loadBalancerSourceRanges) || ig.loadBalancerSourceRanges.some((r) => typeof r !== 'string'))) {
    throw new IstioOptionError('ingressGateway.loadBalancerSourceRanges', ig.loadBalancerSourceRanges, 'a list of CIDR strings');
  }
  const gateways = isTable(tree.gateways) ? tree.gateways : undefined;
  const gw = gateways && isTable(gateways['istio-ingressgateway']) ? gateways['istio-ingressgateway'] as ValuesMap : undefined;
  if (!gateways || !gw) throw new IstioOptionError('ingressGateway', ig, 'no ingressGateway settings: this profile has no istio-ingressgateway (set them under values.gateways instead)');
  const oldPorts = (Array.isArray(gw.ports) ? gw.ports : []) as ValuesMap[];
  const ports = oldPorts.map((p) => {
    const np = nodePorts[String(p.name)] as number | undefined;
    return np === undefined ? p : { ...p, nodePort: np };
  });
  for (const name of NODE_PORT_KEYS) {
    const np = nodePorts[name];
    const other = ports.find((p) => p.name !== name && p.nodePort === np);
    if (np !== undefined && other) {
      throw new IstioOptionError(`ingressGateway.nodePorts.${name}`, np, `a node port not already used by port ${other.name}`);
    }
  }
  return {
    ...tree,
    gateways: {
      ...gateways,
      'istio-ingressgateway': {
        ...gw,
        type: type ?? gw.type,
        ports,
        loadBalancerIP: ig.loadBalancerIP ?? gw.loadBalancerIP ?? null,
        loadBalancerSourceRanges: ig.loadBalancerSourceRanges ?? gw.loadBalancerSourceRanges ?? null,
        serviceAnnotations: { ...(isTable(gw.serviceAnnotations) ? gw.serviceAnnotations : {}), ...(ig.serviceAnnotations ?? {}) },
        ...(ig.externalTrafficPolicy ? { externalTrafficPolicy: ig.externalTrafficPolicy } : {}),
      },
    },
  };
}

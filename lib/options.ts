import { demoValues, IstioValues, SERVICE_TYPES, ServiceType } from './values';

/** Mutual TLS across the mesh: the release's `istio-demo.yaml` (permissive) or `istio-demo-auth.yaml` (strict). */
export type MeshMode = 'permissive' | 'strict';
export const MESH_MODES: readonly MeshMode[] = ['permissive', 'strict'];

/**
 * How mesh-wide custom resources reach the cluster: `release` reproduces the release's Helm post-install
 * Jobs; `gitops` emits the resources themselves, ordered after the CRDs.
 */
export type Delivery = 'release' | 'gitops';
export const DELIVERIES: readonly Delivery[] = ['release', 'gitops'];

/** A recursive partial of a values tree: set only what you change. */
export type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { -readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

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
  /** Annotations on the Service (cloud load balancer settings). @default {} */
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
  /** Registry of the Istio images (sets `global.hub`). @default 'docker.io/istio' */
  readonly hub?: string;
  /** Tag of the Istio images (sets `global.tag`). @default '1.2.2' */
  readonly tag?: string;
  /** The ingress gateway's Service. @default - a LoadBalancer with node ports 31380/31390/31400 */
  readonly ingressGateway?: IngressGatewayProps;
  /**
   * Any other setting of the Istio 1.2.2 chart's values, under the chart's own paths, e.g.
   * `{ pilot: { autoscaleMin: 2 }, grafana: { enabled: false } }`. Arrays replace, maps merge.
   * @default - the demo profile
   */
  readonly values?: DeepPartial<IstioValues>;
}

/** The resolved options every component reads. */
export interface IstioConfig {
  readonly mode: MeshMode;
  readonly delivery: Delivery;
  readonly argoCdSyncWaves: boolean;
  /** The namespace of the control plane. */
  readonly namespace: string;
  /** The Helm release name the labels carry. */
  readonly release: string;
  readonly values: IstioValues;
}

export const ISTIO_NAMESPACE = 'istio-system';
export const RELEASE_NAME = 'istio';
/** The Istio version this project regenerates (Job names carry it). */
export const ISTIO_VERSION = '1.2.2';

/** Keys whose values are free-form maps: any key is allowed below them. */
const FREE_MAPS = new Set([
  'nodeSelector', 'labels', 'env', 'serviceAnnotations', 'podAnnotations', 'annotations', 'meshNetworks',
  'localityLbSetting', 'defaultNodeSelector',
]);

/** Optional keys of the values tree that the demo profile leaves unset (the interfaces mark them `?`). */
const GATEWAY_OPTIONAL = ['podAntiAffinityLabelSelector', 'podAntiAffinityTermLabelSelector', 'env', 'loadBalancerIP', 'loadBalancerSourceRanges', 'externalIPs', 'externalTrafficPolicy', 'applicationPorts', 'meshExpansionPorts', 'sds', 'replicaCount'];
const OPTIONAL_KEYS: Record<string, string[]> = {
  'values.pilot': ['replicaCount'],
  'values.gateways.istio-ingressgateway': GATEWAY_OPTIONAL,
  'values.gateways.istio-egressgateway': GATEWAY_OPTIONAL,
  'values.gateways.istio-ilbgateway': GATEWAY_OPTIONAL,
};

const PROP_KEYS = ['mode', 'delivery', 'argoCdSyncWaves', 'hub', 'tag', 'ingressGateway', 'values'];
const INGRESS_KEYS = ['type', 'nodePorts', 'loadBalancerIP', 'loadBalancerSourceRanges', 'serviceAnnotations', 'externalTrafficPolicy'];
const NODE_PORT_KEYS = ['http2', 'https', 'tcp'];

/** A bad prop or option: names the path, the value received and what is allowed. */
export class IstioOptionError extends Error {
  constructor(readonly path: string, readonly received: unknown, readonly expected: string, readonly scope?: string) {
    super(`${scope ? `[${scope}] ` : ''}${path}: got ${JSON.stringify(received)}, expected ${expected}`);
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

/** Merge user values into the defaults, refusing keys the chart does not have and values of the wrong type. */
function mergeValues(base: unknown, override: unknown, path: string): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base)) {
    if (!isPlainObject(override)) throw new IstioOptionError(path, override, 'a map');
    const free = FREE_MAPS.has(path.split('.').pop() ?? '');
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) {
      const sub = `${path}.${k}`;
      if (!(k in base)) {
        if (free || OPTIONAL_KEYS[path]?.includes(k)) { out[k] = v; continue; }
        throw new IstioOptionError(sub, v, `a key of the Istio 1.2.2 chart values (allowed under ${path}: ${Object.keys(base).sort().join(', ')})`);
      }
      out[k] = mergeValues(base[k], v, sub);
    }
    return out;
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(override)) throw new IstioOptionError(path, override, 'a list');
    return override;
  }
  if (base !== null && override !== null && typeof base !== typeof override) {
    throw new IstioOptionError(path, override, `a ${typeof base}`);
  }
  return override;
}

function checkNodePort(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 30000 || value > 32767) {
    throw new IstioOptionError(path, value, 'a whole number from 30000 to 32767 (the default NodePort range)');
  }
  return value;
}

/** The replica, autoscaling and Service checks every resolved tree must pass. */
function checkValues(v: IstioValues) {
  const scaled: Array<[string, { autoscaleMin: number; autoscaleMax: number; replicaCount?: number }]> = [
    ['values.pilot', v.pilot],
    ['values.mixer.policy', v.mixer.policy],
    ['values.mixer.telemetry', v.mixer.telemetry],
    ['values.gateways.istio-ingressgateway', v.gateways['istio-ingressgateway']],
    ['values.gateways.istio-egressgateway', v.gateways['istio-egressgateway']],
  ];
  for (const [path, c] of scaled) {
    for (const key of ['autoscaleMin', 'autoscaleMax', 'replicaCount'] as const) {
      const n = c[key];
      if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new IstioOptionError(`${path}.${key}`, n, 'a whole number of at least 1');
    }
    if (c.autoscaleMin > c.autoscaleMax) {
      throw new IstioOptionError(`${path}.autoscaleMin`, c.autoscaleMin, `at most autoscaleMax (${c.autoscaleMax})`);
    }
  }
  const single: Array<[string, { replicaCount: number }]> = [
    ['values.galley', v.galley], ['values.security', v.security], ['values.sidecarInjectorWebhook', v.sidecarInjectorWebhook],
    ['values.prometheus', v.prometheus], ['values.grafana', v.grafana], ['values.kiali', v.kiali],
  ];
  for (const [path, c] of single) {
    if (!Number.isInteger(c.replicaCount) || c.replicaCount < 1) {
      throw new IstioOptionError(`${path}.replicaCount`, c.replicaCount, 'a whole number of at least 1');
    }
  }
  for (const name of ['istio-ingressgateway', 'istio-egressgateway'] as const) {
    const gw = v.gateways[name];
    checkEnum(gw.type, SERVICE_TYPES, `values.gateways.${name}.type`);
    const seen = new Map<number, string>();
    gw.ports.forEach((p, i) => {
      if (p.nodePort === undefined) return;
      const path = `values.gateways.${name}.ports[${i}].nodePort`;
      checkNodePort(p.nodePort, path);
      if (seen.has(p.nodePort)) throw new IstioOptionError(path, p.nodePort, `a node port not already used by port ${seen.get(p.nodePort)}`);
      seen.set(p.nodePort, p.name);
    });
  }
}

/**
 * Resolve props into the one options tree, refusing bad input eagerly. Errors name the prop path, the value
 * received and what is allowed.
 */
export function resolveOptions(input: IstioProps = {}): IstioConfig {
  if (!isPlainObject(input)) throw new IstioOptionError('props', input, 'a map of IstioProps');
  checkKeys(input, PROP_KEYS, '');
  const props: IstioProps = input;
  const mode = checkEnum(props.mode, MESH_MODES, 'mode') ?? 'permissive';
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

  let values = mergeValues(demoValues(), props.values ?? {}, 'values') as IstioValues;

  // Shortcut props write into the tree, so that every component and the injector's values JSON agree.
  const strict = mode === 'strict';
  // The mode owns these two values: setting them apart from it would give a half-strict mesh.
  const modeOwned: Array<[string, boolean | undefined]> = [
    ['values.global.mtls.enabled', props.values?.global?.mtls?.enabled],
    ['values.global.controlPlaneSecurityEnabled', props.values?.global?.controlPlaneSecurityEnabled],
  ];
  for (const [path, set] of modeOwned) {
    if (set !== undefined && set !== strict) throw new IstioOptionError(path, set, `${strict} with mode ${mode} (set mode instead)`);
  }
  values = {
    ...values,
    global: {
      ...values.global,
      hub: props.hub ?? values.global.hub,
      tag: props.tag ?? values.global.tag,
      mtls: { enabled: strict },
      controlPlaneSecurityEnabled: strict,
    },
  };

  const ig = props.ingressGateway;
  if (ig !== undefined) {
    if (!isPlainObject(ig as unknown)) throw new IstioOptionError('ingressGateway', ig, 'a map of IngressGatewayProps');
    checkKeys(ig as Record<string, unknown>, INGRESS_KEYS, 'ingressGateway');
    const type = checkEnum(ig.type, SERVICE_TYPES, 'ingressGateway.type');
    checkEnum(ig.externalTrafficPolicy, ['Local', 'Cluster'], 'ingressGateway.externalTrafficPolicy');
    const nodePorts = (ig.nodePorts ?? {}) as Record<string, unknown>;
    if (!isPlainObject(nodePorts)) throw new IstioOptionError('ingressGateway.nodePorts', nodePorts, 'a map of http2, https, tcp');
    checkKeys(nodePorts, NODE_PORT_KEYS, 'ingressGateway.nodePorts');
    for (const k of NODE_PORT_KEYS) checkNodePort(nodePorts[k], `ingressGateway.nodePorts.${k}`);
    if (ig.loadBalancerSourceRanges !== undefined && (!Array.isArray(ig.loadBalancerSourceRanges) || ig.loadBalancerSourceRanges.some((r) => typeof r !== 'string'))) {
      throw new IstioOptionError('ingressGateway.loadBalancerSourceRanges', ig.loadBalancerSourceRanges, 'a list of CIDR strings');
    }
    const gw = values.gateways['istio-ingressgateway'];
    const ports = gw.ports.map((p) => {
      const np = nodePorts[p.name] as number | undefined;
      return np === undefined ? p : { ...p, nodePort: np };
    });
    for (const name of NODE_PORT_KEYS) {
      const np = nodePorts[name];
      const other = ports.find((p) => p.name !== name && p.nodePort === np);
      if (np !== undefined && other) {
        throw new IstioOptionError(`ingressGateway.nodePorts.${name}`, np, `a node port not already used by port ${other.name}`);
      }
    }
    values = {
      ...values,
      gateways: {
        ...values.gateways,
        'istio-ingressgateway': {
          ...gw,
          type: type ?? gw.type,
          ports,
          loadBalancerIP: ig.loadBalancerIP ?? gw.loadBalancerIP,
          loadBalancerSourceRanges: ig.loadBalancerSourceRanges ?? gw.loadBalancerSourceRanges,
          serviceAnnotations: { ...gw.serviceAnnotations, ...(ig.serviceAnnotations ?? {}) },
          ...(ig.externalTrafficPolicy ? { externalTrafficPolicy: ig.externalTrafficPolicy } : {}),
        },
      },
    };
  }
  checkValues(values);
  return { mode, delivery, argoCdSyncWaves: props.argoCdSyncWaves ?? false, namespace: ISTIO_NAMESPACE, release: RELEASE_NAME, values };
}

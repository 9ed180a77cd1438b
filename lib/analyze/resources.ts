/**
 * The resources an analysis reads: Kubernetes and Istio manifests turned into a small uniform model (kind, name,
 * namespace, labels, the manifest), and the index the analyzers look them up in.
 */

/** Where a resource comes from: the objects under analysis, the installation they run on, or Istio's files-only defaults. */
export type ResourceSource = 'input' | 'installation' | 'default';

/** One Kubernetes or Istio object. */
export interface Resource {
  readonly kind: string;
  /** The API group (`networking.istio.io`, `apps`; `''` for the core group). */
  readonly group: string;
  readonly name: string;
  /** `''` for cluster-scoped objects (and namespaced ones analyzed without a default namespace). */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The manifest itself. */
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly source: ResourceSource;
  /** What the caller knows the object by (a file, a construct path), for messages. */
  readonly ref?: string;
}

/** A manifest that cannot be analyzed: not an object, or without a kind or name. */
export class AnalyzeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyzeInputError';
  }
}

// Small readers for untyped manifests: analyzers read whatever the YAML holds without trusting its shape.
export type Json = Readonly<Record<string, unknown>>;
const EMPTY: Json = Object.freeze({});
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** `v` if it is a map, else an empty one. */
export const obj = (v: unknown): Json => (isObject(v) ? v : EMPTY);
/** `v` if it is a list, else an empty one. */
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
/** `v` if it is a string (numbers and booleans as text, as YAML may type them), else `''`. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
/** `v` if it is a number (or a numeric string), else `undefined`. */
export const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
};
/** A map of strings (labels, selectors, annotations); other values become their text. */
export const stringMap = (v: unknown): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) out[k] = str(x);
  return out;
};

/** Kinds without a namespace (the ones Kubernetes and Istio 1.2 configurations hold). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'PodSecurityPolicy', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'CSIDriver', 'CSINode',
  'RuntimeClass', 'VolumeAttachment', 'CertificateSigningRequest', 'ComponentStatus',
  // Istio 1.2
  'MeshPolicy', 'ClusterRbacConfig', 'RbacConfig',
]);

/** The API group of an `apiVersion` (`networking.istio.io/v1alpha3` → `networking.istio.io`, `v1` → `''`). */
export function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The collections analyzers read: a kind, and the API groups it may come from. */
export const COLLECTIONS = {
  Gateway: { kind: 'Gateway', groups: ['networking.istio.io'] },
  VirtualService: { kind: 'VirtualService', groups: ['networking.istio.io'] },
  DestinationRule: { kind: 'DestinationRule', groups: ['networking.istio.io'] },
  ServiceEntry: { kind: 'ServiceEntry', groups: ['networking.istio.io'] },
  Sidecar: { kind: 'Sidecar', groups: ['networking.istio.io'] },
  EnvoyFilter: { kind: 'EnvoyFilter', groups: ['networking.istio.io'] },
  Policy: { kind: 'Policy', groups: ['authentication.istio.io'] },
  MeshPolicy: { kind: 'MeshPolicy', groups: ['authentication.istio.io'] },
  ServiceRole: { kind: 'ServiceRole', groups: ['rbac.istio.io'] },
  ServiceRoleBinding: { kind: 'ServiceRoleBinding', groups: ['rbac.istio.io'] },
  ClusterRbacConfig: { kind: 'ClusterRbacConfig', groups: ['rbac.istio.io'] },
  Namespace: { kind: 'Namespace', groups: [''] },
  Service: { kind: 'Service', groups: [''] },
  Pod: { kind: 'Pod', groups: [''] },
  ConfigMap: { kind: 'ConfigMap', groups: [''] },
  Secret: { kind: 'Secret', groups: [''] },
  Deployment: { kind: 'Deployment', groups: ['apps', 'extensions'] },
} as const;

export type CollectionName = keyof typeof COLLECTIONS;

/** Workload kinds whose pod template stands for the pods they will run (a synthesized app has no Pods yet). */
const WORKLOAD_TEMPLATES: Record<string, { groups: readonly string[]; template: (spec: Json) => unknown }> = {
  Deployment: { groups: ['apps', 'extensions'], template: (s) => s.template },
  StatefulSet: { groups: ['apps'], template: (s) => s.template },
  DaemonSet: { groups: ['apps', 'extensions'], template: (s) => s.template },
  ReplicaSet: { groups: ['apps', 'extensions'], template: (s) => s.template },
  ReplicationController: { groups: [''], template: (s) => s.template },
  Job: { groups: ['batch'], template: (s) => s.template },
  CronJob: { groups: ['batch'], template: (s) => obj(obj(s.jobTemplate).spec).template },
  DeploymentConfig: { groups: ['apps.openshift.io', ''], template: (s) => s.template },
};

/** A pod, or a workload's pod template standing for the pods it will run. */
export interface PodView {
  /** The Pod, or the workload whose template this is (what findings about it name). */
  readonly resource: Resource;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly containers: readonly { readonly name: string; readonly image: string }[];
  /** A workload's template rather than a Pod. */
  readonly template: boolean;
}

const matches = (r: Resource, groups: readonly string[]) => groups.includes(r.group) || r.manifest.apiVersion === undefined;

/** `namespace/name`, or `name` without a namespace (Istio's `FullName`, used in message texts). */
export const fullName = (r: { readonly name: string; readonly namespace: string }) => (r.namespace ? `${r.namespace}/${r.name}` : r.name);

/** `Kind name.namespace` (`.namespace` only when it has one): how istioctl names the origin of a finding. */
export const originOf = (r: Resource) => `${r.kind} ${r.name}${r.namespace ? `.${r.namespace}` : ''}`;

const keyOf = (r: Resource) => `${r.group}|${r.kind}|${r.namespace}|${r.name}`;
const byFullName = (a: Resource, b: Resource) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1);

/** The objects of a manifest list, `kind: List` documents flattened; `null` documents (empty YAML documents) skipped. */
export function flattenManifests(objects: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (o: unknown) => {
    if (o === null || o === undefined) return;
    if (isObject(o) && o.kind === 'List' && Array.isArray(o.items)) {
      o.items.forEach(visit);
      return;
    }
    out.push(o);
  };
  objects.forEach(visit);
  return out;
}

/**
 * One manifest as a resource. Namespaced kinds without a namespace get `defaultNamespace` (`''` leaves them without
 * one, as Istio's own analyzer tests read their files).
 */
export function toResource(o: unknown, source: ResourceSource, defaultNamespace: string, where: string, ref?: string): Resource {
  if (!isObject(o)) throw new AnalyzeInputError(`${where}: got ${JSON.stringify(o)}, expected a Kubernetes object (a map with kind and metadata)`);
  if (typeof o.kind !== 'string' || o.kind === '') {
    throw new AnalyzeInputError(`${where}: kind: got ${JSON.stringify(o.kind)}, expected the object's kind (e.g. "VirtualService")`);
  }
  const meta = obj(o.metadata);
  const name = str(meta.name);
  if (name === '') {
    throw new AnalyzeInputError(`${where} (${o.kind}): metadata.name: got ${JSON.stringify(meta.name)}, expected the object's name`);
  }
  const apiVersion = str(o.apiVersion);
  const namespace = CLUSTER_SCOPED.has(o.kind) ? '' : str(meta.namespace) || defaultNamespace;
  return {
    kind: o.kind,
    group: apiGroup(apiVersion),
    name,
    namespace,
    labels: stringMap(meta.labels),
    annotations: stringMap(meta.annotations),
    manifest: o,
    source,
    ...(ref !== undefined ? { ref } : {}),
  };
}

/** The resources of one analysis, by collection; a later resource replaces an earlier one of the same kind and name. */
export class ResourceIndex {
  private readonly all: Resource[];
  private readonly byCollection = new Map<CollectionName, Resource[]>();
  private podViews?: PodView[];

  constructor(resources: readonly Resource[]) {
    const byKey = new Map<string, Resource>();
    for (const r of resources) {
      byKey.delete(keyOf(r));
      byKey.set(keyOf(r), r);
    }
    this.all = [...byKey.values()];
  }

  /** Every resource, in the order given (later duplicates replacing earlier ones). */
  public get resources(): readonly Resource[] {
    return this.all;
  }

  /** The resources of a collection, sorted by namespace and name. */
  public list(c: CollectionName): readonly Resource[] {
    let l = this.byCollection.get(c);
    if (!l) {
      const { kind, groups } = COLLECTIONS[c];
      l = this.all.filter((r) => r.kind === kind && matches(r, groups)).sort(byFullName);
      this.byCollection.set(c, l);
    }
    return l;
  }

  public find(c: CollectionName, namespace: string, name: string): Resource | undefined {
    return this.list(c).find((r) => r.namespace === namespace && r.name === name);
  }

  /**
   * The pods: Pods, and the pod templates of workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets,
   * ReplicationControllers, Jobs, CronJobs, DeploymentConfigs), which stand for the pods they will run.
   */
  public pods(): readonly PodView[] {
    if (!this.podViews) {
      const views: PodView[] = [];
      for (const r of this.list('Pod')) views.push(podView(r, r.manifest, r.name, false));
      const workloads = this.all.filter((r) => WORKLOAD_TEMPLATES[r.kind] && matches(r, WORKLOAD_TEMPLATES[r.kind].groups)).sort(byFullName);
      for (const r of workloads) {
        const template = WORKLOAD_TEMPLATES[r.kind].template(obj(r.manifest.spec));
        if (isObject(template)) views.push(podView(r, template, r.name, true));
      }
      this.podViews = views;
    }
    return this.podViews;
  }
}

function podView(r: Resource, pod: Json, name: string, template: boolean): PodView {
  const meta = obj(pod.metadata);
  const containers = list(obj(pod.spec).containers).map((c) => ({ name: str(obj(c).name), image: str(obj(c).image) }));
  return {
    resource: r,
    name,
    namespace: r.namespace,
    labels: template ? stringMap(meta.labels) : r.labels,
    annotations: template ? stringMap(meta.annotations) : r.annotations,
    containers,
    template,
  };
}

import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Apply order of the kinds in the main file: Helm's install order for the kinds it knows, then the rest. Objects
 * of one kind keep the order their components create them in.
 */
export const KIND_ORDER = [
  'Namespace', 'ResourceQuota', 'LimitRange', 'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'ServiceAccount', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'List',
  'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'StatefulSet', 'Job', 'CronJob', 'Ingress',
  'APIService', 'HorizontalPodAutoscaler', 'MutatingWebhookConfiguration', 'PodDisruptionBudget',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** Stable sort of manifests by apply order. */
export function sortForApply(objects: any[]): any[] {
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => kindRank(a.o.kind) - kindRank(b.o.kind) || a.i - b.i)
    .map(({ o }) => o);
}

/** A chart whose objects come out in apply order. */
export class OrderedChart extends Chart {
  /** The chart's objects, as cdk8s' `Chart.toJson` returns them, in apply order. */
  public toJson(): any[] {
    return sortForApply(super.toJson());
  }
}


/** Kinds without a namespace: the objects of these kinds never carry `metadata.namespace`. */
export const CLUSTER_SCOPED_KINDS = [
  'Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'MeshPolicy', 'ClusterRbacConfig', 'PersistentVolume', 'StorageClass',
];

/**
 * Apps whose files `synthesize` names and orders itself (`0000-istio-crds.k8s.yaml`, ...). The Istio chart declares
 * that it depends on its CRDs chart (and the custom resources chart on it) so that `cdk8s synth` writes the files
 * in apply order, with those numbered names; cdk8s turns each such dependency into one between every pair of their
 * objects (28 x 122) and resolves them again at each chart's toJson, some 8 ms of a CLI synth. These apps skip it.
 */
const SELF_ORDERED_APPS = new WeakSet<IConstruct>();

/** Mark an app as one whose files `synthesize` names and orders itself. */
export function ordersItsOwnFiles(app: IConstruct): void {
  SELF_ORDERED_APPS.add(app);
}

/** Whether a construct's app names and orders its files itself (then its charts declare no dependencies). */
export function inSelfOrderedApp(c: IConstruct): boolean {
  return SELF_ORDERED_APPS.has(c.node.root);
}

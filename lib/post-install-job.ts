import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { ClusterRoleBindingV1Beta1, ClusterRoleV1Beta1 } from './k8s-legacy';
import { embeddedManifests, EmbeddedDocument } from './manifest-text';
import { clusterMeta, istioImage, nsMeta } from './meta';
import { istioResource } from './resources';
import { IstioConfig } from './options';
import { istioAffinity, istioTolerations } from './scheduling';
import { SchedulingValues } from './values';

/** A mesh-wide Istio resource the installation creates after its CRDs exist (MeshPolicy, DestinationRule, Policy). */
export interface CustomResourceManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ApiObjectMetadata;
  readonly spec: Record<string, unknown>;
}

/** A custom resource and how the release writes it into its ConfigMap. */
export interface CustomResourceDocument extends Omit<EmbeddedDocument, 'object'> {
  readonly object: CustomResourceManifest;
}

export interface PostInstallCustomResourcesProps {
  /**
   * The subchart that owns the resources (`security`, `grafana`): names are `istio-<component>-post-install-*`,
   * the ConfigMap `istio-<component>-custom-resources`, mounted at `/tmp/<component>`.
   */
  readonly component: string;
  /** The custom resources to apply. */
  readonly documents: CustomResourceDocument[];
  /** Labels of the ServiceAccount, ClusterRole, ClusterRoleBinding and Job. */
  readonly labels: Record<string, string>;
  /** Labels of the ConfigMap. @default - `labels` */
  readonly configMapLabels?: Record<string, string>;
  /** Labels of the Job's pod. @default - `labels` */
  readonly podLabels?: Record<string, string>;
  /** What the Job's kubectl may do. */
  readonly rules: k8s.PolicyRule[];
  /** The release still uses `rbac.authorization.k8s.io/v1beta1` for the security chart's Job. @default false */
  readonly legacyRbac?: boolean;
  /** Write `imagePullPolicy: IfNotPresent` on the container (the security chart does, the grafana chart doesn't). @default false */
  readonly setImagePullPolicy?: boolean;
  /**
   * Apply the resources: `false` writes only the ConfigMap (the security chart with `createMeshPolicy: false`), and in
   * `gitops` delivery nothing.
   * @default true
   */
  readonly apply?: boolean;
  /** Run the Job on `helm upgrade` too (`post-install,post-upgrade`). @default false */
  readonly onUpgrade?: boolean;
  /** The subchart's scheduling settings (affinity and tolerations of the Job's pod). @default - none */
  readonly scheduling?: Partial<SchedulingValues>;
}

/**
 * The release's way to create mesh-wide custom resources: Helm could not submit them together with their CRDs, so a
 * post-install Job runs `kubectl apply` on a ConfigMap that holds them (with the `run.sh` that waits for Galley).
 *
 * In `gitops` delivery the resources themselves are emitted instead, into the installation's custom-resources chart
 * (applied after the CRDs and the namespace), and none of the Job's objects are.
 */
export class PostInstallCustomResources extends Construct {
  /** The resources, as objects, in `gitops` delivery. */
  public readonly resources: ApiObject[] = [];

  constructor(scope: Construct, id: string, config: IstioConfig, props: PostInstallCustomResourcesProps) {
    super(scope, id);
    const apply = props.apply ?? true;
    if (config.delivery === 'gitops') {
      if (!apply) return;
      // Imported here to avoid a module cycle (istio.ts imports the components that use this construct).
      const { Istio } = require('./istio') as typeof import('./istio');
      const target = Istio.of(this).customResources ?? this;
      props.documents.forEach((d) => {
        this.resources.push(istioResource(target, `${props.component}-${d.object.kind}-${d.object.metadata.name}`, d.object));
      });
      return;
    }

    const ns = config.namespace;
    const base = `istio-${props.component}-post-install`;
    const account = `${base}-account`;
    const roleName = `${base}-${ns}`;
    const configMapName = `istio-${props.component}-custom-resources`;
    const volume = `tmp-configmap-${props.component}`;
    const mountPath = `/tmp/${props.component}`;

    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: nsMeta(config, configMapName, props.configMapLabels ?? props.labels),
      data: {
        'custom-resources.yaml': embeddedManifests(props.documents),
        'run.sh': installCustomResourcesScript(config),
      },
    });
    if (!apply) return;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: nsMeta(config, account, props.labels) });
    const roleMeta = clusterMeta(roleName, props.labels);
    const bindingMeta = clusterMeta(`${base}-role-binding-${ns}`, props.labels);
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName };
    const subjects = [{ kind: 'ServiceAccount', name: account, namespace: ns }];
    if (props.legacyRbac) {
      new ClusterRoleV1Beta1(this, 'ClusterRole', { metadata: roleMeta, rules: props.rules });
      new ClusterRoleBindingV1Beta1(this, 'ClusterRoleBinding', { metadata: bindingMeta, roleRef, subjects });
    } else {
      new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: roleMeta, rules: props.rules });
      new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', { metadata: bindingMeta, roleRef, subjects });
    }
    new k8s.KubeJob(this, 'Job', {
      metadata: nsMeta(config, `${base}-${String(config.values.global.tag).slice(0, 32)}`, props.labels, {
        'helm.sh/hook': props.onUpgrade ? 'post-install,post-upgrade' : 'post-install',
        'helm.sh/hook-delete-policy': 'hook-succeeded',
      }),
      spec: {
        template: {
          metadata: { name: base, labels: props.podLabels ?? props.labels },
          spec: {
            serviceAccountName: account,
            containers: [{
              name: 'kubectl',
              image: istioImage(config, 'kubectl'),
              // The chart's literal, whatever `global.imagePullPolicy` says.
              ...(props.setImagePullPolicy ? { imagePullPolicy: 'IfNotPresent' } : {}),
              command: ['/bin/bash', `${mountPath}/run.sh`, `${mountPath}/custom-resources.yaml`],
              volumeMounts: [{ mountPath, name: volume }],
            }],
            volumes: [{ name: volume, configMap: { name: configMapName } }],
            restartPolicy: 'OnFailure',
            affinity: istioAffinity(config, props.scheduling),
            tolerations: istioTolerations(config, props.scheduling),
          },
        },
      },
    });
  }
}

/**
 * The release's `run.sh`: wait for Galley's validating webhook to be served (when it is registered), then apply the
 * resources.
 */
export function installCustomResourcesScript(config: IstioConfig): string {
  const ns = config.namespace;
  return [
    '#!/bin/sh',
    '',
    'set -x',
    '',
    'if [ "$#" -ne "1" ]; then',
    '    echo "first argument should be path to custom resource yaml"',
    '    exit 1',
    'fi',
    '',
    'pathToResourceYAML=${1}',
    '',
    'kubectl get validatingwebhookconfiguration istio-galley 2>/dev/null',
    'if [ "$?" -eq 0 ]; then',
    '    echo "istio-galley validatingwebhookconfiguration found - waiting for istio-galley deployment to be ready"',
    '    while true; do',
    `        kubectl -n ${ns} get deployment istio-galley 2>/dev/null`,
    '        if [ "$?" -eq 0 ]; then',
    '            break',
    '        fi',
    '        sleep 1',
    '    done',
    `    kubectl -n ${ns} rollout status deployment istio-galley`,
    '    if [ "$?" -ne 0 ]; then',
    '        echo "istio-galley deployment rollout status check failed"',
    '        exit 1',
    '    fi',
    '    echo "istio-galley deployment ready for configuration validation"',
    'fi',
    'sleep 5',
    'kubectl apply -f ${pathToResourceYAML}',
  ].join('\n');
}

/**
 * The shapes the chart's control-plane templates share: the global image pull secrets, and the Deployment (one container set, never injected, rolling one pod at a time, scheduled by the chart's
 * affinity and tolerations).
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { nsMeta } from './meta';
import { HelmFinish, HelmRendered } from './helm-rendered';
import { IstioConfig } from './options';
import { istioAffinity, istioTolerations } from './scheduling';
import { ResourceValues, SchedulingValues } from './values';

/** `imagePullSecrets` of a ServiceAccount or pod, from `global.imagePullSecrets`. */
export function pullSecrets(config: IstioConfig): { imagePullSecrets?: k8s.LocalObjectReference[] } {
  const secrets = config.values.global.imagePullSecrets;
  return secrets?.length ? { imagePullSecrets: secrets.map((name) => ({ name })) } : {};
}

export interface ControlPlaneDeploymentProps {
  readonly name: string;
  /** Labels of the Deployment. */
  readonly labels: Record<string, string>;
  /** Annotations of the Deployment. @default - none */
  readonly annotations?: Record<string, string>;
  /** Labels of the pods. @default - labels */
  readonly podLabels?: Record<string, string>;
  /** Pod annotations besides `sidecar.istio.io/inject: "false"`. @default - none */
  readonly podAnnotations?: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Replicas; leave undefined when an autoscaler owns the count. */
  readonly replicas?: number;
  readonly serviceAccountName: string;
  readonly containers: k8s.Container[];
  readonly volumes?: k8s.Volume[];
  readonly scheduling: Partial<SchedulingValues>;
  /** Write `global.priorityClassName` (one chart template forgets it). @default true */
  readonly priorityClass?: boolean;
}

/** A Deployment whose final JSON can take what the typed conversion drops (nulls the chart writes). */
const RenderedDeployment = HelmRendered(k8s.KubeDeployment);

/** A control-plane Deployment as the chart writes it. */
export function controlPlaneDeployment(scope: Construct, id: string, config: IstioConfig, props: ControlPlaneDeploymentProps): k8s.KubeDeployment & HelmFinish {
  const priorityClassName = config.values.global.priorityClassName;
  return new RenderedDeployment(scope, id, {
    metadata: nsMeta(config, props.name, props.labels, props.annotations),
    spec: {
      ...(props.replicas !== undefined ? { replicas: props.replicas } : {}),
      selector: { matchLabels: props.selector },
      // Never two pods short while rolling: one extra at a time.
      strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
      template: {
        metadata: { labels: props.podLabels ?? props.labels, annotations: { 'sidecar.istio.io/inject': 'false', ...props.podAnnotations } },
        spec: {
          serviceAccountName: props.serviceAccountName,
          ...((props.priorityClass ?? true) && priorityClassName ? { priorityClassName } : {}),
          containers: props.containers,
          ...(props.volumes ? { volumes: props.volumes } : {}),
          affinity: istioAffinity(config, props.scheduling),
          tolerations: istioTolerations(config, props.scheduling),
        },
      },
    },
  });
}

/** A `resources` value as a container's requirements (the chart's `toYaml`). */
export function containerResources(values: ResourceValues): k8s.ResourceRequirements {
  const quantities = (q?: Record<string, string | undefined>) => {
    if (!q) return undefined;
    const out: Record<string, k8s.Quantity> = {};
    for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = k8s.Quantity.fromString(v);
    return out;
  };
  return {
    ...(values.limits ? { limits: quantities({ ...values.limits }) } : {}),
    ...(values.requests ? { requests: quantities({ ...values.requests }) } : {}),
  };
}

/** A component's resources, or `global.defaultResources` when it sets none (the chart's `if .resources`). */
export function resourcesOrDefault(config: IstioConfig, values: ResourceValues | undefined): k8s.ResourceRequirements {
  const set = values && Object.keys(values).length > 0 ? values : config.values.global.defaultResources;
  return containerResources(set);
}

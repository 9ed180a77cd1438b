/**
 * The `istio-proxy` sidecar the chart writes into the control plane's own Deployments (istio-pilot, istio-policy,
 * istio-telemetry), and the pieces of pod spec those Deployments share.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from './k8s';
import { goText, reread, truthy } from './helm-text';
import { istioImage } from './meta';
import { IstioConfig } from './options';
import { resourcesOrDefault } from './workload';

/** The control-plane components that carry the sidecar. */
export type ControlPlaneComponent = 'pilot' | 'policy' | 'telemetry';

/** What differs between the components' sidecars. */
export interface ControlPlaneSidecarProps {
  /** The component: the sidecar's service cluster is `istio-<component>`, its bootstrap `envoy_<component>.yaml.tmpl`. */
  readonly component: ControlPlaneComponent;
  /** The ports the sidecar exposes. */
  readonly ports: k8s.ContainerPort[];
  /** Pass `global.trustDomain` (the chart's telemetry template does not). @default true */
  readonly trustDomainArg?: boolean;
  /** Mounts after the certificate and SDS mounts. @default [] */
  readonly extraVolumeMounts?: k8s.VolumeMount[];
}

const SDS_UDS_VOLUME = 'sds-uds-path';
const TOKEN_VOLUME = 'istio-token';

const fieldEnv = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });

/** Downward-API env of the pod's name and namespace, first in every control-plane container. */
export function podIdentityEnv(): k8s.EnvVar[] {
  return [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('POD_NAMESPACE', 'metadata.namespace')];
}

/** The SDS volumes every control-plane pod mounts when `global.sds.enabled` (with the JWT token when trustworthy). */
export function controlPlaneSdsVolumes(config: IstioConfig): k8s.Volume[] {
  const sds = config.values.global.sds;
  if (!truthy(sds.enabled)) return [];
  // The audience is printed unquoted: with no trust domain it is empty (null).
  const audience = reread(config.values.global.trustDomain) as string;
  return [
    { name: SDS_UDS_VOLUME, hostPath: { path: '/var/run/sds' } },
    ...(truthy(sds.useTrustworthyJwt) ? [{
      name: TOKEN_VOLUME,
      projected: {
        sources: [{ serviceAccountToken: { audience, expirationSeconds: 43200, path: TOKEN_VOLUME } }],
      },
    }] : []),
  ];
}

/**
 * Keep the token audiences the chart leaves empty (no trust domain): its YAML holds `audience:` with nothing, a null,
 * which cdk8s would drop from the pod's volumes.
 */
export function keepEmptyAudiences(deployment: ApiObject, volumes: readonly k8s.Volume[]): void {
  volumes.forEach((v, i) => (v.projected?.sources ?? []).forEach((source, j) => {
    if (source.serviceAccountToken && (source.serviceAccountToken.audience ?? null) === null) {
      deployment.addJsonPatch(JsonPatch.add(`/spec/template/spec/volumes/${i}/projected/sources/${j}/serviceAccountToken/audience`, null));
    }
  }));
}

/** The `istio-proxy` container of a control-plane Deployment. */
export function controlPlaneSidecar(config: IstioConfig, props: ControlPlaneSidecarProps): k8s.Container {
  const global = config.values.global;
  const trustDomain = (props.trustDomainArg ?? true) && truthy(global.trustDomain) ? [`--trust-domain=${goText(global.trustDomain)}`] : [];
  const sds = truthy(global.sds.enabled);
  return {
    name: 'istio-proxy',
    image: istioImage(config, global.proxy.image),
    imagePullPolicy: global.imagePullPolicy,
    ports: props.ports,
    args: [
      'proxy',
      '--domain', `$(POD_NAMESPACE).svc.${goText(global.proxy.clusterDomain)}`,
      '--serviceCluster', `istio-${props.component}`,
      '--templateFile', `/etc/istio/proxy/envoy_${props.component}.yaml.tmpl`,
      // The sidecar terminates mutual TLS for the component when the control plane is secured.
      '--controlPlaneAuthPolicy', truthy(global.controlPlaneSecurityEnabled) ? 'MUTUAL_TLS' : 'NONE',
      ...trustDomain,
    ],
    env: [...podIdentityEnv(), fieldEnv('INSTANCE_IP', 'status.podIP')],
    resources: resourcesOrDefault(config, global.proxy.resources),
    volumeMounts: [
      { name: 'istio-certs', mountPath: '/etc/certs', readOnly: true },
      ...(sds ? [{ name: SDS_UDS_VOLUME, mountPath: '/var/run/sds', readOnly: true }] : []),
      ...(sds && truthy(global.sds.useTrustworthyJwt) ? [{ name: TOKEN_VOLUME, mountPath: '/var/run/secrets/tokens' }] : []),
      ...(props.extraVolumeMounts ?? []),
    ],
  };
}

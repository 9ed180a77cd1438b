/**
 * The ingress and egress gateways (the chart's `gateways` subchart): standalone Envoy proxies at the mesh's edge.
 * Each enabled gateway of `values.gateways` gets a ServiceAccount, a Service, a Deployment, an autoscaler and a
 * disruption budget; the ingress gateway also gets the Role its SDS agent needs.
 */
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { Construct } from 'constructs';
import { HorizontalPodAutoscalerV2Beta1, PodDisruptionBudgetV1Beta1 } from './k8s-legacy';
import { chartLabels, istioImage, nsMeta, ReleaseService } from './meta';
import { IstioConfig } from './options';
import { istioAffinity, istioTolerations } from './scheduling';
import { GatewayValues } from './values';
import { containerResources, pullSecrets, resourcesOrDefault } from './workload';

/** The gateways this construct renders, in the release's order (the chart ranges over the sorted keys). */
export const GATEWAY_NAMES = ['istio-egressgateway', 'istio-ingressgateway', 'istio-ilbgateway'] as const;
export type GatewayName = typeof GATEWAY_NAMES[number];

const CHART = 'gateways';
const ENVOY_ADMIN_PORT = '15000';
const STATUS_PORT = '15020';
const SDS_VOLUME = 'ingressgatewaysdsudspath';

const fieldEnv = (name: string, fieldPath: string, apiVersion: string | null = 'v1'): k8s.EnvVar => ({
  name, valueFrom: { fieldRef: { ...(apiVersion ? { apiVersion } : {}), fieldPath } },
});

/** Labels of a gateway's objects: the chart's labels plus the gateway's own (`app`, `istio`). */
function gatewayLabels(config: IstioConfig, gw: GatewayValues): Record<string, string> {
  return { ...chartLabels(config, CHART), ...gw.labels };
}

/**
 * The Service of a gateway, e.g. `istio-ingressgateway`: a LoadBalancer by default. Its type, node ports, load
 * balancer IP and source ranges, external traffic policy and annotations come from the gateway's values
 * (`IstioProps.ingressGateway` writes them there). A ClusterIP Service carries no node ports at all: upstream's
 * chart keeps them and Kubernetes rejects the Service (istio/istio#14584).
 */
export function gatewayService(scope: Construct, config: IstioConfig, name: GatewayName, gw: GatewayValues): k8s.KubeService {
  const meshExpansion = config.values.global.meshExpansion.enabled ? gw.meshExpansionPorts ?? [] : [];
  const ports: k8s.ServicePort[] = [...gw.ports, ...meshExpansion].map((p) => ({
    name: p.name,
    port: p.port,
    ...(p.targetPort !== undefined ? { targetPort: k8s.IntOrString.fromNumber(p.targetPort) } : {}),
    ...(p.nodePort !== undefined && gw.type !== 'ClusterIP' ? { nodePort: p.nodePort } : {}),
  }));
  const annotations = Object.keys(gw.serviceAnnotations).length ? gw.serviceAnnotations : undefined;
  return new ReleaseService(scope, 'service', {
    metadata: nsMeta(config, name, gatewayLabels(config, gw), annotations),
    spec: {
      ...(gw.loadBalancerIP ? { loadBalancerIp: gw.loadBalancerIP } : {}),
      ...(gw.loadBalancerSourceRanges?.length ? { loadBalancerSourceRanges: gw.loadBalancerSourceRanges } : {}),
      ...(gw.externalTrafficPolicy ? { externalTrafficPolicy: gw.externalTrafficPolicy } : {}),
      ...(gw.externalIPs?.length ? { externalIPs: gw.externalIPs } : {}),
      type: gw.type,
      selector: { release: config.release, ...gw.labels },
      ports,
    },
  });
}

/** The `istio-proxy` router container of a gateway. */
function routerContainer(config: IstioConfig, name: GatewayName, gw: GatewayValues): k8s.Container {
  const g = config.values.global;
  const secure = g.controlPlaneSecurityEnabled;
  const sds = gw.sds?.enabled === true;
  const args = [
    'proxy', 'router',
    '--domain', `$(POD_NAMESPACE).svc.${g.proxy.clusterDomain}`,
    ...(g.proxy.logLevel ? [`--proxyLogLevel=${g.proxy.logLevel}`] : []),
    ...(g.proxy.componentLogLevel ? [`--proxyComponentLogLevel=${g.proxy.componentLogLevel}`] : []),
    ...(g.logging.level ? [`--log_output_level=${g.logging.level}`] : []),
    '--drainDuration', '45s',
    '--parentShutdownDuration', '1m0s',
    '--connectTimeout', '10s',
    '--serviceCluster', name,
    '--zipkinAddress', g.tracer.zipkin.address || 'zipkin:9411',
    ...(g.proxy.envoyStatsd.enabled ? ['--statsdUdpAddress', `${g.proxy.envoyStatsd.host}:${g.proxy.envoyStatsd.port}`] : []),
    ...(g.proxy.envoyMetricsService.enabled
      ? ['--envoyMetricsServiceAddress', `${g.proxy.envoyMetricsService.host}:${g.proxy.envoyMetricsService.port}`] : []),
    '--proxyAdminPort', ENVOY_ADMIN_PORT,
    '--statusPort', STATUS_PORT,
    '--controlPlaneAuthPolicy', secure ? 'MUTUAL_TLS' : 'NONE',
    '--discoveryAddress', secure ? 'istio-pilot:15011' : 'istio-pilot:15010',
    // The chart passes the application ports only on the plain-text control plane path.
    ...(!secure && gw.applicationPorts ? ['--applicationPorts', gw.applicationPorts] : []),
    ...(g.trustDomain ? [`--trust-domain=${g.trustDomain}`] : []),
  ];
  const env: k8s.EnvVar[] = [
    fieldEnv('NODE_NAME', 'spec.nodeName'),
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    fieldEnv('ISTIO_META_POD_NAME', 'metadata.name'),
    fieldEnv('ISTIO_META_CONFIG_NAMESPACE', 'metadata.namespace', null),
    ...(sds ? [{ name: 'ISTIO_META_USER_SDS', value: 'true' }] : []),
    ...Object.keys(gw.env ?? {}).sort().map((k) => ({ name: k, value: String(gw.env![k]) })),
  ];
  const volumeMounts: k8s.VolumeMount[] = [
    ...(g.sds.enabled ? [
      { name: 'sdsudspath', mountPath: '/var/run/sds', readOnly: true },
      ...(g.sds.useTrustworthyJwt ? [{ name: 'istio-token', mountPath: '/var/run/secrets/tokens' }] : []),
    ] : []),
    ...(sds ? [{ name: SDS_VOLUME, mountPath: '/var/run/ingress_gateway' }] : []),
    { name: 'istio-certs', mountPath: '/etc/certs', readOnly: true },
    ...gw.secretVolumes.map((v) => ({ name: v.name, mountPath: v.mountPath, readOnly: true })),
  ];
  return {
    name: 'istio-proxy',
    image: istioImage(config, g.proxy.image),
    imagePullPolicy: g.imagePullPolicy,
    ports: [
      ...gw.ports.map((p) => ({ containerPort: p.port })),
      { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
    ],
    args,
    readinessProbe: {
      failureThreshold: 30,
      httpGet: { path: '/healthz/ready', port: k8s.IntOrString.fromNumber(Number(STATUS_PORT)), scheme: 'HTTP' },
      initialDelaySeconds: 1,
      periodSeconds: 2,
      successThreshold: 1,
      timeoutSeconds: 1,
    },
    resources: resourcesOrDefault(config, gw.resources),
    env,
    volumeMounts,
  };
}

/** The SDS agent that serves the ingress gateway's certificates from Kubernetes Secrets (when `sds.enabled`). */
function sdsContainer(config: IstioConfig, gw: GatewayValues): k8s.Container[] {
  if (!gw.sds?.enabled) return [];
  return [{
    name: 'ingress-sds',
    image: istioImage(config, gw.sds.image),
    imagePullPolicy: config.values.global.imagePullPolicy,
    resources: Object.keys(gw.sds.resources).length ? containerResources(gw.sds.resources) : containerResources(config.values.global.defaultResources),
    env: [
      { name: 'ENABLE_WORKLOAD_SDS', value: 'false' },
      { name: 'ENABLE_INGRESS_GATEWAY_SDS', value: 'true' },
      fieldEnv('INGRESS_GATEWAY_NAMESPACE', 'metadata.namespace'),
    ],
    volumeMounts: [{ name: SDS_VOLUME, mountPath: '/var/run/ingress_gateway' }],
  }];
}

function gatewayDeployment(scope: Construct, config: IstioConfig, name: GatewayName, gw: GatewayValues) {
  const g = config.values.global;
  const labels = gatewayLabels(config, gw);
  const volumes: k8s.Volume[] = [
    ...(gw.sds?.enabled ? [{ name: SDS_VOLUME, emptyDir: {} }] : []),
    ...(g.sds.enabled ? [
      { name: 'sdsudspath', hostPath: { path: '/var/run/sds' } },
      ...(g.sds.useTrustworthyJwt ? [{
        name: 'istio-token',
        projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: g.trustDomain } }] },
      }] : []),
    ] : []),
    { name: 'istio-certs', secret: { secretName: `istio.${name}-service-account`, optional: true } },
    ...gw.secretVolumes.map((v) => ({ name: v.name, secret: { secretName: v.secretName, optional: true } })),
  ];
  const coreDump: k8s.Container[] = g.proxy.enableCoreDump ? [{
    name: 'enable-core-dump',
    image: istioImage(config, g.proxy_init.image),
    imagePullPolicy: g.imagePullPolicy,
    command: ['/bin/sh'],
    args: ['-c', 'sysctl -w kernel.core_pattern=/var/lib/istio/core.proxy && ulimit -c unlimited'],
    securityContext: { privileged: true },
  }] : [];
  new k8s.KubeDeployment(scope, 'deployment', {
    metadata: nsMeta(config, name, labels),
    spec: {
      // With autoscaling the HPA owns the replica count.
      ...(gw.autoscaleEnabled ? {} : { replicas: gw.replicaCount || 1 }),
      selector: { matchLabels: { ...gw.labels } },
      template: {
        metadata: { labels, annotations: { 'sidecar.istio.io/inject': 'false', ...gw.podAnnotations } },
        spec: {
          serviceAccountName: `${name}-service-account`,
          ...(g.priorityClassName ? { priorityClassName: g.priorityClassName } : {}),
          ...(coreDump.length ? { initContainers: coreDump } : {}),
          containers: [...sdsContainer(config, gw), routerContainer(config, name, gw)],
          volumes,
          affinity: istioAffinity(config, gw),
          tolerations: istioTolerations(config, gw),
        },
      },
    },
  });
}

/** One gateway's objects. */
export class Gateway extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig, name: GatewayName, gw: GatewayValues) {
    super(scope, id);
    const ns = config.namespace;
    const labels = gatewayLabels(config, gw);
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, `${name}-service-account`, { app: gw.labels.app, ...chartLabels(config, CHART) }),
      ...pullSecrets(config),
    });
    // The chart's condition `if ($spec.sds) and (...)` is true whenever the gateway has an `sds` block at all, so
    // the release has this Role for the ingress gateway although its SDS agent is off.
    if (gw.sds !== undefined) {
      new k8s.KubeRole(this, 'sds-role', {
        metadata: { name: `${name}-sds`, namespace: ns },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
      });
      new k8s.KubeRoleBinding(this, 'sds-role-binding', {
        metadata: { name: `${name}-sds`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-sds` },
        subjects: [{ kind: 'ServiceAccount', name: `${name}-service-account` }],
      });
    }
    gatewayService(this, config, name, gw);
    gatewayDeployment(this, config, name, gw);
    if (gw.autoscaleEnabled && gw.autoscaleMin && gw.autoscaleMax) {
      new HorizontalPodAutoscalerV2Beta1(this, 'autoscaler', {
        metadata: nsMeta(config, name, labels),
        spec: {
          maxReplicas: gw.autoscaleMax,
          minReplicas: gw.autoscaleMin,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: gw.cpu.targetAverageUtilization } }],
        },
      });
    }
    if (config.values.global.defaultPodDisruptionBudget.enabled) {
      new PodDisruptionBudgetV1Beta1(this, 'disruption-budget', {
        metadata: nsMeta(config, name, labels),
        spec: { minAvailable: 1, selector: { matchLabels: { release: config.release, ...gw.labels } } },
      });
    }
  }
}

/** The enabled gateways of `values.gateways`. */
export class Gateways extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    if (!config.values.gateways.enabled) return;
    for (const name of GATEWAY_NAMES) {
      const gw = config.values.gateways[name];
      if (gw.enabled) new Gateway(this, name, config, name, gw);
    }
  }
}

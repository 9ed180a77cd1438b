import * as k8s from './k8s';
import { Construct } from 'constructs';
import { controlPlaneSdsVolumes, controlPlaneSidecar, keepEmptyAudiences, podIdentityEnv } from './control-plane-sidecar';
import { chartAppName, goText, subchartView, truthy } from './helm-text';
import { HorizontalPodAutoscalerV2Beta1, PodDisruptionBudgetV1Beta1 } from './k8s-legacy';
import { chartLabels, clusterMeta, istioImage, nsMeta } from './meta';
import { IstioConfig } from './options';
import { DestinationRule, VirtualService } from './resources';
import { istioAffinity, istioTolerations } from './scheduling';
import { pullSecrets, resourcesOrDefault } from './workload';

/**
 * The chart's `checksum/config-volume` annotation: the sha256 of the mesh ConfigMap template's path
 * (`istio/charts/pilot/templates/configmap.yaml`), not of its content, so the same for every install. Written out
 * rather than hashed at each synth, which would load Node.js' crypto module (3 ms of every start); a test recomputes it.
 */
export const PILOT_CONFIG_VOLUME_CHECKSUM = 'f8da08b6b8c170dde721efd680270b2901e750d4aa186ebb6c22bef5b78a43f9';

const NAME = 'istio-pilot';
const SERVICE_ACCOUNT = 'istio-pilot-service-account';
const DISCOVERY_PORT = 8080;

/**
 * Istio's service discovery (the `pilot` subchart): its ServiceAccount and RBAC, the istio-pilot Service and
 * Deployment (the `discovery` container with its `istio-proxy` sidecar), autoscaler and disruption budget, and the
 * routes that expose Pilot to mesh expansion VMs.
 */
export class Pilot extends Construct {
  constructor(scope: Construct, id: string, chartConfig: IstioConfig) {
    super(scope, id);
    // The chart's requirements render the pilot subchart only when it is enabled.
    if (!chartConfig.subcharts.has('pilot')) return;
    const config = subchartView(chartConfig, 'pilot');
    const values = config.values.pilot;
    const global = config.values.global;
    const labels = { app: chartAppName('pilot', values), ...chartLabels(config, 'pilot') };
    const clusterName = `${NAME}-${config.namespace}`;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, SERVICE_ACCOUNT, labels),
      ...pullSecrets(config),
    });

    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: clusterMeta(clusterName, labels),
      rules: [
        { apiGroups: ['config.istio.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['rbac.istio.io'], resources: ['*'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: ['networking.istio.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['authentication.istio.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['*'] },
        { apiGroups: ['extensions'], resources: ['ingresses', 'ingresses/status'], verbs: ['*'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
        { apiGroups: [''], resources: ['endpoints', 'pods', 'services', 'namespaces', 'nodes', 'secrets'], verbs: ['get', 'list', 'watch'] },
      ],
    });

    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: clusterMeta(clusterName, labels),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: config.namespace }],
    });

    const podLabels = { ...labels, istio: 'pilot' };
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, NAME, podLabels),
      spec: {
        ports: [
          { port: 15010, name: 'grpc-xds' },
          { port: 15011, name: 'https-xds' },
          { port: DISCOVERY_PORT, name: 'http-legacy-discovery' },
          { port: global.monitoringPort, name: 'http-monitoring' },
        ],
        selector: { istio: 'pilot' },
      },
    });

    const sidecar = truthy(values.sidecar);
    // Without the sidecar, discovery terminates mutual TLS itself on 15011.
    const secureGrpcAddr = truthy(global.controlPlaneSecurityEnabled)
      ? (sidecar ? [] : ['--secureGrpcAddr', ':15011'])
      : ['--secureGrpcAddr', ''];
    const discovery: k8s.Container = {
      name: 'discovery',
      image: istioImage(config, values.image),
      imagePullPolicy: global.imagePullPolicy,
      args: [
        'discovery',
        `--monitoringAddr=:${global.monitoringPort}`,
        ...(truthy(global.logging.level) ? [`--log_output_level=${goText(global.logging.level)}`] : []),
        '--domain', goText(global.proxy.clusterDomain),
        ...(truthy(global.oneNamespace) ? ['-a', config.namespace] : []),
        ...secureGrpcAddr,
        ...(truthy(global.trustDomain) ? [`--trust-domain=${goText(global.trustDomain)}`] : []),
        '--keepaliveMaxServerConnectionAge', goText(values.keepaliveMaxServerConnectionAge),
      ],
      ports: [
        { containerPort: DISCOVERY_PORT },
        { containerPort: 15010 },
        ...(sidecar ? [] : [{ containerPort: 15011 }]),
      ],
      readinessProbe: {
        httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(DISCOVERY_PORT) },
        initialDelaySeconds: 5,
        periodSeconds: 30,
        timeoutSeconds: 5,
      },
      env: [
        ...podIdentityEnv(),
        // Helm ranges over the env map in key order and quotes every value.
        ...(truthy(values.env) ? Object.keys(values.env).sort().map((name) => ({ name, value: goText(values.env[name]) })) : []),
        ...(truthy(values.traceSampling) ? [{ name: 'PILOT_TRACE_SAMPLING', value: goText(values.traceSampling) }] : []),
        { name: 'PILOT_DISABLE_XDS_MARSHALING_TO_ANY', value: '1' },
      ],
      resources: resourcesOrDefault(config, values.resources),
      volumeMounts: [
        { name: 'config-volume', mountPath: '/etc/istio/config' },
        { name: 'istio-certs', mountPath: '/etc/certs', readOnly: true },
      ],
    };

    const containers = [discovery];
    if (sidecar) {
      containers.push(controlPlaneSidecar(config, {
        component: 'pilot',
        ports: [15003, 15005, 15007, 15011].map((containerPort) => ({ containerPort })),
      }));
    }

    const volumes: k8s.Volume[] = [
      ...controlPlaneSdsVolumes(config),
      { name: 'config-volume', configMap: { name: 'istio' } },
      { name: 'istio-certs', secret: { secretName: `istio.${SERVICE_ACCOUNT}`, optional: true } },
    ];
    const deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, NAME, podLabels, {
        'checksum/config-volume': PILOT_CONFIG_VOLUME_CHECKSUM,
      }),
      spec: {
        // With autoscaling on, the chart leaves the count to the autoscaler (even one it does not create for want of bounds).
        ...(truthy(values.autoscaleEnabled) ? {} : { replicas: truthy(values.replicaCount) ? values.replicaCount : 1 }),
        strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        selector: { matchLabels: { istio: 'pilot' } },
        template: {
          metadata: { labels: podLabels, annotations: { 'sidecar.istio.io/inject': 'false' } },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            ...(truthy(global.priorityClassName) ? { priorityClassName: goText(global.priorityClassName) } : {}),
            containers,
            volumes,
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
      },
    });

    keepEmptyAudiences(deployment, volumes);

    if (truthy(values.autoscaleEnabled) && truthy(values.autoscaleMin) && truthy(values.autoscaleMax)) {
      new HorizontalPodAutoscalerV2Beta1(this, 'autoscaler', {
        metadata: nsMeta(config, NAME, labels),
        spec: {
          maxReplicas: values.autoscaleMax,
          minReplicas: values.autoscaleMin,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: values.cpu.targetAverageUtilization } }],
        },
      });
    }

    if (truthy(global.defaultPodDisruptionBudget.enabled)) {
      new PodDisruptionBudgetV1Beta1(this, 'disruption-budget', {
        metadata: nsMeta(config, NAME, podLabels),
        spec: { minAvailable: 1, selector: { matchLabels: { app: labels.app, release: config.release, istio: 'pilot' } } },
      });
    }

    if (truthy(global.meshExpansion.enabled)) this.meshExpansion(config, labels);
  }

  /**
   * Mesh expansion: VMs reach Pilot through the ingress gateway's `meshexpansion-gateway` (or the ILB gateway's,
   * with xDS in plain text and DNS too); with a secured control plane, the gateway hands 15011 through untouched.
   */
  private meshExpansion(config: IstioConfig, labels: Record<string, string>) {
    const global = config.values.global;
    const domain = goText(global.proxy.clusterDomain);
    const pilot = `${NAME}.${config.namespace}.svc.${domain}`;
    const meta = (name: string) => nsMeta(config, name, labels);
    const route = (port: number, host = pilot, targetPort = port) => ({
      match: [{ port }],
      route: [{ destination: { host, port: { number: targetPort } } }],
    });
    if (truthy(global.meshExpansion.useILB)) {
      new VirtualService(this, 'meshexpansion-ilb-vs', {
        metadata: meta('meshexpansion-ilb-vs-pilot'),
        spec: {
          hosts: [pilot],
          gateways: ['meshexpansion-ilb-gateway'],
          tcp: [route(15011), route(15010), route(5353, `kube-dns.kube-system.svc.${domain}`, 53)],
        },
      });
    } else {
      new VirtualService(this, 'meshexpansion-vs', {
        metadata: meta('meshexpansion-vs-pilot'),
        spec: { hosts: [pilot], gateways: ['meshexpansion-gateway'], tcp: [route(15011)] },
      });
    }
    if (truthy(global.controlPlaneSecurityEnabled)) {
      new DestinationRule(this, 'meshexpansion-dr', {
        metadata: meta('meshexpansion-dr-pilot'),
        spec: { host: pilot, trafficPolicy: { portLevelSettings: [{ port: { number: 15011 }, tls: { mode: 'DISABLE' } }] } },
      });
    }
  }
}

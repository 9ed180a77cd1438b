import * as k8s from './k8s';
import { Construct } from 'constructs';
import { controlPlaneSdsVolumes, controlPlaneSidecar, keepEmptyAudiences } from './control-plane-sidecar';
import { goText, subchartView, truthy } from './helm-text';
import { HorizontalPodAutoscalerV2Beta1, PodDisruptionBudgetV1Beta1 } from './k8s-legacy';
import { chartLabels, clusterMeta, istioImage, nsMeta } from './meta';
import { MixerConfig, mixerLabels } from './mixer-config';
import { IstioConfig } from './options';
import { istioAffinity, istioTolerations } from './scheduling';
import { containerResources, pullSecrets } from './workload';

/** The two Mixer deployments: policy checks and telemetry reports. */
export type MixerKind = 'policy' | 'telemetry';
const MIXER_KINDS: readonly MixerKind[] = ['policy', 'telemetry'];

const SERVICE_ACCOUNT = 'istio-mixer-service-account';
const MIXER_GRPC_PORT = 9091;
const MIXER_MTLS_PORT = 15004;
const PROMETHEUS_PORT = 42422;

/**
 * Istio's Mixer (the `mixer` subchart): the shared ServiceAccount and RBAC, then per enabled kind (policy, telemetry)
 * a Service, a Deployment (the `mixer` container with its `istio-proxy` sidecar), an autoscaler and a disruption
 * budget, and Mixer's configuration objects ({@link MixerConfig}). The chart always renders the subchart (its
 * requirements condition is not a values path); with both kinds off it writes nothing.
 */
export class Mixer extends Construct {
  /** Mixer's attribute manifests, adapters, instances, rules and DestinationRules. */
  public readonly mixerConfig: MixerConfig;

  constructor(scope: Construct, id: string, chartConfig: IstioConfig) {
    super(scope, id);
    const config = subchartView(chartConfig, 'mixer');
    const mixer = config.values.mixer;
    const global = config.values.global;
    const kinds = MIXER_KINDS.filter((k) => truthy(mixer[k].enabled));
    const labels = mixerLabels(config);
    const clusterRole = `istio-mixer-${config.namespace}`;

    if (kinds.length > 0) {
      new k8s.KubeServiceAccount(this, 'service-account', {
        metadata: nsMeta(config, SERVICE_ACCOUNT, labels),
        ...pullSecrets(config),
      });
      new k8s.KubeClusterRole(this, 'cluster-role', {
        metadata: clusterMeta(clusterRole, labels),
        rules: [
          // Mixer watches its configuration (istio CRDs).
          { apiGroups: ['config.istio.io'], resources: ['*'], verbs: ['create', 'get', 'list', 'watch', 'patch'] },
          { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] },
          {
            apiGroups: [''],
            resources: ['configmaps', 'endpoints', 'pods', 'services', 'namespaces', 'secrets', 'replicationcontrollers'],
            verbs: ['get', 'list', 'watch'],
          },
          { apiGroups: ['extensions', 'apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        ],
      });
      new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
        metadata: clusterMeta(`istio-mixer-admin-role-binding-${config.namespace}`, labels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
        subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: config.namespace }],
      });
    }

    for (const kind of kinds) {
      new k8s.KubeService(this, `service-${kind}`, {
        metadata: nsMeta(config, `istio-${kind}`, { ...labels, istio: 'mixer' }, { 'networking.istio.io/exportTo': '*' }),
        spec: {
          ports: [
            { name: 'grpc-mixer', port: MIXER_GRPC_PORT },
            { name: 'grpc-mixer-mtls', port: MIXER_MTLS_PORT },
            { name: 'http-monitoring', port: global.monitoringPort },
            ...(kind === 'telemetry' ? [{ name: 'prometheus', port: PROMETHEUS_PORT }] : []),
          ],
          ...(kind === 'telemetry' && truthy(mixer.telemetry.sessionAffinityEnabled) ? { sessionAffinity: 'ClientIP' } : {}),
          selector: { istio: 'mixer', 'istio-mixer-type': kind },
        },
      });
    }

    for (const kind of kinds) this.deployment(config, kind);

    for (const kind of kinds) {
      const spec = mixer[kind];
      if (!truthy(spec.autoscaleEnabled) || !truthy(spec.autoscaleMin) || !truthy(spec.autoscaleMax)) continue;
      new HorizontalPodAutoscalerV2Beta1(this, `autoscaler-${kind}`, {
        metadata: nsMeta(config, `istio-${kind}`, labels),
        spec: {
          maxReplicas: spec.autoscaleMax,
          minReplicas: spec.autoscaleMin,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `istio-${kind}` },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: spec.cpu.targetAverageUtilization } }],
        },
      });
    }

    if (truthy(global.defaultPodDisruptionBudget.enabled)) {
      for (const kind of kinds) {
        const selector = { app: kind, release: config.release, istio: 'mixer', 'istio-mixer-type': kind };
        new PodDisruptionBudgetV1Beta1(this, `disruption-budget-${kind}`, {
          // The chart labels these with the chart version, which the release stamped with the Istio version.
          metadata: nsMeta(config, `istio-${kind}`, { ...chartLabels(config, 'mixer'), version: config.version, ...selector }),
          spec: { minAvailable: 1, selector: { matchLabels: selector } },
        });
      }
    }

    this.mixerConfig = new MixerConfig(this, 'config', config);
  }

  /** The Deployment of one Mixer kind. */
  private deployment(config: IstioConfig, kind: MixerKind) {
    const mixer = config.values.mixer;
    const global = config.values.global;
    const spec = mixer[kind];
    const adapterSecret = `${kind}-adapter-secret`;
    const adapterMount: k8s.VolumeMount = { name: adapterSecret, mountPath: `/var/run/secrets/istio.io/${kind}/adapter`, readOnly: true };
    const socketMount: k8s.VolumeMount = { name: 'uds-socket', mountPath: '/sock' };
    const certsMount: k8s.VolumeMount = { name: 'istio-certs', mountPath: '/etc/certs', readOnly: true };
    const secure = truthy(global.controlPlaneSecurityEnabled);
    const mcp = truthy(global.useMCP);
    const galley = `istio-galley.${config.namespace}.svc:9901`;

    // Mixer reads its configuration from Galley over MCP (mutual TLS when the control plane is secured).
    const configStore = mcp
      ? [`--configStoreURL=${secure ? 'mcps' : 'mcp'}://${galley}`]
      : ['--configStoreURL=k8s://'];
    // Only the telemetry template passes the workload certificates for the MCP client.
    const mcpCerts = mcp && secure && kind === 'telemetry'
      ? ['--certFile=/etc/certs/cert-chain.pem', '--keyFile=/etc/certs/key.pem', '--caCertFile=/etc/certs/root-cert.pem']
      : [];
    const zipkin = truthy(global.tracer.zipkin.address) ? goText(global.tracer.zipkin.address) : `zipkin.${config.namespace}:9411`;
    // The kind's resources, else Mixer's, else the global default (the chart's `if` chain).
    const resources = [spec.resources, mixer.resources].find(truthy) ?? global.defaultResources;

    const mixerContainer: k8s.Container = {
      name: 'mixer',
      image: istioImage(config, mixer.image),
      imagePullPolicy: global.imagePullPolicy,
      ports: [{ containerPort: global.monitoringPort }, { containerPort: PROMETHEUS_PORT }],
      args: [
        `--monitoringPort=${global.monitoringPort}`,
        '--address', 'unix:///sock/mixer.socket',
        ...(truthy(global.logging.level) ? [`--log_output_level=${goText(global.logging.level)}`] : []),
        ...configStore,
        ...mcpCerts,
        `--configDefaultNamespace=${config.namespace}`,
        `--useAdapterCRDs=${truthy(mixer.adapters.useAdapterCRDs)}`,
        `--useTemplateCRDs=${truthy(mixer.templates.useTemplateCRDs)}`,
        `--trace_zipkin_url=http://${zipkin}/api/v1/spans`,
        ...(kind === 'telemetry' ? [
          '--averageLatencyThreshold', goText(mixer.telemetry.loadshedding.latencyThreshold),
          '--loadsheddingMode', goText(mixer.telemetry.loadshedding.mode),
        ] : []),
      ],
      // Helm ranges over the env map in key order and quotes every value.
      ...(truthy(mixer.env) ? { env: Object.keys(mixer.env).sort().map((name) => ({ name, value: goText(mixer.env[name]) })) } : {}),
      resources: containerResources(resources),
      volumeMounts: [
        ...(mcp ? [certsMount] : []),
        ...(kind === 'telemetry' ? [adapterMount, socketMount] : [socketMount]),
      ],
      livenessProbe: {
        httpGet: { path: '/version', port: k8s.IntOrString.fromNumber(global.monitoringPort) },
        initialDelaySeconds: 5,
        periodSeconds: 5,
      },
    };

    const sidecar = controlPlaneSidecar(config, {
      component: kind,
      ports: [
        { containerPort: MIXER_GRPC_PORT },
        { containerPort: MIXER_MTLS_PORT },
        { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
      ],
      trustDomainArg: kind === 'policy',
      extraVolumeMounts: kind === 'policy' ? [socketMount, adapterMount] : [socketMount],
    });

    const selector = { istio: 'mixer', 'istio-mixer-type': kind };
    const volumes: k8s.Volume[] = [
      { name: 'istio-certs', secret: { secretName: `istio.${SERVICE_ACCOUNT}`, optional: true } },
      ...controlPlaneSdsVolumes(config),
      { name: 'uds-socket', emptyDir: {} },
      { name: adapterSecret, secret: { secretName: adapterSecret, optional: true } },
    ];
    const deployment = new k8s.KubeDeployment(this, `deployment-${kind}`, {
      metadata: nsMeta(config, `istio-${kind}`, { app: 'istio-mixer', ...chartLabels(config, 'mixer'), istio: 'mixer' }),
      spec: {
        // With autoscaling on, the chart leaves the count to the autoscaler (even one it does not create for want of bounds).
        ...(truthy(spec.autoscaleEnabled) ? {} : { replicas: truthy(spec.replicaCount) ? spec.replicaCount : 1 }),
        strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels: { app: kind, ...chartLabels(config, 'mixer'), ...selector },
            annotations: { 'sidecar.istio.io/inject': 'false', ...(truthy(mixer.podAnnotations) ? mixer.podAnnotations : {}) },
          },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            // The chart's telemetry template has no priority class.
            ...(kind === 'policy' && truthy(global.priorityClassName) ? { priorityClassName: goText(global.priorityClassName) } : {}),
            volumes,
            affinity: istioAffinity(config, mixer),
            tolerations: istioTolerations(config, mixer),
            containers: [mixerContainer, sidecar],
          },
        },
      },
    });
    keepEmptyAudiences(deployment, volumes);
  }
}

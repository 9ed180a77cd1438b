/**
 * Galley: validates Istio configuration (a validating webhook it registers itself, from the configuration this
 * component ships in a ConfigMap) and distributes it to Pilot and Mixer over MCP.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { payloadYaml } from './payload-yaml';
import { PodDisruptionBudgetV1Beta1, WebhookV1Beta1 } from './k8s-legacy';
import { istioImage, nsMeta, subchartLabels } from './meta';
import { IstioConfig } from './options';
import { controlPlaneDeployment, pullSecrets, resourcesOrDefault } from './workload';

/** A ValidatingWebhookConfiguration as Galley reads it from its file (it registers it and fills in the CA). */
export interface ValidatingWebhookConfigurationManifest {
  readonly apiVersion: 'admissionregistration.k8s.io/v1beta1';
  readonly kind: 'ValidatingWebhookConfiguration';
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  /** `null` when `global.configValidation` is off: the chart's `webhooks:` with nothing under it. */
  readonly webhooks: WebhookV1Beta1[] | null;
}

const VALIDATION_PORT = 443;
const MCP_PORT = 9901;
const CREATE_UPDATE = ['CREATE', 'UPDATE'];

/** The Mixer kinds Galley validates (`kuberneteses` is left out, as in the chart). */
const MIXER_KINDS = [
  'rules', 'attributemanifests', 'circonuses', 'deniers', 'fluentds', 'kubernetesenvs', 'listcheckers', 'memquotas', 'noops', 'opas',
  'prometheuses', 'rbacs', 'solarwindses', 'stackdrivers', 'cloudwatches', 'dogstatsds', 'statsds', 'stdios', 'apikeys', 'authorizations',
  'checknothings', 'listentries', 'logentries', 'metrics', 'quotas', 'reportnothings', 'tracespans', 'adapters', 'handlers', 'instances',
  'templates', 'zipkins',
];

/** The webhooks Galley registers: Pilot's configuration kinds, and Mixer's. */
export function galleyWebhookConfiguration(config: IstioConfig, labels: Record<string, string>): ValidatingWebhookConfigurationManifest {
  const webhook = (name: string, path: string, rules: WebhookV1Beta1['rules']): WebhookV1Beta1 => ({
    name,
    clientConfig: { service: { name: 'istio-galley', namespace: config.namespace, path }, caBundle: '' },
    rules,
    failurePolicy: 'Fail',
    sideEffects: 'None',
  });
  const rule = (apiGroups: string[], apiVersions: string[], resources: string[]) => ({ operations: CREATE_UPDATE, apiGroups, apiVersions, resources });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'istio-galley', labels },
    webhooks: config.values.global.configValidation ? [
      webhook('pilot.validation.istio.io', '/admitpilot', [
        rule(['config.istio.io'], ['v1alpha2'], ['httpapispecs', 'httpapispecbindings', 'quotaspecs', 'quotaspecbindings']),
        rule(['rbac.istio.io'], ['*'], ['*']),
        rule(['authentication.istio.io'], ['*'], ['*']),
        rule(['networking.istio.io'], ['*'], ['destinationrules', 'envoyfilters', 'gateways', 'serviceentries', 'sidecars', 'virtualservices']),
      ]),
      webhook('mixer.validation.istio.io', '/admitmixer', [rule(['config.istio.io'], ['v1alpha2'], MIXER_KINDS)]),
    ] : null,
  };
}

/** Galley's objects (rendered when the `galley` subchart is): its webhook configuration, RBAC, Service, Deployment and disruption budget. */
export class Galley extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.galley;
    const g = config.values.global;
    const ns = config.namespace;
    const baseLabels = subchartLabels(config, 'galley', values);
    const labels = { ...baseLabels, istio: 'galley' };
    const account = 'istio-galley-service-account';
    const roleName = `istio-galley-${ns}`;

    new k8s.KubeConfigMap(this, 'configuration', {
      metadata: nsMeta(config, 'istio-galley-configuration', labels),
      data: { 'validatingwebhookconfiguration.yaml': payloadYaml(galleyWebhookConfiguration(config, labels)) },
    });
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, account, baseLabels),
      ...pullSecrets(config),
    });
    const read = ['get', 'list', 'watch'];
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: roleName, labels: baseLabels },
      rules: [
        { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['*'] },
        // Watches every Istio configuration kind.
        ...['config.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io'].map((group) => ({ apiGroups: [group], resources: ['*'], verbs: read })),
        { apiGroups: ['extensions', 'apps'], resources: ['deployments'], resourceNames: ['istio-galley'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes', 'services', 'endpoints'], verbs: read },
        { apiGroups: ['extensions'], resources: ['ingresses'], verbs: read },
        { apiGroups: ['extensions'], resources: ['deployments/finalizers'], resourceNames: ['istio-galley'], verbs: ['update'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: `istio-galley-admin-role-binding-${ns}`, labels: baseLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, 'istio-galley', labels),
      spec: {
        ports: [
          { port: VALIDATION_PORT, name: 'https-validation' },
          { port: g.monitoringPort, name: 'http-monitoring' },
          { port: MCP_PORT, name: 'grpc-mcp' },
        ],
        selector: { istio: 'galley' },
      },
    });
    const probe = (path: string): k8s.Probe => ({
      exec: { command: ['/usr/local/bin/galley', 'probe', `--probe-path=${path}`, '--interval=10s'] },
      initialDelaySeconds: 5,
      periodSeconds: 5,
    });
    controlPlaneDeployment(this, 'deployment', config, {
      name: 'istio-galley',
      labels,
      selector: { istio: 'galley' },
      replicas: values.replicaCount,
      serviceAccountName: account,
      containers: [{
        name: 'galley',
        image: istioImage(config, values.image),
        imagePullPolicy: g.imagePullPolicy,
        ports: [{ containerPort: VALIDATION_PORT }, { containerPort: g.monitoringPort }, { containerPort: MCP_PORT }],
        command: [
          '/usr/local/bin/galley', 'server',
          '--meshConfigFile=/etc/mesh-config/mesh',
          '--livenessProbeInterval=1s',
          '--livenessProbePath=/healthliveness',
          '--readinessProbePath=/healthready',
          '--readinessProbeInterval=1s',
          `--deployment-namespace=${ns}`,
          // MCP over mutual TLS when the control plane is secured.
          `--insecure=${!g.controlPlaneSecurityEnabled}`,
          ...(g.useMCP ? [] : ['--enable-server=false']),
          '--validation-webhook-config-file', '/etc/config/validatingwebhookconfiguration.yaml',
          `--monitoringPort=${g.monitoringPort}`,
          ...(g.logging.level ? [`--log_output_level=${g.logging.level}`] : []),
        ],
        volumeMounts: [
          { name: 'certs', mountPath: '/etc/certs', readOnly: true },
          { name: 'config', mountPath: '/etc/config', readOnly: true },
          { name: 'mesh-config', mountPath: '/etc/mesh-config', readOnly: true },
        ],
        livenessProbe: probe('/healthliveness'),
        readinessProbe: probe('/healthready'),
        resources: resourcesOrDefault(config, values.resources),
      }],
      volumes: [
        { name: 'certs', secret: { secretName: `istio.${account}` } },
        { name: 'config', configMap: { name: 'istio-galley-configuration' } },
        { name: 'mesh-config', configMap: { name: 'istio' } },
      ],
      scheduling: values,
    });
    if (g.defaultPodDisruptionBudget.enabled) {
      new PodDisruptionBudgetV1Beta1(this, 'disruption-budget', {
        metadata: nsMeta(config, 'istio-galley', labels),
        spec: { minAvailable: 1, selector: { matchLabels: { app: baseLabels.app, release: config.release, istio: 'galley' } } },
      });
    }
  }
}

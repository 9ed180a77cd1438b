/**
 * The sidecar injector: a mutating webhook that adds the Envoy sidecar to pods of namespaces labelled
 * `istio-injection=enabled`, from the injection template and the values in its ConfigMap.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { payloadYaml } from './payload-yaml';
import { injectionTemplate } from './injector-template';
import { injectorValuesJson } from './injector-values';
import { MutatingWebhookConfigurationV1Beta1, PodDisruptionBudgetV1Beta1 } from './k8s-legacy';
import { chartName, istioImage, nsMeta, subchartLabels } from './meta';
import { IstioConfig } from './options';
import { controlPlaneDeployment, pullSecrets, resourcesOrDefault } from './workload';

/** The injector's configuration file (`config` in its ConfigMap). */
export interface InjectorConfig {
  /** `enabled`: inject unless a pod opts out; `disabled`: only pods that opt in. */
  readonly policy: 'enabled' | 'disabled';
  /** `null` when the values have none (the `sidecarInjectorWebhook` subchart is off). */
  readonly alwaysInjectSelector: unknown[] | null;
  readonly neverInjectSelector: unknown[] | null;
  /** The Go template rendered for every pod. */
  readonly template: string;
}

/** The injector configuration the options describe. */
export function injectorConfig(config: IstioConfig): InjectorConfig {
  const webhook = config.values.sidecarInjectorWebhook;
  // The chart's `toYaml` of a missing value is `null`.
  const selectors = (v: unknown[] | undefined) => (v === undefined || v === null ? null : [...v]);
  return {
    policy: config.values.global.proxy.autoInject,
    alwaysInjectSelector: selectors(webhook.alwaysInjectSelector),
    neverInjectSelector: selectors(webhook.neverInjectSelector),
    template: injectionTemplate(),
  };
}

const NAME = 'istio-sidecar-injector';
const PROBE: k8s.Probe = {
  exec: { command: ['/usr/local/bin/sidecar-injector', 'probe', '--probe-path=/health', '--interval=4s'] },
  initialDelaySeconds: 4,
  periodSeconds: 4,
};

/**
 * The sidecar injector's objects: its ConfigMap, which is the parent chart's own (read by `kube-inject` too, it exists
 * with the webhook off, unless `global.omitSidecarInjectorConfigMap`), and, when the `sidecarInjectorWebhook`
 * subchart renders, the webhook's Deployment, RBAC, Service, MutatingWebhookConfiguration and disruption budget.
 */
export class SidecarInjector extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.sidecarInjectorWebhook;
    const g = config.values.global;
    const ns = config.namespace;

    if (!g.omitSidecarInjectorConfigMap) {
      new k8s.KubeConfigMap(this, 'config', {
        metadata: nsMeta(config, NAME, subchartLabels(config, 'istio', config.values, { istio: 'sidecar-injector' })),
        data: {
          values: injectorValuesJson(config.values),
          config: payloadYaml(injectorConfig(config)),
        },
      });
    }
    if (!config.subcharts.has('sidecarInjectorWebhook')) return;

    const baseLabels = subchartLabels(config, 'sidecarInjectorWebhook', values);
    const labels = { ...baseLabels, istio: 'sidecar-injector' };
    const account = `${NAME}-service-account`;
    const roleName = `${NAME}-${ns}`;
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, account, labels),
      ...pullSecrets(config),
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: roleName, labels },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
        // It patches its own webhook's caBundle at startup.
        { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: `${NAME}-admin-role-binding-${ns}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, NAME, labels),
      spec: { ports: [{ port: 443 }], selector: { istio: 'sidecar-injector' } },
    });
    controlPlaneDeployment(this, 'deployment', config, {
      name: NAME,
      labels: labels,
      selector: { istio: 'sidecar-injector' },
      replicas: values.replicaCount,
      serviceAccountName: account,
      containers: [{
        name: 'sidecar-injector-webhook',
        image: istioImage(config, values.image),
        imagePullPolicy: g.imagePullPolicy,
        args: [
          '--caCertFile=/etc/istio/certs/root-cert.pem',
          '--tlsCertFile=/etc/istio/certs/cert-chain.pem',
          '--tlsKeyFile=/etc/istio/certs/key.pem',
          '--injectConfig=/etc/istio/inject/config',
          '--meshConfig=/etc/istio/config/mesh',
          '--healthCheckInterval=2s',
          '--healthCheckFile=/health',
        ],
        volumeMounts: [
          { name: 'config-volume', mountPath: '/etc/istio/config', readOnly: true },
          { name: 'certs', mountPath: '/etc/istio/certs', readOnly: true },
          { name: 'inject-config', mountPath: '/etc/istio/inject', readOnly: true },
        ],
        livenessProbe: PROBE,
        readinessProbe: PROBE,
        resources: resourcesOrDefault(config, values.resources),
      }],
      volumes: [
        { name: 'config-volume', configMap: { name: 'istio' } },
        { name: 'certs', secret: { secretName: `istio.${account}` } },
        { name: 'inject-config', configMap: { name: NAME, items: [{ key: 'config', path: 'config' }, { key: 'values', path: 'values' }] } },
      ],
      scheduling: values,
    });
    new MutatingWebhookConfigurationV1Beta1(this, 'webhook', {
      metadata: { name: NAME, labels: baseLabels },
      webhooks: [{
        name: 'sidecar-injector.istio.io',
        clientConfig: {
          service: { name: NAME, namespace: ns, path: '/inject' },
          // The injector patches its CA in at run time; a declared empty one would be reverted by every GitOps sync.
          ...(config.delivery === 'release' ? { caBundle: '' } : {}),
        },
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
        failurePolicy: 'Fail',
        namespaceSelector: values.enableNamespacesByDefault
          ? {
            matchExpressions: [
              { key: 'name', operator: 'NotIn', values: [ns] },
              { key: 'istio-injection', operator: 'NotIn', values: ['disabled'] },
            ],
          }
          : { matchLabels: { 'istio-injection': 'enabled' } },
      }],
    });
    if (g.defaultPodDisruptionBudget.enabled) {
      const pdbLabels = { app: chartName('sidecarInjectorWebhook', values), release: config.release, istio: 'sidecar-injector' };
      new PodDisruptionBudgetV1Beta1(this, 'disruption-budget', {
        metadata: nsMeta(config, NAME, pdbLabels),
        spec: { minAvailable: 1, selector: { matchLabels: pdbLabels } },
      });
    }
  }
}

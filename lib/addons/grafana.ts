import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { Construct } from 'constructs';
import { dump } from 'js-yaml';
import { appLabels, chartLabels, nsMeta, ReleaseService } from '../meta';
import { IstioConfig } from '../options';
import { PostInstallCustomResources } from '../post-install-job';
import { AuthenticationPolicySpec, validateAuthenticationPolicySpec } from '../resources';
import { istioAffinity, istioTolerations } from '../scheduling';
import { istioDashboards } from './grafana-dashboards';
import { addonIngress } from './ingress';
import { pullSecrets, resourcesOrDefault } from '../workload';

/** The port Grafana listens on inside its pod. */
const GRAFANA_PORT = 3000;
/** Where the provider of `dashboardproviders.yaml` loads Istio's dashboards from. */
const DASHBOARDS_DIR = '/var/lib/grafana/dashboards/istio';

/**
 * The Grafana addon: Istio's dashboards (one ConfigMap each), the Prometheus datasource and dashboard provider, the
 * `grafana` Service and Deployment, and the Policy that exempts Grafana's port from mutual TLS (applied by a
 * post-install Job, or emitted directly in `gitops` delivery).
 */
export class Grafana extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.grafana;
    const global = config.values.global;
    const labels = appLabels(config, 'grafana');
    // The ConfigMaps carry an extra `istio: grafana` label.
    const configMapLabels = appLabels(config, 'grafana', { istio: 'grafana' });

    // Grafana's port is exempt from mutual TLS: browsers reach it through plain port forwarding.
    const policy: AuthenticationPolicySpec = { targets: [{ name: 'grafana', ports: [{ number: values.service.externalPort }] }] };
    validateAuthenticationPolicySpec(policy);
    new PostInstallCustomResources(this, 'post-install', config, {
      component: 'grafana',
      documents: [{
        object: {
          apiVersion: 'authentication.istio.io/v1alpha1',
          kind: 'Policy',
          metadata: nsMeta(config, 'grafana-ports-mtls-disabled', labels),
          spec: policy as Record<string, unknown>,
        },
      }],
      labels,
      configMapLabels,
      podLabels: chartLabels(config, 'grafana', { app: 'istio-grafana' }),
      // Needed to create the default authentication policy.
      rules: [{ apiGroups: ['authentication.istio.io'], resources: ['*'], verbs: ['*'] }],
      scheduling: values,
    });

    const dashboards = istioDashboards();
    for (const d of dashboards) {
      new k8s.KubeConfigMap(this, `dashboards-${d.name}`, {
        metadata: nsMeta(config, `istio-grafana-configuration-dashboards-${d.name}`, configMapLabels),
        data: { [`${d.name}.json`]: JSON.stringify(d.dashboard) },
      });
    }

    const yamlFiles = (files: object) => Object.fromEntries(
      Object.entries(files).map(([file, content]) => [file, dump(content, { lineWidth: -1, noRefs: true })]));
    new k8s.KubeConfigMap(this, 'config', {
      metadata: nsMeta(config, 'istio-grafana', configMapLabels),
      data: { ...yamlFiles(values.datasources), ...yamlFiles(values.dashboardProviders) },
    });

    if (values.persist) {
      new k8s.KubePersistentVolumeClaim(this, 'pvc', {
        metadata: nsMeta(config, 'istio-grafana-pvc', labels),
        spec: {
          // An empty class renders as no class: the cluster's default.
          ...(values.storageClassName ? { storageClassName: values.storageClassName } : {}),
          accessModes: [values.accessMode],
          resources: { requests: { storage: k8s.Quantity.fromString('5Gi') } },
        },
      });
    }

    const svc = values.service;
    new ReleaseService(this, 'service', {
      metadata: nsMeta(config, 'grafana', labels, svc.annotations),
      spec: {
        type: svc.type,
        ports: [{ port: svc.externalPort, targetPort: k8s.IntOrString.fromNumber(GRAFANA_PORT), protocol: 'TCP', name: svc.name }],
        selector: { app: 'grafana' },
        ...(svc.loadBalancerIP ? { loadBalancerIp: svc.loadBalancerIP } : {}),
        ...(svc.loadBalancerSourceRanges?.length ? { loadBalancerSourceRanges: svc.loadBalancerSourceRanges } : {}),
      },
    });

    const secretEnv = (name: string, key: string): k8s.EnvVar => ({
      name, valueFrom: { secretKeyRef: { name: values.security.secretName, key } },
    });
    const authEnv: k8s.EnvVar[] = values.security.enabled
      ? [
        secretEnv('GF_SECURITY_ADMIN_USER', values.security.usernameKey),
        secretEnv('GF_SECURITY_ADMIN_PASSWORD', values.security.passphraseKey),
        { name: 'GF_AUTH_BASIC_ENABLED', value: 'true' },
        { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
        { name: 'GF_AUTH_DISABLE_LOGIN_FORM', value: 'false' },
      ]
      : [
        { name: 'GF_AUTH_BASIC_ENABLED', value: 'false' },
        { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'true' },
        { name: 'GF_AUTH_ANONYMOUS_ORG_ROLE', value: 'Admin' },
      ];
    const provisioning = (dir: string, file: string): k8s.VolumeMount => ({
      name: 'config', mountPath: `/etc/grafana/provisioning/${dir}/${file}`, subPath: file,
    });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, 'grafana', labels),
      spec: {
        replicas: values.replicaCount,
        selector: { matchLabels: { app: 'grafana' } },
        template: {
          metadata: {
            labels: chartLabels(config, 'grafana', { app: 'grafana' }),
            annotations: { 'sidecar.istio.io/inject': 'false', 'prometheus.io/scrape': 'true' },
          },
          spec: {
            // Grafana's image runs as user 472.
            securityContext: { runAsUser: 472, fsGroup: 472 },
            ...(global.priorityClassName ? { priorityClassName: global.priorityClassName } : {}),
            ...pullSecrets(config),
            containers: [{
              name: 'grafana',
              image: `${values.image.repository}:${values.image.tag}`,
              imagePullPolicy: global.imagePullPolicy,
              ports: [{ containerPort: GRAFANA_PORT }],
              readinessProbe: { httpGet: { path: '/login', port: k8s.IntOrString.fromNumber(GRAFANA_PORT) } },
              env: [
                { name: 'GRAFANA_PORT', value: String(GRAFANA_PORT) },
                ...authEnv,
                { name: 'GF_PATHS_DATA', value: '/data/grafana' },
              ],
              resources: resourcesOrDefault(config, undefined),
              volumeMounts: [
                { name: 'data', mountPath: '/data/grafana' },
                ...dashboards.map((d) => ({
                  name: `dashboards-istio-${d.name}`, mountPath: `${DASHBOARDS_DIR}/${d.name}.json`, subPath: `${d.name}.json`, readOnly: true,
                })),
                provisioning('datasources', 'datasources.yaml'),
                provisioning('dashboards', 'dashboardproviders.yaml'),
              ],
            }],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
            volumes: [
              { name: 'config', configMap: { name: 'istio-grafana' } },
              values.persist
                ? { name: 'data', persistentVolumeClaim: { claimName: 'istio-grafana-pvc' } }
                : { name: 'data', emptyDir: {} },
              ...dashboards.map((d) => ({
                name: `dashboards-istio-${d.name}`, configMap: { name: `istio-grafana-configuration-dashboards-${d.name}` },
              })),
            ],
          },
        },
      },
    });

    addonIngress(this, config, {
      name: 'grafana', labels, ingress: values.ingress, path: values.contextPath || '/', serviceName: 'grafana', servicePort: GRAFANA_PORT,
    });
  }
}

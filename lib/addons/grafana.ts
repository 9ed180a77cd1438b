import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { payloadYaml } from '../payload-yaml';
import { goText, reread, truthy } from '../helm-text';
import { chartLabels, nsMeta, ReleaseService, subchartLabels } from '../meta';
import { IstioConfig, IstioOptionError } from '../options';
import { PostInstallCustomResources } from '../post-install-job';
import { AuthenticationPolicySpec, validateAuthenticationPolicySpec } from '../resources';
import { istioAffinity, istioTolerations } from '../scheduling';
import { dashboardFiles } from './grafana-dashboards/files';
import { contextPathOr, priorityClass, quotedAnnotations, tolerationsSince121 } from './chart-parts';
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
    if (truthy(global.enableHelmTest)) {
      // The chart's tests/test-grafana-connection.yaml reads `.Values.grafana.service.externalPort`, which a subchart
      // does not have: helm template fails on it ("nil pointer evaluating interface {}.service").
      throw new IstioOptionError('values.global.enableHelmTest', global.enableHelmTest,
        'false while grafana is enabled (the Istio 1.2 grafana chart\'s helm test template fails to render: it reads .Values.grafana.service.externalPort)')
        .at(scope.node.path);
    }
    const labels = subchartLabels(config, 'grafana', values);
    // The ConfigMaps carry an extra `istio: grafana` label.
    const configMapLabels = subchartLabels(config, 'grafana', values, { istio: 'grafana' });
    const svc = values.service;

    // Grafana's port is exempt from mutual TLS: browsers reach it through plain port forwarding.
    const policy: AuthenticationPolicySpec = { targets: [{ name: 'grafana', ports: [{ number: reread(svc.externalPort) as number }] }] };
    validateAuthenticationPolicySpec(policy);
    const post = new PostInstallCustomResources(this, 'post-install', config, {
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
      scheduling: tolerationsSince121(config, values),
    });
    // The chart's post-install ServiceAccount (alone among them) carries the global image pull secrets.
    const account = post.node.tryFindChild('ServiceAccount');
    const secrets = pullSecrets(config).imagePullSecrets;
    if (account instanceof ApiObject && secrets) account.addJsonPatch(JsonPatch.add('/imagePullSecrets', secrets));

    const dashboards = dashboardFiles();
    for (const d of dashboards) {
      new k8s.KubeConfigMap(this, `dashboards-${d.name}`, {
        metadata: nsMeta(config, `istio-grafana-configuration-dashboards-${d.name}`, configMapLabels),
        data: { [`${d.name}.json`]: d.json },
      });
    }

    const yamlFiles = (files: object) => Object.fromEntries(
      Object.entries(files).map(([file, content]) => [file, payloadYaml(content)]));
    const files = {
      ...(truthy(values.datasources) ? yamlFiles(values.datasources) : {}),
      ...(truthy(values.dashboardProviders) ? yamlFiles(values.dashboardProviders) : {}),
    };
    const configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: nsMeta(config, 'istio-grafana', configMapLabels),
      ...(Object.keys(files).length ? { data: files } : {}),
    });
    // With neither file the chart writes an empty `data:`, a null.
    if (!Object.keys(files).length) configMap.addJsonPatch(JsonPatch.add('/data', null));

    if (truthy(values.persist)) {
      new k8s.KubePersistentVolumeClaim(this, 'pvc', {
        metadata: nsMeta(config, 'istio-grafana-pvc', labels),
        spec: {
          // `storageClassName: {{ ... }}` unquoted: the default "" is a null, the cluster's default class.
          storageClassName: reread(values.storageClassName) as string,
          accessModes: [reread(values.accessMode) as string],
          resources: { requests: { storage: k8s.Quantity.fromString('5Gi') } },
        },
      });
    }

    const service = new ReleaseService(this, 'service', {
      metadata: nsMeta(config, 'grafana', labels, quotedAnnotations(svc.annotations)),
      spec: {
        type: reread(svc.type) as string,
        ports: [{ port: reread(svc.externalPort) as number, targetPort: k8s.IntOrString.fromNumber(GRAFANA_PORT), protocol: 'TCP', name: reread(svc.name) as string }],
        selector: { app: 'grafana' },
        ...(truthy(svc.loadBalancerIP) ? { loadBalancerIp: goText(svc.loadBalancerIP) } : {}),
        ...(truthy(svc.loadBalancerSourceRanges) ? { loadBalancerSourceRanges: (svc.loadBalancerSourceRanges ?? []).map((r) => reread(r) as string) } : {}),
      },
    });
    // cdk8s drops nulls: the chart's unquoted empty class and type are put back.
    if (values.persist && reread(values.storageClassName) === null) {
      (this.node.findChild('pvc') as ApiObject).addJsonPatch(JsonPatch.add('/spec/storageClassName', null));
    }
    if (reread(svc.type) === null) service.addJsonPatch(JsonPatch.add('/spec/type', null));

    const secretEnv = (name: string, key: unknown): k8s.EnvVar => ({
      name, valueFrom: { secretKeyRef: { name: reread(values.security.secretName) as string, key: reread(key) as string } },
    });
    const authEnv: k8s.EnvVar[] = truthy(values.security.enabled)
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
        replicas: reread(values.replicaCount) as number,
        selector: { matchLabels: { app: 'grafana' } },
        template: {
          metadata: {
            labels: chartLabels(config, 'grafana', { app: 'grafana' }),
            annotations: { 'sidecar.istio.io/inject': 'false', 'prometheus.io/scrape': 'true' },
          },
          spec: {
            // Grafana's image runs as user 472.
            securityContext: { runAsUser: 472, fsGroup: 472 },
            ...priorityClass(config),
            ...pullSecrets(config),
            containers: [{
              name: 'grafana',
              image: `${goText(values.image.repository)}:${goText(values.image.tag)}`,
              imagePullPolicy: reread(global.imagePullPolicy) as string,
              ports: [{ containerPort: GRAFANA_PORT }],
              readinessProbe: { httpGet: { path: '/login', port: k8s.IntOrString.fromNumber(GRAFANA_PORT) } },
              env: [
                { name: 'GRAFANA_PORT', value: String(GRAFANA_PORT) },
                ...authEnv,
                { name: 'GF_PATHS_DATA', value: '/data/grafana' },
              ],
              resources: resourcesOrDefault(config, values.resources),
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
              truthy(values.persist)
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
      name: 'grafana', labels, ingress: values.ingress, path: contextPathOr(values.contextPath, '/'), serviceName: 'grafana', servicePort: GRAFANA_PORT,
    });
  }
}

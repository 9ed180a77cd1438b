/**
 * The Kiali addon: the service-mesh console (graph of the mesh, Istio configuration), with read-write or view-only
 * access to the cluster.
 */
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { payloadYaml } from '../payload-yaml';
import { goText, reread, truthy, YamlScalar } from '../helm-text';
import { chartFullname, chartLabels, nsMeta, subchartLabels } from '../meta';
import { IstioConfig } from '../options';
import { istioAffinity, istioTolerations } from '../scheduling';
import { contextPathOr, helmTestPod, priorityClass, tolerationsSince121 } from './chart-parts';
import { addonIngress } from './ingress';
import { addWarning } from '../warnings';
import { pullSecrets, resourcesOrDefault } from '../workload';

/** Kiali's `config.yaml`. */
export interface KialiConfig {
  readonly istio_namespace: string;
  readonly auth: { readonly strategy: 'login' | 'anonymous' | 'openshift' };
  readonly server: { readonly port: number; readonly web_root?: YamlScalar };
  /** The chart prints the URLs unquoted: YAML reads them back (nothing is a null). */
  readonly external_services: {
    readonly tracing: { readonly url: YamlScalar };
    readonly grafana: { readonly url: YamlScalar };
    readonly prometheus: { readonly url: YamlScalar };
  };
}

const PORT = 20001;
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'get', 'list', 'patch', 'watch'];

/** What Kiali reads, and (for the Istio groups) may edit, group by group. */
const KIALI_RESOURCES: Array<{ apiGroups: string[]; resources: string[]; istio: boolean }> = [
  { apiGroups: [''], resources: ['configmaps', 'endpoints', 'namespaces', 'nodes', 'pods', 'pods/log', 'replicationcontrollers', 'services'], istio: false },
  { apiGroups: ['extensions', 'apps'], resources: ['deployments', 'replicasets', 'statefulsets'], istio: false },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], istio: false },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], istio: false },
  {
    apiGroups: ['config.istio.io'],
    resources: [
      'adapters', 'apikeys', 'bypasses', 'authorizations', 'checknothings', 'circonuses', 'cloudwatches', 'deniers', 'dogstatsds',
      'edges', 'fluentds', 'handlers', 'instances', 'kubernetesenvs', 'kuberneteses', 'listcheckers', 'listentries', 'logentries',
      'memquotas', 'metrics', 'noops', 'opas', 'prometheuses', 'quotas', 'quotaspecbindings', 'quotaspecs', 'rbacs', 'redisquotas',
      'reportnothings', 'rules', 'signalfxs', 'solarwindses', 'stackdrivers', 'statsds', 'stdios', 'templates', 'tracespans', 'zipkins',
    ],
    istio: true,
  },
  { apiGroups: ['networking.istio.io'], resources: ['destinationrules', 'gateways', 'serviceentries', 'virtualservices'], istio: true },
  { apiGroups: ['authentication.istio.io'], resources: ['meshpolicies', 'policies'], istio: true },
  { apiGroups: ['rbac.istio.io'], resources: ['clusterrbacconfigs', 'rbacconfigs', 'servicerolebindings', 'serviceroles'], istio: true },
];

function kialiRules(canEdit: boolean): k8s.PolicyRule[] {
  return [
    ...KIALI_RESOURCES.map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.istio && canEdit ? WRITE : READ })),
    { apiGroups: ['monitoring.kiali.io'], resources: ['monitoringdashboards'], verbs: ['get', 'list'] },
  ];
}

/** The demo credentials the release generates (admin/admin). */
const DEMO_CREDENTIALS = { username: 'admin', passphrase: 'admin' };

/** The Kiali addon's objects. */
export class Kiali extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.kiali;
    const g = config.values.global;
    const labels = subchartLabels(config, 'kiali', values);
    const secretName = reread(values.dashboard.secretName) as string;

    if (values.createDemoSecret) {
      // The library does not print: the warning is recorded on the construct (the CLI prints it after a synth).
      addWarning(this, `Secret ${secretName} holds Kiali's demo credentials admin/admin; `
        + 'set values.kiali.createDemoSecret: false and values.kiali.dashboard.secretName to use your own Secret');
      new k8s.KubeSecret(this, 'demo-secret', {
        metadata: nsMeta(config, secretName, labels),
        type: 'Opaque',
        data: Object.fromEntries(Object.entries(DEMO_CREDENTIALS).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      });
    }
    const kialiConfig: KialiConfig = {
      istio_namespace: config.namespace,
      auth: { strategy: 'login' },
      server: { port: PORT, ...(truthy(values.contextPath) ? { web_root: reread(values.contextPath) } : {}) },
      external_services: {
        tracing: { url: reread(values.dashboard.jaegerURL) },
        grafana: { url: reread(values.dashboard.grafanaURL) },
        prometheus: { url: reread(values.prometheusAddr) },
      },
    };
    new k8s.KubeConfigMap(this, 'config', {
      metadata: nsMeta(config, 'kiali', labels),
      data: { 'config.yaml': payloadYaml(kialiConfig) },
    });
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, 'kiali-service-account', labels),
      ...pullSecrets(config),
    });
    new k8s.KubeClusterRole(this, 'cluster-role', { metadata: { name: 'kiali', labels }, rules: kialiRules(true) });
    new k8s.KubeClusterRole(this, 'viewer-cluster-role', { metadata: { name: 'kiali-viewer', labels }, rules: kialiRules(false) });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: `istio-kiali-admin-role-binding-${config.namespace}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: truthy(values.dashboard.viewOnlyMode) ? 'kiali-viewer' : 'kiali' },
      subjects: [{ kind: 'ServiceAccount', name: 'kiali-service-account', namespace: config.namespace }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, 'kiali', labels),
      spec: { ports: [{ name: 'http-kiali', protocol: 'TCP', port: PORT }], selector: { app: 'kiali' } },
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, 'kiali', labels),
      spec: {
        replicas: reread(values.replicaCount) as number,
        selector: { matchLabels: { app: 'kiali' } },
        template: {
          metadata: {
            name: 'kiali',
            labels: chartLabels(config, 'kiali', { app: 'kiali' }),
            annotations: {
              'sidecar.istio.io/inject': 'false',
              'scheduler.alpha.kubernetes.io/critical-pod': '',
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': '9090',
            },
          },
          spec: {
            serviceAccountName: 'kiali-service-account',
            ...priorityClass(config),
            containers: [{
              image: `${goText(values.hub)}/kiali:${goText(values.tag)}`,
              imagePullPolicy: reread(g.imagePullPolicy) as string,
              name: 'kiali',
              command: ['/opt/kiali/kiali', '-config', '/kiali-configuration/config.yaml', '-v', '4'],
              env: [{ name: 'ACTIVE_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              volumeMounts: [
                { name: 'kiali-configuration', mountPath: '/kiali-configuration' },
                { name: 'kiali-secret', mountPath: '/kiali-secret' },
              ],
              resources: resourcesOrDefault(config, values.resources),
            }],
            volumes: [
              { name: 'kiali-configuration', configMap: { name: 'kiali' } },
              // Optional: Kiali starts without credentials (and refuses logins) until the Secret exists.
              { name: 'kiali-secret', secret: { secretName, optional: true } },
            ],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, tolerationsSince121(config, values)),
          },
        },
      },
    });
    addonIngress(this, config, { name: 'kiali', labels, ingress: values.ingress, path: contextPathOr(values.contextPath, '/'), serviceName: 'kiali', servicePort: PORT });
    if (truthy(g.enableHelmTest)) {
      const name = `${chartFullname(config, 'kiali', values)}-test`;
      helmTestPod(this, config, {
        name,
        labels: { app: 'kiali-test', ...chartLabels(config, 'kiali'), istio: 'kiali' },
        containerName: name,
        command: ['curl'],
        args: [`http://kiali:${PORT}`],
        scheduling: values,
      });
    }
  }
}

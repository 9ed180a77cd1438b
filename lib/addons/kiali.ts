/**
 * The Kiali addon: the service-mesh console (graph of the mesh, Istio configuration), with read-write or view-only
 * access to the cluster.
 */
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { Construct } from 'constructs';
import { dump } from 'js-yaml';
import { appLabels, nsMeta } from '../meta';
import { IstioConfig } from '../options';
import { istioAffinity, istioTolerations } from '../scheduling';
import { addonIngress } from './ingress';
import { pullSecrets, resourcesOrDefault } from '../workload';

/** Kiali's `config.yaml`. */
export interface KialiConfig {
  readonly istio_namespace: string;
  readonly auth: { readonly strategy: 'login' | 'anonymous' | 'openshift' };
  readonly server: { readonly port: number; readonly web_root?: string };
  readonly external_services: {
    readonly tracing: { readonly url: string | null };
    readonly grafana: { readonly url: string | null };
    readonly prometheus: { readonly url: string };
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
    const labels = appLabels(config, 'kiali');
    const secretName = values.dashboard.secretName;

    if (values.createDemoSecret) {
      process.stderr.write(`cdk8s-istio: warning: Secret ${secretName} holds Kiali's demo credentials admin/admin; `
        + 'set values.kiali.createDemoSecret: false and values.kiali.dashboard.secretName to use your own Secret\n');
      new k8s.KubeSecret(this, 'demo-secret', {
        metadata: nsMeta(config, secretName, labels),
        type: 'Opaque',
        data: Object.fromEntries(Object.entries(DEMO_CREDENTIALS).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      });
    }
    const kialiConfig: KialiConfig = {
      istio_namespace: config.namespace,
      auth: { strategy: 'login' },
      server: { port: PORT, ...(values.contextPath ? { web_root: values.contextPath } : {}) },
      external_services: {
        tracing: { url: values.dashboard.jaegerURL },
        grafana: { url: values.dashboard.grafanaURL },
        prometheus: { url: values.prometheusAddr },
      },
    };
    new k8s.KubeConfigMap(this, 'config', {
      metadata: nsMeta(config, 'kiali', labels),
      data: { 'config.yaml': dump(kialiConfig, { lineWidth: -1, noRefs: true }) },
    });
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, 'kiali-service-account', labels),
      ...pullSecrets(config),
    });
    new k8s.KubeClusterRole(this, 'cluster-role', { metadata: { name: 'kiali', labels }, rules: kialiRules(true) });
    new k8s.KubeClusterRole(this, 'viewer-cluster-role', { metadata: { name: 'kiali-viewer', labels }, rules: kialiRules(false) });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: `istio-kiali-admin-role-binding-${config.namespace}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: values.dashboard.viewOnlyMode ? 'kiali-viewer' : 'kiali' },
      subjects: [{ kind: 'ServiceAccount', name: 'kiali-service-account', namespace: config.namespace }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, 'kiali', labels),
      spec: { ports: [{ name: 'http-kiali', protocol: 'TCP', port: PORT }], selector: { app: 'kiali' } },
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, 'kiali', labels),
      spec: {
        replicas: values.replicaCount,
        selector: { matchLabels: { app: 'kiali' } },
        template: {
          metadata: {
            name: 'kiali',
            labels,
            annotations: {
              'sidecar.istio.io/inject': 'false',
              'scheduler.alpha.kubernetes.io/critical-pod': '',
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': '9090',
            },
          },
          spec: {
            serviceAccountName: 'kiali-service-account',
            ...(g.priorityClassName ? { priorityClassName: g.priorityClassName } : {}),
            containers: [{
              image: `${values.hub}/kiali:${values.tag}`,
              imagePullPolicy: g.imagePullPolicy,
              name: 'kiali',
              command: ['/opt/kiali/kiali', '-config', '/kiali-configuration/config.yaml', '-v', '4'],
              env: [{ name: 'ACTIVE_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              volumeMounts: [
                { name: 'kiali-configuration', mountPath: '/kiali-configuration' },
                { name: 'kiali-secret', mountPath: '/kiali-secret' },
              ],
              resources: resourcesOrDefault(config, undefined),
            }],
            volumes: [
              { name: 'kiali-configuration', configMap: { name: 'kiali' } },
              // Optional: Kiali starts without credentials (and refuses logins) until the Secret exists.
              { name: 'kiali-secret', secret: { secretName, optional: true } },
            ],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
      },
    });
    addonIngress(this, config, { name: 'kiali', labels, ingress: values.ingress, path: values.contextPath || '/', serviceName: 'kiali', servicePort: PORT });
  }
}

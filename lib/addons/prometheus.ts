/**
 * The Prometheus addon: scrapes Mixer's Istio metrics, every Envoy's stats, the control plane's monitoring ports and
 * the Kubernetes nodes, services and pods.
 */
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { payloadYaml } from '../payload-yaml';
import { goText, reread, truthy } from '../helm-text';
import { appLabels, chartFullname, chartLabels, nsMeta } from '../meta';
import { IstioConfig } from '../options';
import { istioAffinity, istioTolerations } from '../scheduling';
import { contextPathOr, helmTestPod, priorityClass, quotedMap } from './chart-parts';
import { addonIngress } from './ingress';
import { pullSecrets, resourcesOrDefault } from '../workload';

/** One relabelling step of a scrape job. */
export interface RelabelConfig {
  readonly source_labels?: string[];
  readonly action?: 'keep' | 'drop' | 'replace' | 'labelmap';
  /**
   * The match. The release writes `regex: true` unquoted, which YAML reads as a boolean; Prometheus turns it back
   * into the string, and the ConfigMap keeps the release's value.
   */
  readonly regex?: string | true;
  readonly replacement?: string;
  readonly target_label?: string;
}

export interface KubernetesSdConfig {
  readonly role: 'endpoints' | 'pod' | 'node' | 'service';
  readonly namespaces?: { readonly names: string[] };
}

export interface TlsConfig {
  readonly ca_file: string;
  readonly cert_file?: string;
  readonly key_file?: string;
  readonly insecure_skip_verify?: boolean;
}

export interface ScrapeConfig {
  readonly job_name: string;
  readonly metrics_path?: string;
  readonly scheme?: 'http' | 'https';
  readonly tls_config?: TlsConfig;
  readonly bearer_token_file?: string;
  readonly kubernetes_sd_configs: KubernetesSdConfig[];
  readonly relabel_configs: RelabelConfig[];
}

/** `prometheus.yml`. */
export interface PrometheusConfig {
  readonly global: { readonly scrape_interval: string };
  readonly scrape_configs: ScrapeConfig[];
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const IN_CLUSTER_TLS: Pick<ScrapeConfig, 'scheme' | 'tls_config' | 'bearer_token_file'> = {
  scheme: 'https',
  tls_config: { ca_file: `${SA_DIR}/ca.crt` },
  bearer_token_file: `${SA_DIR}/token`,
};
/** Rewrite the scrape address to the port named by an annotation. */
const ADDRESS_FROM_PORT_ANNOTATION = /* regex */ '([^:]+)(?::\\d+)?;(\\d+)';

const keep = (labels: string[], regex: string | true): RelabelConfig => ({ source_labels: labels, action: 'keep', regex });
const podLabels: RelabelConfig[] = [
  { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
  { source_labels: ['__meta_kubernetes_namespace'], action: 'replace', target_label: 'namespace' },
  { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod_name' },
];

/** A job scraping one port of one Service in the control plane's namespace. */
function endpointJob(config: IstioConfig, job: string, service: string, port: string): ScrapeConfig {
  return {
    job_name: job,
    kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: [config.namespace] } }],
    relabel_configs: [keep(['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'], `${service};${port}`)],
  };
}

/** The kubelet's metrics, or its cAdvisor's, through the API server's node proxy. */
function nodeJob(job: string, metricsPath: string): ScrapeConfig {
  return {
    job_name: job,
    ...IN_CLUSTER_TLS,
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [
      { action: 'labelmap', regex: '__meta_kubernetes_node_label_(.+)' },
      { target_label: '__address__', replacement: 'kubernetes.default.svc:443' },
      { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: metricsPath },
    ],
  };
}

/** The scrape configuration the chart ships. */
export function prometheusConfig(config: IstioConfig): PrometheusConfig {
  const metricsPathFromAnnotation: RelabelConfig = {
    source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], action: 'replace', target_label: '__metrics_path__', regex: '(.+)',
  };
  const addressFromAnnotation: RelabelConfig = {
    source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
    action: 'replace',
    regex: ADDRESS_FROM_PORT_ANNOTATION,
    replacement: '$1:$2',
    target_label: '__address__',
  };
  const scrapeAnnotated = keep(['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], true);
  return {
    // `scrape_interval: {{ .Values.scrapeInterval }}`, unquoted.
    global: { scrape_interval: reread(config.values.prometheus.scrapeInterval) as string },
    scrape_configs: [
      endpointJob(config, 'istio-mesh', 'istio-telemetry', 'prometheus'),
      {
        job_name: 'envoy-stats',
        metrics_path: '/stats/prometheus',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          keep(['__meta_kubernetes_pod_container_port_name'], '.*-envoy-prom'),
          { ...addressFromAnnotation, replacement: '$1:15090' },
          ...podLabels,
        ],
      },
      ...([['istio-policy', 'istio-policy'], ['istio-telemetry', 'istio-telemetry'], ['pilot', 'istio-pilot'], ['galley', 'istio-galley'],
        ['citadel', 'istio-citadel']] as const).map(([job, service]) => endpointJob(config, job, service, 'http-monitoring')),
      {
        job_name: 'kubernetes-apiservers',
        kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: ['default'] } }],
        ...IN_CLUSTER_TLS,
        relabel_configs: [keep(['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'], 'kubernetes;https')],
      },
      nodeJob('kubernetes-nodes', '/api/v1/nodes/${1}/proxy/metrics'),
      nodeJob('kubernetes-cadvisor', '/api/v1/nodes/${1}/proxy/metrics/cadvisor'),
      {
        job_name: 'kubernetes-service-endpoints',
        kubernetes_sd_configs: [{ role: 'endpoints' }],
        relabel_configs: [
          keep(['__meta_kubernetes_service_annotation_prometheus_io_scrape'], true),
          { source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scheme'], action: 'replace', target_label: '__scheme__', regex: '(https?)' },
          { source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_path'], action: 'replace', target_label: '__metrics_path__', regex: '(.+)' },
          {
            source_labels: ['__address__', '__meta_kubernetes_service_annotation_prometheus_io_port'],
            action: 'replace', target_label: '__address__', regex: ADDRESS_FROM_PORT_ANNOTATION, replacement: '$1:$2',
          },
          { action: 'labelmap', regex: '__meta_kubernetes_service_label_(.+)' },
          { source_labels: ['__meta_kubernetes_namespace'], action: 'replace', target_label: 'kubernetes_namespace' },
          { source_labels: ['__meta_kubernetes_service_name'], action: 'replace', target_label: 'kubernetes_name' },
        ],
      },
      {
        // Pods without a sidecar, or that ask for plain http: the secure job below takes the others.
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          scrapeAnnotated,
          keep(['__meta_kubernetes_pod_annotation_sidecar_istio_io_status', '__meta_kubernetes_pod_annotation_prometheus_io_scheme'], '((;.*)|(.*;http))'),
          { source_labels: ['__meta_kubernetes_pod_annotation_istio_mtls'], action: 'drop', regex: '(true)' },
          metricsPathFromAnnotation,
          addressFromAnnotation,
          ...podLabels,
        ],
      },
      {
        // Pods with a sidecar (or marked able to receive mutual TLS), scraped with the mesh's certificates.
        job_name: 'kubernetes-pods-istio-secure',
        scheme: 'https',
        tls_config: {
          ca_file: '/etc/istio-certs/root-cert.pem',
          cert_file: '/etc/istio-certs/cert-chain.pem',
          key_file: '/etc/istio-certs/key.pem',
          insecure_skip_verify: true, // Prometheus does not support secure naming.
        },
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          scrapeAnnotated,
          keep(['__meta_kubernetes_pod_annotation_sidecar_istio_io_status', '__meta_kubernetes_pod_annotation_istio_mtls'], '(([^;]+);([^;]*))|(([^;]*);(true))'),
          { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'], action: 'drop', regex: '(http)' },
          metricsPathFromAnnotation,
          // Only host:port addresses: otherwise an extra target on :443 appears for the https scheme.
          keep(['__address__'], '([^:]+):(\\d+)'),
          addressFromAnnotation,
          ...podLabels,
        ],
      },
    ],
  };
}

const PORT = 9090;

/** The Prometheus addon's objects: ConfigMap, ServiceAccount, RBAC, Service and Deployment (and its `helm test` Pod). */
export class Prometheus extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.prometheus;
    const g = config.values.global;
    // The chart writes `app: prometheus` itself, not through its name helper.
    const labels = appLabels(config, 'prometheus');
    const roleName = `prometheus-${config.namespace}`;

    new k8s.KubeConfigMap(this, 'config', {
      metadata: nsMeta(config, 'prometheus', labels),
      data: { 'prometheus.yml': payloadYaml(prometheusConfig(config)) },
    });
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: nsMeta(config, 'prometheus', labels),
      ...pullSecrets(config),
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: roleName, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'services', 'endpoints', 'pods', 'nodes/proxy'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: roleName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: config.namespace }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, 'prometheus', labels, { 'prometheus.io/scrape': 'true', ...quotedMap(values.service.annotations) }),
      spec: { selector: { app: 'prometheus' }, ports: [{ name: 'http-prometheus', protocol: 'TCP', port: PORT }] },
    });
    if (truthy(values.service.nodePort.enabled)) {
      new k8s.KubeService(this, 'node-port-service', {
        metadata: nsMeta(config, 'prometheus-nodeport', labels),
        spec: {
          type: 'NodePort',
          ports: [{ port: PORT, nodePort: reread(values.service.nodePort.port) as number, name: 'http-prometheus' }],
          selector: { app: 'prometheus' },
        },
      });
    }
    const probe = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromNumber(PORT) } });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, 'prometheus', labels),
      spec: {
        replicas: reread(values.replicaCount) as number,
        selector: { matchLabels: { app: 'prometheus' } },
        template: {
          metadata: { labels, annotations: { 'sidecar.istio.io/inject': 'false' } },
          spec: {
            serviceAccountName: 'prometheus',
            ...priorityClass(config),
            containers: [{
              name: 'prometheus',
              image: `${goText(values.hub)}/prometheus:${goText(values.tag)}`,
              imagePullPolicy: reread(g.imagePullPolicy) as string,
              args: [`--storage.tsdb.retention=${goText(values.retention)}`, '--config.file=/etc/prometheus/prometheus.yml'],
              ports: [{ containerPort: PORT, name: 'http' }],
              livenessProbe: probe('/-/healthy'),
              readinessProbe: probe('/-/ready'),
              resources: resourcesOrDefault(config, values.resources),
              volumeMounts: [
                { name: 'config-volume', mountPath: '/etc/prometheus' },
                { mountPath: '/etc/istio-certs', name: 'istio-certs' },
              ],
            }],
            volumes: [
              { name: 'config-volume', configMap: { name: 'prometheus' } },
              // Without Citadel (security off) the certificates may never come.
              { name: 'istio-certs', secret: { defaultMode: 420, ...(truthy(values.security.enabled) ? {} : { optional: true }), secretName: 'istio.default' } },
            ],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
      },
    });
    addonIngress(this, config, {
      name: 'prometheus', labels, ingress: values.ingress, path: contextPathOr(values.contextPath, '/'), serviceName: 'prometheus', servicePort: PORT,
    });
    if (truthy(g.enableHelmTest)) {
      const name = `${chartFullname(config, 'prometheus', values)}-test`;
      helmTestPod(this, config, {
        name,
        labels: { app: 'prometheus-test', ...chartLabels(config, 'prometheus'), istio: 'prometheus' },
        containerName: name,
        command: ['sh', '-c', `for i in 1 2 3; do curl http://prometheus:${PORT}/-/ready && exit 0 || sleep 15; done; exit 1`],
        scheduling: values,
      });
    }
  }
}

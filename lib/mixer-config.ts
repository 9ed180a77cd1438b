/**
 * Mixer's configuration objects (the mixer chart's config): the attribute vocabularies, the stdio, prometheus and
 * kubernetesenv adapters with their instances and rules, and the DestinationRules of istio-policy and istio-telemetry.
 */
import { Construct } from 'constructs';
import {
  AttributeInfo, AttributeManifest, AttributeValueType, Handler, Instance, Rule, RuleSpec,
} from './istio-config-resources';
import { chartAppName, goText, reread, truthy } from './helm-text';
import { chartLabels } from './meta';
import { DestinationRule, TrafficPolicy } from './resources';
import { sinceVersion } from './chart/versions';
import { IstioConfig, IstioVersion } from './options';

// ---------------------------------------------------------------- attribute vocabularies

/** The attributes the proxy reports to Mixer. */
const ISTIOPROXY_ATTRIBUTES: Readonly<Record<string, AttributeValueType>> = {
  'origin.ip': 'IP_ADDRESS',
  'origin.uid': 'STRING',
  'origin.user': 'STRING',
  'request.headers': 'STRING_MAP',
  'request.id': 'STRING',
  'request.host': 'STRING',
  'request.method': 'STRING',
  'request.path': 'STRING',
  'request.url_path': 'STRING',
  'request.query_params': 'STRING_MAP',
  'request.reason': 'STRING',
  'request.referer': 'STRING',
  'request.scheme': 'STRING',
  'request.total_size': 'INT64',
  'request.size': 'INT64',
  'request.time': 'TIMESTAMP',
  'request.useragent': 'STRING',
  'response.code': 'INT64',
  'response.duration': 'DURATION',
  'response.headers': 'STRING_MAP',
  'response.total_size': 'INT64',
  'response.size': 'INT64',
  'response.time': 'TIMESTAMP',
  'response.grpc_status': 'STRING',
  'response.grpc_message': 'STRING',
  'source.uid': 'STRING',
  'source.user': 'STRING',
  'source.principal': 'STRING',
  'destination.uid': 'STRING',
  'destination.principal': 'STRING',
  'destination.port': 'INT64',
  'connection.event': 'STRING',
  'connection.id': 'STRING',
  'connection.received.bytes': 'INT64',
  'connection.received.bytes_total': 'INT64',
  'connection.sent.bytes': 'INT64',
  'connection.sent.bytes_total': 'INT64',
  'connection.duration': 'DURATION',
  'connection.mtls': 'BOOL',
  'connection.requested_server_name': 'STRING',
  'context.protocol': 'STRING',
  'context.proxy_error_code': 'STRING',
  'context.timestamp': 'TIMESTAMP',
  'context.time': 'TIMESTAMP',
  'context.reporter.local': 'BOOL',
  'context.reporter.kind': 'STRING',
  'context.reporter.uid': 'STRING',
  'api.service': 'STRING',
  'api.version': 'STRING',
  'api.operation': 'STRING',
  'api.protocol': 'STRING',
  'request.auth.principal': 'STRING',
  'request.auth.audiences': 'STRING',
  'request.auth.presenter': 'STRING',
  'request.auth.claims': 'STRING_MAP',
  'request.auth.raw_claims': 'STRING',
  'request.api_key': 'STRING',
  'rbac.permissive.response_code': 'STRING',
  'rbac.permissive.effective_policy_id': 'STRING',
  'check.error_code': 'INT64',
  'check.error_message': 'STRING',
  'check.cache_hit': 'BOOL',
  'quota.cache_hit': 'BOOL',
};

/** The attributes the kubernetesenv adapter derives from Kubernetes. */
const KUBERNETES_ATTRIBUTES: Readonly<Record<string, AttributeValueType>> = {
  'source.ip': 'IP_ADDRESS',
  'source.labels': 'STRING_MAP',
  'source.metadata': 'STRING_MAP',
  'source.name': 'STRING',
  'source.namespace': 'STRING',
  'source.owner': 'STRING',
  'source.serviceAccount': 'STRING',
  'source.services': 'STRING',
  'source.workload.uid': 'STRING',
  'source.workload.name': 'STRING',
  'source.workload.namespace': 'STRING',
  'destination.ip': 'IP_ADDRESS',
  'destination.labels': 'STRING_MAP',
  'destination.metadata': 'STRING_MAP',
  'destination.owner': 'STRING',
  'destination.name': 'STRING',
  'destination.container.name': 'STRING',
  'destination.namespace': 'STRING',
  'destination.service.uid': 'STRING',
  'destination.service.name': 'STRING',
  'destination.service.namespace': 'STRING',
  'destination.service.host': 'STRING',
  'destination.serviceAccount': 'STRING',
  'destination.workload.uid': 'STRING',
  'destination.workload.name': 'STRING',
  'destination.workload.namespace': 'STRING',
};

const manifestAttributes = (table: Readonly<Record<string, AttributeValueType>>): Record<string, AttributeInfo> =>
  Object.fromEntries(Object.entries(table).map(([name, valueType]) => [name, { valueType }]));

// ---------------------------------------------------------------- shared expressions

/** Which side of the connection reported: the outbound (client) proxy is the source. */
const REPORTER = 'conditional((context.reporter.kind | "inbound") == "outbound", "source", "destination")';
/** Mutual TLS as seen by the server side; unknown to the client. */
const CONNECTION_SECURITY_POLICY =
  'conditional((context.reporter.kind | "inbound") == "outbound", "unknown", conditional(connection.mtls | false, "mutual_tls", "none"))';
const HTTP_PROTOCOLS = 'context.protocol == "http" || context.protocol == "grpc"';
const TCP_PROTOCOL = 'context.protocol == "tcp"';

// ---------------------------------------------------------------- stdio: access logs

/** Params of the `logentry` template. */
interface LogEntryParams {
  readonly severity: string;
  readonly timestamp: string;
  readonly variables: Record<string, string>;
  readonly monitored_resource_type: string;
}

/** Who talked to whom: the variables both access logs carry. */
const PEER_LOG_VARIABLES: Readonly<Record<string, string>> = {
  sourceIp: 'source.ip | ip("0.0.0.0")',
  sourceApp: 'source.labels["app"] | ""',
  sourcePrincipal: 'source.principal | ""',
  sourceName: 'source.name | ""',
  sourceWorkload: 'source.workload.name | ""',
  sourceNamespace: 'source.namespace | ""',
  sourceOwner: 'source.owner | ""',
  destinationApp: 'destination.labels["app"] | ""',
  destinationIp: 'destination.ip | ip("0.0.0.0")',
  destinationServiceHost: 'destination.service.host | ""',
  destinationWorkload: 'destination.workload.name | ""',
  destinationName: 'destination.name | ""',
  destinationNamespace: 'destination.namespace | ""',
  destinationOwner: 'destination.owner | ""',
  destinationPrincipal: 'destination.principal | ""',
};

const ACCESS_LOG: LogEntryParams = {
  severity: '"Info"',
  timestamp: 'request.time',
  variables: {
    ...PEER_LOG_VARIABLES,
    apiClaims: 'request.auth.raw_claims | ""',
    apiKey: 'request.api_key | request.headers["x-api-key"] | ""',
    protocol: 'request.scheme | context.protocol | "http"',
    method: 'request.method | ""',
    url: 'request.path | ""',
    responseCode: 'response.code | 0',
    responseFlags: 'context.proxy_error_code | ""',
    responseSize: 'response.size | 0',
    permissiveResponseCode: 'rbac.permissive.response_code | "none"',
    permissiveResponsePolicyID: 'rbac.permissive.effective_policy_id | "none"',
    requestSize: 'request.size | 0',
    requestId: 'request.headers["x-request-id"] | ""',
    clientTraceId: 'request.headers["x-client-trace-id"] | ""',
    latency: 'response.duration | "0ms"',
    connection_security_policy: CONNECTION_SECURITY_POLICY,
    requestedServerName: 'connection.requested_server_name | ""',
    userAgent: 'request.useragent | ""',
    responseTimestamp: 'response.time',
    receivedBytes: 'request.total_size | 0',
    sentBytes: 'response.total_size | 0',
    referer: 'request.referer | ""',
    httpAuthority: 'request.headers[":authority"] | request.host | ""',
    xForwardedFor: 'request.headers["x-forwarded-for"] | "0.0.0.0"',
    reporter: REPORTER,
    grpcStatus: 'response.grpc_status | ""',
    grpcMessage: 'response.grpc_message | ""',
  },
  monitored_resource_type: '"global"',
};

const TCP_ACCESS_LOG: LogEntryParams = {
  severity: '"Info"',
  timestamp: 'context.time | timestamp("2017-01-01T00:00:00Z")',
  variables: {
    connectionEvent: 'connection.event | ""',
    ...PEER_LOG_VARIABLES,
    protocol: 'context.protocol | "tcp"',
    connectionDuration: 'connection.duration | "0ms"',
    connection_security_policy: CONNECTION_SECURITY_POLICY,
    requestedServerName: 'connection.requested_server_name | ""',
    receivedBytes: 'connection.received.bytes | 0',
    sentBytes: 'connection.sent.bytes | 0',
    totalReceivedBytes: 'connection.received.bytes_total | 0',
    totalSentBytes: 'connection.sent.bytes_total | 0',
    reporter: REPORTER,
    responseFlags: 'context.proxy_error_code | ""',
  },
  monitored_resource_type: '"global"',
};

// ---------------------------------------------------------------- prometheus: metrics

type MetricProtocol = 'http' | 'tcp';

/** A metric label: its Prometheus label name (also the instance's dimension name) and its expression. */
interface MetricLabel {
  readonly name: string;
  readonly expression: string;
}

/** Prometheus histogram buckets. */
type MetricBuckets =
  | { readonly explicit_buckets: { readonly bounds: number[] } }
  | { readonly exponentialBuckets: { readonly numFiniteBuckets: number; readonly scale: number; readonly growthFactor: number } }
  | { readonly linearBuckets: { readonly numFiniteBuckets: number; readonly width: number; readonly offset: number } };

/** A Mixer metric: its `metric` instance, the Prometheus metric it feeds and the rule that sends it. */
interface MixerMetric {
  readonly instance: string;
  readonly value: string;
  readonly protocol: MetricProtocol;
  readonly prometheusName: string;
  readonly kind: 'COUNTER' | 'GAUGE' | 'DISTRIBUTION';
  readonly buckets?: MetricBuckets;
  readonly rule: string;
  /**
   * Its `destination_service` label is the service's short name, not its host, until 1.2.8 fixed it
   * (`mixer-destination-service-host`). @default false
   */
  readonly shortServiceNameUntilFixed?: boolean;
}

/** Params of the `metric` template. */
interface MetricParams {
  readonly value: string;
  readonly dimensions: Record<string, string>;
  readonly monitored_resource_type: string;
}

/** One metric of the prometheus adapter. */
interface PrometheusMetricParams {
  readonly name: string;
  readonly instance_name: string;
  readonly kind: MixerMetric['kind'];
  readonly label_names: string[];
  readonly buckets?: MetricBuckets;
}

/** Params of the prometheus adapter. */
interface PrometheusParams {
  readonly metricsExpirationPolicy: { readonly metricsExpiryDuration: string };
  readonly metrics: PrometheusMetricParams[];
}

const SIZE_BUCKETS: MetricBuckets = { exponentialBuckets: { numFiniteBuckets: 8, scale: 1, growthFactor: 10 } };

const METRICS: readonly MixerMetric[] = [
  { instance: 'requestcount', value: '1', protocol: 'http', prometheusName: 'requests_total', kind: 'COUNTER', rule: 'promhttp' },
  {
    instance: 'requestduration', value: 'response.duration | "0ms"', protocol: 'http', prometheusName: 'request_duration_seconds',
    kind: 'DISTRIBUTION', buckets: { explicit_buckets: { bounds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] } }, rule: 'promhttp',
  },
  { instance: 'requestsize', value: 'request.size | 0', protocol: 'http', prometheusName: 'request_bytes', kind: 'DISTRIBUTION', buckets: SIZE_BUCKETS, rule: 'promhttp' },
  { instance: 'responsesize', value: 'response.size | 0', protocol: 'http', prometheusName: 'response_bytes', kind: 'DISTRIBUTION', buckets: SIZE_BUCKETS, rule: 'promhttp' },
  { instance: 'tcpbytesent', value: 'connection.sent.bytes | 0', protocol: 'tcp', prometheusName: 'tcp_sent_bytes_total', kind: 'COUNTER', rule: 'promtcp' },
  { instance: 'tcpbytereceived', value: 'connection.received.bytes | 0', protocol: 'tcp', prometheusName: 'tcp_received_bytes_total', kind: 'COUNTER', rule: 'promtcp' },
  {
    instance: 'tcpconnectionsopened', value: '1', protocol: 'tcp', prometheusName: 'tcp_connections_opened_total', kind: 'COUNTER',
    rule: 'promtcpconnectionopen', shortServiceNameUntilFixed: true,
  },
  {
    instance: 'tcpconnectionsclosed', value: '1', protocol: 'tcp', prometheusName: 'tcp_connections_closed_total', kind: 'COUNTER',
    rule: 'promtcpconnectionclosed', shortServiceNameUntilFixed: true,
  },
];

/** The rules that send metrics to the prometheus handler, with the metrics' `rule` naming them. */
const METRIC_RULES: ReadonlyArray<{ readonly name: string; readonly match: string }> = [
  {
    name: 'promhttp',
    // Health checks and Prometheus' own scrapes are not traffic.
    match: `(${HTTP_PROTOCOLS}) && (match((request.useragent | "-"), "kube-probe*") == false) && (match((request.useragent | "-"), "Prometheus*") == false)`,
  },
  { name: 'promtcp', match: TCP_PROTOCOL },
  { name: 'promtcpconnectionopen', match: `${TCP_PROTOCOL} && ((connection.event | "na") == "open")` },
  { name: 'promtcpconnectionclosed', match: `${TCP_PROTOCOL} && ((connection.event | "na") == "close")` },
];

/** A metric's labels, in the prometheus handler's order. */
function metricLabels(metric: MixerMetric, version: IstioVersion): MetricLabel[] {
  const shortName = metric.shortServiceNameUntilFixed && !sinceVersion(version, 'mixer-destination-service-host');
  const peer = (side: 'source' | 'destination'): MetricLabel[] => [
    { name: `${side}_app`, expression: `${side}.labels["app"] | "unknown"` },
    { name: `${side}_principal`, expression: `${side}.principal | "unknown"` },
    { name: `${side}_workload`, expression: `${side}.workload.name | "unknown"` },
    { name: `${side}_workload_namespace`, expression: `${side}.workload.namespace | "unknown"` },
    { name: `${side}_version`, expression: `${side}.labels["version"] | "unknown"` },
  ];
  const common: MetricLabel[] = [
    { name: 'reporter', expression: REPORTER },
    ...peer('source'),
    ...peer('destination'),
    { name: 'destination_service', expression: `${shortName ? 'destination.service.name' : 'destination.service.host'} | "unknown"` },
    { name: 'destination_service_name', expression: 'destination.service.name | "unknown"' },
    { name: 'destination_service_namespace', expression: 'destination.service.namespace | "unknown"' },
  ];
  const responseFlags: MetricLabel = { name: 'response_flags', expression: 'context.proxy_error_code | "-"' };
  const security: MetricLabel = { name: 'connection_security_policy', expression: CONNECTION_SECURITY_POLICY };
  if (metric.protocol === 'tcp') return [...common, security, responseFlags];
  return [
    ...common,
    { name: 'request_protocol', expression: 'api.protocol | context.protocol | "unknown"' },
    { name: 'response_code', expression: 'response.code | 200' },
    responseFlags,
    { name: 'permissive_response_code', expression: 'rbac.permissive.response_code | "none"' },
    { name: 'permissive_response_policyid', expression: 'rbac.permissive.effective_policy_id | "none"' },
    security,
  ];
}

// ---------------------------------------------------------------- kubernetesenv: workload attributes

/** Params of the `kubernetes` template: what the adapter looks up. */
interface KubernetesParams {
  readonly source_uid: string;
  readonly source_ip: string;
  readonly destination_uid: string;
  readonly destination_port: string;
}

/** The attributes filled from the kubernetesenv adapter's output, per side of the connection. */
function kubernetesBindings(): Record<string, string> {
  const side = (s: 'source' | 'destination'): Array<[string, string]> => [
    [`${s}.ip`, `$out.${s}_pod_ip | ip("0.0.0.0")`],
    [`${s}.uid`, `$out.${s}_pod_uid | "unknown"`],
    [`${s}.labels`, `$out.${s}_labels | emptyStringMap()`],
    [`${s}.name`, `$out.${s}_pod_name | "unknown"`],
    ...(s === 'destination' ? [[`${s}.container.name`, `$out.${s}_container_name | "unknown"`] as [string, string]] : []),
    [`${s}.namespace`, `$out.${s}_namespace | "default"`],
    [`${s}.owner`, `$out.${s}_owner | "unknown"`],
    [`${s}.serviceAccount`, `$out.${s}_service_account_name | "unknown"`],
    [`${s}.workload.uid`, `$out.${s}_workload_uid | "unknown"`],
    [`${s}.workload.name`, `$out.${s}_workload_name | "unknown"`],
    [`${s}.workload.namespace`, `$out.${s}_workload_namespace | "unknown"`],
  ];
  return Object.fromEntries([...side('source'), ...side('destination')]);
}

// ---------------------------------------------------------------- the construct

/** The labels of Mixer's objects: `app` is the chart's name (`mixer`, or `mixer.nameOverride`). */
export function mixerLabels(config: IstioConfig): Record<string, string> {
  return { app: chartAppName('mixer', config.values.mixer), ...chartLabels(config, 'mixer') };
}

/**
 * Mixer's configuration objects, for the Mixer deployments that are enabled: attribute manifests, the stdio access
 * logs and prometheus metrics (telemetry only, by `mixer.adapters.*`), the kubernetesenv attributes, and a
 * DestinationRule per Mixer service.
 */
export class MixerConfig extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const mixer = config.values.mixer;
    const policy = truthy(mixer.policy.enabled);
    const telemetry = truthy(mixer.telemetry.enabled);
    if (!policy && !telemetry) return;
    const labels = mixerLabels(config);
    const meta = (name: string) => ({ name, namespace: config.namespace, labels });
    const rule = (name: string, spec: RuleSpec) => new Rule(this, `rule-${name}`, { metadata: meta(name), spec });

    new AttributeManifest(this, 'attributemanifest-istioproxy', { metadata: meta('istioproxy'), spec: { attributes: manifestAttributes(ISTIOPROXY_ATTRIBUTES) } });
    new AttributeManifest(this, 'attributemanifest-kubernetes', { metadata: meta('kubernetes'), spec: { attributes: manifestAttributes(KUBERNETES_ATTRIBUTES) } });

    if (truthy(mixer.adapters.stdio.enabled) && telemetry) {
      new Handler(this, 'handler-stdio', {
        metadata: meta('stdio'),
        spec: { compiledAdapter: 'stdio', params: { outputAsJson: reread(mixer.adapters.stdio.outputAsJson) as boolean } },
      });
      new Instance<LogEntryParams>(this, 'instance-accesslog', { metadata: meta('accesslog'), spec: { compiledTemplate: 'logentry', params: ACCESS_LOG } });
      new Instance<LogEntryParams>(this, 'instance-tcpaccesslog', { metadata: meta('tcpaccesslog'), spec: { compiledTemplate: 'logentry', params: TCP_ACCESS_LOG } });
      rule('stdio', { match: HTTP_PROTOCOLS, actions: [{ handler: 'stdio', instances: ['accesslog'] }] });
      rule('stdiotcp', { match: TCP_PROTOCOL, actions: [{ handler: 'stdio', instances: ['tcpaccesslog'] }] });
    }

    if (truthy(mixer.adapters.prometheus.enabled) && telemetry) {
      for (const m of METRICS) {
        const dimensions = Object.fromEntries(metricLabels(m, config.version).map((l) => [l.name, l.expression]));
        new Instance<MetricParams>(this, `instance-${m.instance}`, {
          metadata: meta(m.instance),
          spec: { compiledTemplate: 'metric', params: { value: m.value, dimensions, monitored_resource_type: '"UNSPECIFIED"' } },
        });
      }
      new Handler<PrometheusParams>(this, 'handler-prometheus', {
        metadata: meta('prometheus'),
        spec: {
          compiledAdapter: 'prometheus',
          params: {
            metricsExpirationPolicy: { metricsExpiryDuration: goText(mixer.adapters.prometheus.metricsExpiryDuration) },
            metrics: METRICS.map((m) => ({
              name: m.prometheusName,
              instance_name: `${m.instance}.instance.${config.namespace}`,
              kind: m.kind,
              label_names: metricLabels(m, config.version).map((l) => l.name),
              ...(m.buckets ? { buckets: m.buckets } : {}),
            })),
          },
        },
      });
      for (const r of METRIC_RULES) {
        rule(r.name, { match: r.match, actions: [{ handler: 'prometheus', instances: METRICS.filter((m) => m.rule === r.name).map((m) => m.instance) }] });
      }
    }

    if (truthy(mixer.adapters.kubernetesenv.enabled)) {
      // The release's handler has an empty `params:` (only comments below it).
      new Handler(this, 'handler-kubernetesenv', { metadata: meta('kubernetesenv'), spec: { compiledAdapter: 'kubernetesenv', params: null } });
      rule('kubeattrgenrulerule', { actions: [{ handler: 'kubernetesenv', instances: ['attributes'] }] });
      rule('tcpkubeattrgenrulerule', { match: TCP_PROTOCOL, actions: [{ handler: 'kubernetesenv', instances: ['attributes'] }] });
      new Instance<KubernetesParams>(this, 'instance-attributes', {
        metadata: meta('attributes'),
        spec: {
          compiledTemplate: 'kubernetes',
          params: {
            source_uid: 'source.uid | ""',
            source_ip: 'source.ip | ip("0.0.0.0")',
            destination_uid: 'destination.uid | ""',
            destination_port: 'destination.port | 0',
          },
          attributeBindings: kubernetesBindings(),
        },
      });
    }

    const global = config.values.global;
    for (const key of ['policy', 'telemetry'] as const) {
      if (!truthy(mixer[key].enabled)) continue;
      const name = `istio-${key}`;
      const trafficPolicy: TrafficPolicy = {
        // Sidecars reach Mixer over mutual TLS on 15004 when the control plane is secured.
        ...(truthy(global.controlPlaneSecurityEnabled)
          ? { portLevelSettings: [{ port: { number: 15004 }, tls: { mode: 'ISTIO_MUTUAL' } }] } : {}),
        connectionPool: { http: { http2MaxRequests: 10000, maxRequestsPerConnection: 10000 } },
      };
      new DestinationRule(this, `destination-rule-${key}`, {
        metadata: meta(name),
        spec: {
          host: `${name}.${config.namespace}.svc.${goText(global.proxy.clusterDomain)}`,
          // With default visibility settings, Mixer's rules stay visible to the whole mesh.
          ...(truthy(global.defaultConfigVisibilitySettings) ? { exportTo: ['*'] } : {}),
          trafficPolicy,
        },
      });
    }
  }
}

import {
  dashboard, DashboardFile, DS_PROMETHEUS_INPUT, GO_MEMORY_SERIES, graph, grid, JsonObject, row, TargetSpec, yaxes,
} from './builder';

/** Galley's own process metrics are scraped under this Prometheus job. */
const JOB = 'job="galley"';
/** Galley's container in its pods, as cAdvisor labels them. */
const CONTAINERS = 'container_name=~"galley", pod_name=~"istio-galley-.*"';

/** A graph of the 8-wide, 6-high grid below the resource row, both y axes shown; `label` names the left one. */
function metricGraph(id: number, title: string, x: number, y: number, targets: TargetSpec[], label?: string, rightLabel?: string | null): JsonObject {
  return graph({ id, title, gridPos: grid(x, y, 8, 6), targets, yaxes: yaxes({ label }, { label: rightLabel }) });
}

/** The resource row: memory, CPU, disk and goroutines of the Galley process and its container. */
function resourcePanels(y: number): JsonObject[] {
  // Galley's exported memory panel gives the Go series refIds A-D, F-H: E is the container total it lists last.
  const memory: TargetSpec[] = GO_MEMORY_SERIES.map((s, i) => ({
    expr: `${s.metric}{${JOB}}`, legendFormat: s.legend, intervalFactor: 2, refId: 'ABCDFGH'[i],
  }));
  memory.push({ expr: `sum(container_memory_usage_bytes{${CONTAINERS}})`, legendFormat: 'Total (kis)', refId: 'E' });
  const cpu = `rate(container_cpu_usage_seconds_total{job="kubernetes-cadvisor",${CONTAINERS}}[1m])`;
  const panel = (id: number, title: string, x: number, targets: TargetSpec[], bothAxes = false) =>
    graph({ id, title, gridPos: grid(x, y, 6, 8), targets, ...(bothAxes ? { yaxes: yaxes({}, {}) } : {}) });
  return [
    panel(36, 'Memory', 0, memory),
    panel(38, 'CPU', 6, [
      { expr: `sum(${cpu})`, legendFormat: 'Total (k8s)', intervalFactor: 2 },
      { expr: `sum(${cpu}) by (container_name)`, legendFormat: '{{ container_name }} (k8s)', intervalFactor: 2 },
      { expr: `irate(process_cpu_seconds_total{${JOB}}[1m])`, legendFormat: 'galley (self-reported)', intervalFactor: 2 },
    ], true),
    panel(42, 'Disk', 12, [
      { expr: `process_open_fds{${JOB}}`, legendFormat: 'Open FDs (galley)', intervalFactor: 2 },
      { expr: `container_fs_usage_bytes{${CONTAINERS}}`, legendFormat: '{{ container_name }} ', intervalFactor: 2 },
    ]),
    panel(44, 'Goroutines', 18, [
      { expr: `go_goroutines{${JOB}}`, legendFormat: 'goroutines_total', intervalFactor: 2 },
      { expr: 'galley_mcp_source_clients_total', legendFormat: 'clients_total' },
      { expr: `go_goroutines{${JOB}}/galley_mcp_source_clients_total`, legendFormat: 'avg_goroutines_per_client' },
    ], true),
  ];
}

/** Events per minute of a counter, summed over all series. */
const perMinute = (metric: string) => `sum(rate(${metric}[1m])) * 60`;
/** Events per minute of a counter, per series. */
const perMinuteEach = (metric: string) => `rate(${metric}[1m]) * 60`;

/** Galley's dashboard: versions, resource usage, its runtime, validation webhook, Kubernetes source and MCP server. */
export function galleyDashboard(): DashboardFile {
  const snapshotQuantiles = ['0.50', '0.90', '0.95', '0.99'].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le) (galley_runtime_processor_snapshot_events_total_bucket))`,
    legendFormat: `P${q.slice(2)}`,
  }));
  const panels: JsonObject[] = [
    graph({
      id: 46, title: 'Galley Versions', gridPos: grid(0, 0, 24, 5),
      targets: [{ expr: 'sum(istio_build{component="galley"}) by (tag)', legendFormat: '{{ tag }}' }],
    }),
    row({ id: 40, title: 'Resource Usage', gridPos: grid(0, 5, 24, 1) }),
    ...resourcePanels(6),

    row({ id: 10, title: 'Runtime', gridPos: grid(0, 14, 24, 1) }),
    metricGraph(2, 'Event Rates', 0, 15, [
      { expr: perMinute('galley_runtime_strategy_on_change_total'), legendFormat: 'Strategy Change Events' },
      { expr: perMinute('galley_runtime_processor_events_processed_total'), legendFormat: 'Processed Events' },
      { expr: perMinute('galley_runtime_processor_snapshots_published_total'), legendFormat: 'Snapshot Published' },
    ], 'Events/min', ''),
    metricGraph(4, 'Timer Rates', 8, 15, [
      { expr: perMinute('galley_runtime_strategy_timer_max_time_reached_total'), legendFormat: 'Max Time Reached' },
      { expr: perMinute('galley_runtime_strategy_timer_quiesce_reached_total'), legendFormat: 'Quiesce Reached' },
      { expr: perMinute('galley_runtime_strategy_timer_resets_total'), legendFormat: 'Timer Resets' },
    ], 'Events/min'),
    graph({
      id: 8, title: 'Events Per Snapshot', gridPos: grid(16, 15, 8, 6), targets: snapshotQuantiles,
      yaxes: yaxes({}, {}), extra: { pointradius: 3, stack: true },
    }),
    metricGraph(6, 'State Type Instances', 8, 21, [
      { expr: 'sum by (typeURL) (galley_runtime_state_type_instances_total)', legendFormat: '{{ typeURL }}' },
    ], 'Count'),

    row({ id: 34, title: 'Validation', gridPos: grid(0, 27, 24, 1) }),
    metricGraph(28, 'Validation Webhook Certificate', 0, 28, [
      { expr: `galley_validation_cert_key_updates{${JOB}}`, legendFormat: 'Key Updates' },
      { expr: `galley_validation_cert_key_update_errors{${JOB}}`, legendFormat: 'Key Update Errors: {{ error }}' },
    ]),
    metricGraph(30, 'Resource Validation', 8, 28, [
      { expr: `sum(galley_validation_passed{${JOB}}) by (group, version, resource)`, legendFormat: 'Passed: {{ group }}/{{ version }}/{{resource}}' },
      { expr: `sum(galley_validation_failed{${JOB}}) by (group, version, resource, reason)`, legendFormat: 'Failed: {{ group }}/{{ version }}/{{resource}} ({{ reason}})' },
    ]),
    metricGraph(32, 'Validation HTTP Errors', 16, 28, [
      { expr: `sum(galley_validation_http_error{${JOB}}) by (status)`, legendFormat: '{{ status }}' },
    ]),

    row({ id: 12, title: 'Kubernetes Source', gridPos: grid(0, 34, 24, 1) }),
    metricGraph(14, 'Source Event Rate', 0, 35, [
      { expr: perMinuteEach('galley_source_kube_event_success_total'), legendFormat: 'Success' },
      { expr: perMinuteEach('galley_source_kube_event_error_total'), legendFormat: 'Error' },
    ], 'Events/min'),
    metricGraph(16, 'Kubernetes Object Conversion Successes', 8, 35, [
      { expr: perMinuteEach('galley_source_kube_dynamic_converter_success_total'), legendFormat: '{apiVersion="{{apiVersion}}",group="{{group}}",kind="{{kind}}"}' },
    ], 'Conversions/min'),
    metricGraph(24, 'Kubernetes Object Conversion Failures', 16, 35, [
      { expr: perMinuteEach('galley_source_kube_dynamic_converter_failure_total'), legendFormat: 'Error' },
    ], 'Failures/min'),

    row({ id: 18, title: 'Mesh Configuration Protocol', gridPos: grid(0, 41, 24, 1) }),
    metricGraph(20, 'Connected Clients', 0, 42, [
      { expr: 'sum(galley_mcp_source_clients_total)', legendFormat: 'Clients' },
    ]),
    metricGraph(22, 'Request ACKs', 8, 42, [
      { expr: 'sum by(collection)(irate(galley_mcp_source_request_acks_total[1m]) * 60)', legendFormat: '' },
    ], 'ACKs/min'),
    metricGraph(26, 'Request NACKs', 16, 42, [
      { expr: perMinuteEach('galley_mcp_source_request_nacks_total') },
    ], 'NACKs/min'),
  ];
  return {
    name: 'galley-dashboard',
    dashboard: dashboard({
      title: 'Istio Galley Dashboard',
      uid: 'TSEY6jLmk',
      panels,
      extra: { __inputs: [{ ...DS_PROMETHEUS_INPUT }] },
    }),
  };
}

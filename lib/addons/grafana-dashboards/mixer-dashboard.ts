import {
  ANNOTATIONS_BUILTIN, dashboard, DashboardFile, DS_PROMETHEUS_INPUT, exportRequires, GO_MEMORY_SERIES, graph, grid, GridPos, JsonObject,
  LEGEND_DEFAULT, queryVariable, row, TargetSpec, text, yaxes,
} from './builder';
import { cpu, DISK_AXES } from './component-panels';

/** Mixer's two deployments, as Prometheus jobs and pods. */
const JOBS = 'job=~"istio-telemetry|istio-policy"';
const CONTAINERS = 'container_name=~"mixer|istio-proxy", pod_name=~"istio-telemetry-.*|istio-policy-.*"';
/** Name the series by the deployment (`service`) their pod belongs to. */
const byService = (expr: string) => `label_replace(${expr}, "service", "$1" , "pod_name", "(istio-telemetry|istio-policy)-.*")`;
const ADAPTER = 'adapter=~"$adapter"';
/** The panels of this (older) dashboard carry no `timeRegions`. */
const GRAPH = { timeRegions: false } as const;
/** Both y axes shown. */
const BOTH_AXES = yaxes({}, {});

/** A section title across the dashboard. */
function heading(id: number, title: string, y: number, height?: string): JsonObject {
  return text({
    id, title: '', gridPos: grid(0, y, 24, 3), content: `<center><h2>${title}</h2></center>`,
    ...(height ? { extra: { height } } : {}),
  });
}

/** Go memory series per deployment, which series the export hid, and the refIds it kept. */
const MEMORY_SERIES: ReadonlyArray<{ refId: string; extra?: JsonObject }> = [
  { refId: 'I', extra: { instant: false } }, { refId: 'H' }, { refId: 'A', extra: { hide: true } }, { refId: 'D', extra: { hide: true } },
  { refId: 'F' }, { refId: 'E', extra: { hide: false } }, { refId: 'G' },
];

/** Memory, CPU, disk and goroutines of the two Mixer deployments, side by side. */
function resourcePanels(y: number): JsonObject[] {
  const at = (x: number): GridPos => grid(x, y, 6, 7);
  const shown = { hide: false };
  const cpuRate = (by: string) => byService(`sum(rate(${cpu(CONTAINERS)}[1m])) by (${by})`);
  const memory: TargetSpec[] = [
    ...GO_MEMORY_SERIES.map((s, i) => ({
      expr: `sum(${s.metric}{${JOBS}}) by (job)`, legendFormat: `${s.legend} ({{ job }})`, intervalFactor: 2, ...MEMORY_SERIES[i],
    })),
    { expr: `sum(${byService(`container_memory_usage_bytes{${CONTAINERS}}`)}) by (service)`, legendFormat: '{{ service }} total (k8s)', intervalFactor: 2, refId: 'C', extra: shown },
    {
      expr: `sum(${byService(`container_memory_usage_bytes{${CONTAINERS}}`)}) by (container_name, service)`,
      legendFormat: '{{ service }} - {{ container_name }} (k8s)', intervalFactor: 2, refId: 'B', extra: shown,
    },
  ];
  return [
    graph({ ...GRAPH, id: 5, title: 'Memory', gridPos: at(0), targets: memory, yaxes: yaxes({ format: 'bytes' }) }),
    graph({
      ...GRAPH, id: 6, title: 'CPU', gridPos: at(6), yaxes: BOTH_AXES,
      targets: [
        { expr: cpuRate('pod_name'), legendFormat: '{{ service }} total (k8s)', intervalFactor: 2, extra: shown },
        { expr: cpuRate('container_name, pod_name'), legendFormat: '{{ service }} - {{ container_name }} (k8s)', intervalFactor: 2, extra: shown },
        { expr: `sum(irate(process_cpu_seconds_total{${JOBS}}[1m])) by (job)`, legendFormat: '{{ job }} (self-reported)', intervalFactor: 2, extra: shown },
      ],
    }),
    graph({
      ...GRAPH, id: 7, title: 'Disk', gridPos: at(12), yaxes: DISK_AXES,
      targets: [
        { expr: `sum(process_open_fds{${JOBS}}) by (job)`, legendFormat: 'Open FDs ({{ job }})', intervalFactor: 2, extra: { hide: true, instant: false, interval: '' } },
        { expr: `sum(${byService(`container_fs_usage_bytes{${CONTAINERS}}`)}) by (container_name, service)`, legendFormat: '{{ service }} - {{ container_name }}', intervalFactor: 2 },
      ],
    }),
    graph({
      ...GRAPH, id: 4, title: 'Goroutines', gridPos: at(18), yaxes: yaxes({ label: '' }, {}), legend: { ...LEGEND_DEFAULT, show: false },
      targets: [{ expr: `sum(go_goroutines{${JOBS}}) by (job)`, legendFormat: 'Number of Goroutines ({{ job }})', intervalFactor: 2 }],
    }),
  ];
}

/** p50, p90 and p99 of a histogram, as `quantile(q)` builds each query. */
const QUANTILES = [0.5, 0.9, 0.99] as const;

/** The latest configuration's counters (rules, instances, handlers, attributes). */
function configCount(id: number, x: number, title: string, series: Array<[string, string]>, extra?: JsonObject): JsonObject {
  return graph({
    ...GRAPH, id, title, gridPos: grid(x, 37, 6, 7), yaxes: BOTH_AXES,
    targets: series.map(([metric, legendFormat]) => ({
      expr: `scalar(topk(1, max(${metric}) by (configID)))`, legendFormat, ...(extra ? { extra } : {}),
    })),
  });
}

/** Mixer's own metrics: versions, resources, gRPC traffic, adapters and configuration. */
export function mixerDashboard(): DashboardFile {
  const grpcErrors = (id: number, x: number, title: string, expr: string) => graph({
    ...GRAPH, id, title, gridPos: grid(x, 21, 6, 6), yaxes: BOTH_AXES,
    targets: [{ expr, legendFormat: 'Mixer {{ grpc_method }}', intervalFactor: 2, refId: 'B' }],
  });
  const panels: JsonObject[] = [
    heading(62, 'Deployed Versions', 0, '40'),
    graph({
      ...GRAPH, id: 64, title: 'Mixer Versions', gridPos: grid(0, 3, 24, 5),
      targets: [{ expr: 'sum(istio_build{component="mixer"}) by (tag)', legendFormat: '{{ tag }}' }],
    }),
    heading(29, 'Resource Usage', 8, '40'),
    ...resourcePanels(11),
    heading(30, 'Mixer Overview', 18, '40px'),
    graph({
      ...GRAPH, id: 9, title: 'Incoming Requests', gridPos: grid(0, 21, 6, 6), yaxes: yaxes({ format: 'ops' }),
      targets: [
        { expr: 'sum(rate(grpc_io_server_completed_rpcs[1m]))', legendFormat: 'mixer (Total)', intervalFactor: 2, refId: 'B', extra: { hide: false } },
        { expr: 'sum(rate(grpc_io_server_completed_rpcs[1m])) by (grpc_server_method)', legendFormat: 'mixer ({{ grpc_server_method }})', intervalFactor: 2, refId: 'C' },
      ],
    }),
    graph({
      ...GRAPH, id: 8, title: 'Response Durations', gridPos: grid(6, 21, 6, 6), yaxes: yaxes({ format: 'ms' }),
      extra: { seriesOverrides: [{ alias: '{}', yaxis: 1 }] },
      targets: QUANTILES.map((q, i) => ({
        expr: `histogram_quantile(${q}, sum(rate(grpc_io_server_server_latency_bucket{}[1m])) by (grpc_server_method, le))`,
        legendFormat: `{{ grpc_server_method }} ${q}`, intervalFactor: 2, refId: 'BCD'[i],
      })),
    }),
    grpcErrors(11, 12, 'Server Error Rate (5xx responses)',
      'sum(rate(grpc_server_handled_total{grpc_code=~"Unknown|Unimplemented|Internal|DataLoss"}[1m])) by (grpc_method)'),
    grpcErrors(12, 18, 'Non-successes (4xxs)', 'sum(irate(grpc_server_handled_total{grpc_code!="OK",grpc_service=~".*Mixer"}[1m])) by (grpc_method)'),
    heading(28, 'Adapters and Config', 27),
    graph({
      ...GRAPH, id: 13, title: 'Adapter Dispatch Count', gridPos: grid(0, 30, 12, 7),
      targets: [{ expr: `sum(irate(mixer_runtime_dispatches_total{${ADAPTER}}[1m])) by (adapter)`, legendFormat: '{{ adapter }}', intervalFactor: 2 }],
    }),
    graph({
      ...GRAPH, id: 14, title: 'Adapter Dispatch Duration', gridPos: grid(12, 30, 12, 7), yaxes: yaxes({ format: 's' }),
      extra: { tooltip: { shared: true, sort: 1, value_type: 'individual' } },
      targets: QUANTILES.map((q) => ({
        expr: `histogram_quantile(${q}, sum(irate(mixer_runtime_dispatch_duration_seconds_bucket{${ADAPTER}}[1m])) by (adapter, le))`,
        // The p90 legend ends in a space, as exported.
        legendFormat: `{{ adapter }} - p${Math.round(q * 100)}${q === 0.9 ? ' ' : ''}`, intervalFactor: 2,
      })),
    }),
    configCount(60, 0, 'Rules', [
      ['mixer_config_rule_config_count', 'Rules'], ['mixer_config_rule_config_error_count', 'Config Errors'],
      ['mixer_config_rule_config_match_error_count', 'Match Errors'], ['mixer_config_unsatisfied_action_handler_count', 'Unsatisfied Actions'],
    ]),
    configCount(56, 6, 'Instances in Latest Config', [['mixer_config_instance_config_count', 'Instances']]),
    configCount(54, 12, 'Handlers in Latest Config', [['mixer_config_handler_config_count', 'Handlers']]),
    configCount(58, 18, 'Attributes in Latest Config', [['mixer_config_attribute_count', 'Attributes']], { instant: false }),
    heading(23, 'Individual Adapters', 44),
    // One row per adapter selected in the `adapter` variable.
    row({ id: 46, title: '$adapter Adapter', gridPos: grid(0, 47, 24, 1), extra: { repeat: 'adapter' } }),
    graph({
      ...GRAPH, id: 17, title: 'Dispatch Count By Handler', gridPos: grid(0, 48, 12, 7),
      targets: [{
        expr: `label_replace(irate(mixer_runtime_dispatches_total{${ADAPTER}}[1m]),"handler", "$1 ($3)", "handler", "(.*)\\\\.(.*)\\\\.(.*)")`,
        legendFormat: '{{ handler }} (error: {{  error }})', intervalFactor: 2,
      }],
    }),
    graph({
      ...GRAPH, id: 18, title: 'Dispatch Duration By Handler', gridPos: grid(12, 48, 12, 7), yaxes: yaxes({ format: 's' }, {}),
      targets: QUANTILES.map((q, i) => ({
        // The p50 query uses rate, the others irate: as exported.
        expr: `label_replace(histogram_quantile(${q}, sum(${i === 0 ? 'rate' : 'irate'}(mixer_runtime_dispatch_duration_seconds_bucket{${ADAPTER}}[1m])) by (handler, error, le)),  "handler_short", "$1 ($3)", "handler", "(.*)\\\\.(.*)\\\\.(.*)")`,
        legendFormat: `p${Math.round(q * 100)} - {{ handler_short }} (error: {{ error }})`, intervalFactor: 2, refId: 'ADE'[i],
      })),
    }),
  ];
  return {
    name: 'mixer-dashboard',
    dashboard: dashboard({
      title: 'Istio Mixer Dashboard', panels, graphTooltip: 1, version: 4,
      variables: [queryVariable({ name: 'adapter', label: 'Adapter', query: 'label_values(adapter)', includeAll: true, multi: true, refresh: 2, sort: 1, current: {} })],
      extra: {
        __inputs: [DS_PROMETHEUS_INPUT],
        __requires: exportRequires('5.2.3', ['text']),
        annotations: { list: [{ ...ANNOTATIONS_BUILTIN, limit: 100, showIn: 0 }] },
        id: null,
        iteration: 1543881232533,
      },
    }),
  };
}

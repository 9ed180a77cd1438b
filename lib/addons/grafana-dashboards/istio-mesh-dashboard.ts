import {
  dashboard, DashboardFile, DS_PROMETHEUS_INPUT, exportRequires, graph, grid, JsonObject, LEGEND_DEFAULT, SINGLESTAT_COLORS,
  singlestat, table, TargetSpec, text,
} from './builder';

/** The Istio banner across the top of the dashboard. */
const BANNER = [
  '<div>',
  '  <div style="position: absolute; bottom: 0">',
  '    <a href="https://istio.io" target="_blank" style="font-size: 30px; text-decoration: none; color: inherit"><img src="https://istio.io/img/istio-logo.svg" style="height: 50px"> Istio</a>',
  '  </div>',
  '  <div style="position: absolute; bottom: 0; right: 0; font-size: 15px">',
  '    Istio is an <a href="https://github.com/istio/istio" target="_blank">open platform</a> that provides a uniform way to connect,',
  '    <a href="https://istio.io/docs/concepts/traffic-management/overview.html" target="_blank">manage</a>, and ',
  '    <a href="https://istio.io/docs/concepts/network-and-auth/auth.html" target="_blank">secure</a> microservices.',
  '    <br>',
  '    Need help? Join the <a href="https://istio.io/community/" target="_blank">Istio community</a>.',
  '  </div>',
  '</div>',
].join('\n');

/** Requests seen by the destination proxies. */
const REQUESTS = 'istio_requests_total{reporter="destination"';

/** A singlestat of the top row: a mesh-wide rate. */
function meshStat(id: number, title: string, x: number, expr: string, format: string, extra?: JsonObject): JsonObject {
  return singlestat({ id, title, gridPos: grid(x, 3, 6, 3), format, targets: [{ expr, extra: { step: 4 } }], extra });
}

/** One column of a workload table. */
function column(pattern: string, alias: string, type: string, unit: string, extra: JsonObject = {}): JsonObject {
  return {
    alias, colorMode: null, colors: [...SINGLESTAT_COLORS], dateFormat: 'YYYY-MM-DD HH:mm:ss', decimals: 2,
    pattern, thresholds: [], type, unit, ...extra,
  };
}

/** A column not shown (a label only used to build links). */
const hidden = (pattern: string, extra: JsonObject = {}) => column(pattern, '', 'hidden', 'short', extra);
/** A column whose cells link to another dashboard. */
const linkTo = (url: string) => ({ link: true, linkTooltip: '$__cell dashboard', linkUrl: url });
/** The hidden `destination_workload` column, with the link settings Grafana kept from when it was shown. */
const hiddenWorkload = (tooltip: string, url: string) => column('destination_workload', 'Workload', 'hidden', 'short', {
  link: false, linkTargetBlank: false, linkTooltip: tooltip, linkUrl: url, preserveFormat: false, sanitize: false,
});
const SERVICE_LINK = '/dashboard/db/istio-service-dashboard?var-service=$__cell';

/** A per-workload query: joins workload and namespace into the `destination_workload_var` the links use. */
function workloadQuery(expr: string, legendFormat: string, refId: string, extra: JsonObject = {}): TargetSpec {
  return {
    expr: `label_join(${expr}, "destination_workload_var", ".", "destination_workload", "destination_workload_namespace")`,
    legendFormat, refId, format: 'table', extra: { hide: false, instant: true, ...extra },
  };
}

const BY_WORKLOAD = 'destination_workload, destination_workload_namespace';

function httpWorkloads(): JsonObject {
  const latency = (q: string) =>
    `histogram_quantile(${q}, sum(rate(istio_request_duration_seconds_bucket{reporter="destination"}[1m])) by (le, ${BY_WORKLOAD}))`;
  // The first two legends lack a space before the closing braces: as exported.
  const tight = '{{ destination_workload}}.{{ destination_workload_namespace }}';
  const spaced = '{{ destination_workload }}.{{ destination_workload_namespace }}';
  return table({
    id: 73, title: 'HTTP/GRPC Workloads', gridPos: grid(0, 6, 24, 21), sort: { col: 4, desc: true },
    targets: [
      workloadQuery(`sum(rate(${REQUESTS}, response_code="200"}[1m])) by (${BY_WORKLOAD}, destination_service)`, tight, 'A'),
      workloadQuery(latency('0.50'), tight, 'B'),
      workloadQuery(latency('0.90'), spaced, 'D'),
      workloadQuery(latency('0.99'), spaced, 'E'),
      workloadQuery(`(sum(rate(${REQUESTS}, response_code!~"5.*"}[1m])) by (${BY_WORKLOAD}) / sum(rate(${REQUESTS}}[1m])) by (${BY_WORKLOAD}))`,
        spaced, 'F', { interval: '' }),
    ],
    styles: [
      hiddenWorkload('Workload dashboard', '/dashboard/db/istio-workload-dashboard?var-namespace=$__cell_2&var-workload=$__cell_'),
      hidden('Time'),
      column('Value #A', 'Requests', 'number', 'ops'),
      column('Value #B', 'P50 Latency', 'number', 's'),
      column('Value #D', 'P90 Latency', 'number', 's'),
      column('Value #E', 'P99 Latency', 'number', 's'),
      column('Value #F', 'Success Rate', 'number', 'percentunit', { colorMode: 'cell', thresholds: ['.95', ' 1.00'] }),
      column('destination_workload_var', 'Workload', 'number', 'short',
        linkTo('/dashboard/db/istio-workload-dashboard?var-workload=$__cell_2&var-namespace=$__cell_3')),
      column('destination_service', 'Service', 'string', 'short', linkTo(SERVICE_LINK)),
      hidden('destination_workload_namespace'),
    ],
    extra: { repeat: null },
  });
}

function tcpWorkloads(): JsonObject {
  const bytes = (metric: string) =>
    `sum(rate(${metric}{reporter="source"}[1m])) by (${BY_WORKLOAD}, destination_service)`;
  return table({
    id: 109, title: 'TCP Workloads', gridPos: grid(0, 27, 24, 18), sort: { col: 2, desc: true },
    targets: [
      workloadQuery(bytes('istio_tcp_received_bytes_total'), '{{ destination_workload }}', 'C'),
      workloadQuery(bytes('istio_tcp_sent_bytes_total'), '{{ destination_workload }}', 'A'),
    ],
    styles: [
      hiddenWorkload('$__cell dashboard', '/dashboard/db/istio-tcp-workload-dashboard?var-namespace=$__cell_2&&var-workload=$__cell'),
      column('Value #A', 'Bytes Sent', 'number', 'Bps', { thresholds: [''] }),
      column('Value #C', 'Bytes Received', 'number', 'Bps'),
      hidden('Time'),
      column('destination_workload_var', 'Workload', 'string', 'short',
        linkTo('/dashboard/db/istio-workload-dashboard?var-namespace=$__cell_3&var-workload=$__cell_2')),
      hidden('destination_workload_namespace'),
      column('destination_service', 'Service', 'number', 'short', linkTo(SERVICE_LINK)),
    ],
  });
}

/** The mesh overview: global request rates and errors, HTTP and TCP workloads, component versions. */
export function istioMeshDashboard(): DashboardFile {
  const volume = meshStat(20, 'Global Request Volume', 0, `round(sum(irate(${REQUESTS}}[1m])), 0.001)`, 'ops');
  // The exported request-volume query carries no `format`.
  delete (volume.targets as JsonObject[])[0].format;
  const panels: JsonObject[] = [
    text({ id: 13, title: '', gridPos: grid(0, 0, 24, 3), content: BANNER, extra: { height: '50px', style: { 'font-size': '18pt' } } }),
    volume,
    meshStat(21, 'Global Success Rate (non-5xx responses)', 6,
      `sum(rate(${REQUESTS}, response_code!~"5.*"}[1m])) / sum(rate(${REQUESTS}}[1m]))`, 'percentunit', {
        gauge: { maxValue: 100, minValue: 80, show: false, thresholdLabels: false, thresholdMarkers: false },
        thresholds: '95, 99, 99.5',
      }),
    meshStat(22, '4xxs', 12, `sum(irate(${REQUESTS}, response_code=~"4.*"}[1m])) `, 'ops'),
    meshStat(23, '5xxs', 18, `sum(irate(${REQUESTS}, response_code=~"5.*"}[1m])) `, 'ops'),
    httpWorkloads(),
    tcpWorkloads(),
    graph({
      id: 111, title: 'Istio Components by Version', gridPos: grid(0, 45, 24, 9),
      targets: [{ expr: 'sum(istio_build) by (component, tag)', legendFormat: '{{ component }}: {{ tag }}' }],
      legend: { ...LEGEND_DEFAULT, alignAsTable: false, rightSide: false },
      timeRegions: false,
      extra: { transparent: false },
    }),
  ];
  return {
    name: 'istio-mesh-dashboard',
    dashboard: dashboard({
      title: 'Istio Mesh Dashboard',
      panels,
      timezone: 'browser',
      version: 4,
      extra: { __inputs: [{ ...DS_PROMETHEUS_INPUT }], __requires: exportRequires('5.2.3', ['singlestat', 'table', 'text']), id: null },
    }),
  };
}

import { dashboard, DashboardFile, graph, grid, JsonObject, row, TargetSpec, text, yaxes } from './builder';
import { cpu, DISK_AXES, resourcePanels } from './component-panels';

/** What the collapsed notes row explains. */
const README = [
  'The charts on this dashboard are intended to show Istio main components cost in terms resources utilization under steady load.',
  '',
  '- **vCPU/1k rps:** shows vCPU utilization by the main Istio components normalized by 1000 requests/second. When idle or low traffic, this chart will be blank. The curve for istio-proxy refers to the services sidecars only.',
  '- **vCPU:** vCPU utilization by Istio components, not normalized.',
  '- **Memory:** memory footprint for the components. Telemetry and policy are normalized by 1k rps, and no data is shown  when there is no traffic. For ingress and istio-proxy, the data is per instance.',
  '- **Bytes transferred/ sec:** shows the number of bytes flowing through each Istio component.',
  '',
  '',
  '',
].join('\n');

/** Mesh-wide thousands of requests per second. */
const KRPS = '(round(sum(irate(istio_requests_total[1m])), 0.001)/1000)';
/** 1 while the ingress gateway serves more than 10 rps, else 0: hides normalized curves when idle. */
const UNDER_LOAD = '(sum(irate(istio_requests_total{source_workload="istio-ingressgateway"}[1m])) >bool 10)';
/** Requests and responses bytes of a selector. */
const bytes = (kind: 'request' | 'response', selector: string) => `sum(irate(istio_${kind}_bytes_sum{${selector}}[1m]))`;

/** The four components the summary graphs compare, each with the containers counted as its own. */
const TELEMETRY = 'pod_name=~"istio-telemetry-.*",container_name=~"mixer|istio-proxy"';
const INGRESS = 'pod_name=~"istio-ingressgateway-.*",container_name="istio-proxy"';
const PROXIES = 'namespace!="istio-system",container_name="istio-proxy"';
const POLICY = 'pod_name=~"istio-policy-.*",container_name=~"mixer|istio-proxy"';

/** The top graphs: half width, both axes, thinner points, the dashboard's default data source. */
function summaryGraph(id: number, title: string, gridPos: ReturnType<typeof grid>, targets: TargetSpec[], format?: string): JsonObject {
  return graph({ id, title, gridPos, targets, yaxes: yaxes({ format }, {}), extra: { pointradius: 2 }, omit: ['datasource'] });
}

/** Memory, vCPU and disk of all sidecars together. */
function proxyPanels(y: number): JsonObject[] {
  const proxy = 'container_name="istio-proxy"';
  const at = (x: number) => grid(x, y, 6, 7);
  return [
    graph({
      id: 72, title: 'Memory', gridPos: at(0), yaxes: yaxes({ format: 'bytes' }),
      targets: [{ expr: `sum(container_memory_usage_bytes{${proxy}})`, legendFormat: '{{ container_name }} (k8s)', intervalFactor: 2, refId: 'B', extra: { hide: false, step: 2 } }],
    }),
    graph({
      id: 73, title: 'vCPU', gridPos: at(6), yaxes: yaxes({}, {}),
      targets: [{ expr: `sum(rate(${cpu(proxy)}[1m]))`, legendFormat: 'Total (k8s)', intervalFactor: 2, extra: { hide: false, step: 2 } }],
    }),
    graph({
      id: 702, title: 'Disk', gridPos: at(12), yaxes: DISK_AXES,
      targets: [{ expr: `sum(container_fs_usage_bytes{${proxy}})`, legendFormat: '{{ container_name }}', intervalFactor: 2, refId: 'B', extra: { step: 2 } }],
    }),
  ];
}

/** The cost of Istio's main components under load: vCPU and memory per 1k rps, bytes, and per-component resources. */
export function istioPerformanceDashboard(): DashboardFile {
  const perKrps = (selector: string) => `(sum(irate(${cpu(selector)}[1m]))/ ${KRPS})/ ${UNDER_LOAD}`;
  const memoryPerKrps = (pods: string, sep: string) =>
    `(sum(container_memory_usage_bytes{pod_name=~"${pods}"}) / (sum(irate(istio_requests_total[1m])) / 1000))${sep}/ ${UNDER_LOAD}`;
  const memoryPerInstance = (selector: string, counted: string) =>
    `sum(container_memory_usage_bytes{${selector}}) / count(container_memory_usage_bytes{${counted}})`;
  const workloadBytes = (workload: string) =>
    `${bytes('response', `destination_workload="${workload}"`)} + ${bytes('request', `destination_workload="${workload}"`)}`;
  const sidecarBytes = (['response', 'request'] as const).flatMap((kind) => (['source', 'destination'] as const).map((reporter) =>
    bytes(kind, `${reporter}_workload_namespace!="istio-system", reporter="${reporter}"`))).join(' + ');

  const panels: JsonObject[] = [
    row({
      id: 21, title: 'Performance Dashboard Notes', gridPos: grid(0, 0, 24, 1), collapsed: true,
      panels: [text({
        id: 19, title: 'Performance Dashboard README', gridPos: grid(0, 1, 24, 6), content: README, mode: 'markdown',
        extra: { timeFrom: null, timeShift: null },
      })],
    }),
    row({ id: 6, title: 'vCPU Usage', gridPos: grid(0, 1, 24, 1) }),
    summaryGraph(4, 'vCPU / 1k rps', grid(0, 2, 12, 8), [
      { expr: perKrps(TELEMETRY), legendFormat: 'istio-telemetry', extra: { hide: false } },
      {
        expr: `(sum(irate(${cpu(INGRESS)}[1m])) / (round(sum(irate(istio_requests_total{source_workload="istio-ingressgateway", reporter="source"}[1m])), 0.001)/1000))`,
        legendFormat: 'istio-ingressgateway', extra: { hide: false },
      },
      { expr: perKrps(PROXIES), legendFormat: 'istio-proxy' },
      { expr: perKrps(POLICY), legendFormat: 'istio-policy' },
    ]),
    summaryGraph(7, 'vCPU', grid(12, 2, 12, 8), [
      [TELEMETRY, 'istio-telemetry'], [INGRESS, 'istio-ingressgateway'], [PROXIES, 'istio-proxy'], [POLICY, 'istio-policy'],
    ].map(([selector, legendFormat]) => ({ expr: `sum(rate(${cpu(selector)}[1m]))`, legendFormat }))),

    row({ id: 13, title: 'Memory and Data Rates', gridPos: grid(0, 10, 24, 1) }),
    summaryGraph(902, 'Memory Usage', grid(0, 11, 12, 8), [
      { expr: memoryPerKrps('istio-telemetry-.*', ' '), legendFormat: 'istio-telemetry / 1k rps' },
      {
        expr: memoryPerInstance('pod_name=~"istio-ingressgateway-.*"', 'pod_name=~"istio-ingressgateway-.*",container_name!="POD"'),
        legendFormat: 'per istio-ingressgateway',
      },
      { expr: memoryPerInstance(PROXIES, PROXIES), legendFormat: 'per istio proxy' },
      { expr: memoryPerKrps('istio-policy-.*', ''), legendFormat: 'istio-policy / 1k rps' },
    ], 'bytes'),
    summaryGraph(11, 'Bytes transferred / sec', grid(12, 11, 12, 8), [
      { expr: workloadBytes('istio-telemetry'), legendFormat: 'istio-telemetry' },
      { expr: bytes('response', 'source_workload="istio-ingressgateway", reporter="source"'), legendFormat: 'istio-ingressgateway' },
      { expr: sidecarBytes, legendFormat: 'istio-proxy' },
      { expr: workloadBytes('istio-policy'), legendFormat: 'istio_policy' },
    ], 'Bps'),

    row({ id: 17, title: 'Istio Component Versions', gridPos: grid(0, 19, 24, 1) }),
    summaryGraph(15, 'Istio Components by Version', grid(0, 20, 24, 8), [
      { expr: 'sum(istio_build) by (component, tag)', legendFormat: '{{ component }}: {{ tag }}' },
    ]),

    row({ id: 71, title: 'Proxy Resource Usage', gridPos: grid(0, 31, 24, 1) }),
    ...proxyPanels(32),
    row({ id: 69, title: 'Pilot Resource Usage', gridPos: grid(0, 39, 24, 1) }),
    ...resourcePanels({
      ids: [5, 602, 74, 402], y: 40, job: 'job="pilot"', otherJob: 'job="pilot"', goroutinesJob: 'job="pilot"',
      containers: 'discovery|istio-proxy', pods: 'istio-pilot-.*', self: 'pilot',
    }),
    row({ id: 93, title: 'Mixer Resource Usage', gridPos: grid(0, 47, 24, 1) }),
    ...resourcePanels({
      ids: [94, 95, 96, 97], y: 48, job: 'job=~"istio-telemetry|istio-policy"', otherJob: 'job=~"istio-policy|istio-telemetry"',
      goroutinesJob: 'job="istio-telemetry"', containers: 'mixer|istio-proxy', pods: 'istio-telemetry-.*', self: 'mixer',
    }),
  ];
  return {
    name: 'istio-performance-dashboard',
    dashboard: dashboard({
      title: 'Istio Performance Dashboard',
      uid: 'vu8e0VWZk',
      panels,
      refresh: '10s',
      schemaVersion: 18,
      version: 22,
      extra: { id: 9 },
    }),
  };
}

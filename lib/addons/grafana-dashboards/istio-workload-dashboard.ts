import { dashboard, DashboardFile, DS_PROMETHEUS_INPUT, exportRequires, grid, JsonObject, queryVariable, singlestat, text } from './builder';
import { durationSummary, headerHtml, TrafficStyle, trafficSection } from './istio-traffic-panels';

const STYLE: TrafficStyle = { yaxis: false };
const WORKLOAD = ['destination_workload_namespace=~"$namespace"', 'destination_workload=~"$workload"'];
const SOURCE = ['source_workload_namespace=~"$namespace"', 'source_workload=~"$workload"'];
const SUCCESS_COLORS = ['rgba(50, 172, 45, 0.97)', 'rgba(237, 129, 40, 0.89)', 'rgba(245, 54, 54, 0.9)'];
const TCP_COLORS = ['#299c46', 'rgba(237, 129, 40, 0.89)', '#d44a3a'];
const tcpBytes = (reporter: string, filters: string[]) => (['sent', 'received'] as const)
  .map((k) => `sum(irate(istio_tcp_${k}_bytes_total{reporter="${reporter}", ${filters.join(', ')}}[1m]))`).join(' + ');

/** A `query_result` variable listing one label of the workload's traffic. */
function trafficVariable(name: string, label: string, by: string, filter: string, regex: string, sort: number) {
  const query = `query_result( sum(istio_requests_total{${filter}}) by (${by}) or sum(istio_tcp_sent_bytes_total{${filter}}) by (${by}))`;
  return queryVariable({ name, label, query, includeAll: true, multi: true, regex, sort, current: {} });
}

/** One workload's traffic: inbound by source workload, outbound by destination service. */
export function istioWorkloadDashboard(): DashboardFile {
  const inbound = 'reporter="destination", destination_workload="$workload", destination_workload_namespace=~"$namespace"';
  const panels: JsonObject[] = [
    text({ id: 89, title: '', gridPos: grid(0, 0, 24, 3), content: headerHtml('WORKLOAD: $workload.$namespace') }),
    singlestat({
      id: 12, title: 'Incoming Request Volume', gridPos: grid(0, 3, 8, 4), format: 'ops', valueName: 'current',
      targets: [{ expr: `round(sum(irate(istio_requests_total{reporter="destination",${WORKLOAD.join(',')}}[5m])), 0.001)`, extra: { step: 4 } }],
    }),
    singlestat({
      id: 14, title: 'Incoming Success Rate (non-5xx responses)', gridPos: grid(8, 3, 8, 4), format: 'percentunit', colors: SUCCESS_COLORS,
      thresholds: '95, 99, 99.5',
      targets: [{
        expr: `sum(irate(istio_requests_total{reporter="destination",${WORKLOAD.join(',')},response_code!~"5.*"}[5m])) / sum(irate(istio_requests_total{reporter="destination",${WORKLOAD.join(',')}}[5m]))`,
        refId: 'B',
      }],
      extra: { decimals: null, gauge: { maxValue: 100, minValue: 80, show: false, thresholdLabels: false, thresholdMarkers: false } },
    }),
    durationSummary(87, 'Request Duration', grid(16, 3, 8, 4),
      'reporter="destination",destination_workload=~"$workload", destination_workload_namespace=~"$namespace"', STYLE),
    singlestat({
      id: 84, title: 'TCP Server Traffic', gridPos: grid(0, 7, 12, 4), format: 'Bps', colors: TCP_COLORS,
      targets: [{ expr: tcpBytes('destination', WORKLOAD), legendFormat: '', extra: { hide: false } }],
    }),
    singlestat({
      id: 85, title: 'TCP Client Traffic', gridPos: grid(12, 7, 12, 4), format: 'Bps', colors: TCP_COLORS,
      targets: [{ expr: tcpBytes('source', SOURCE), legendFormat: '', extra: { hide: false } }],
    }),
    ...trafficSection({
      header: { id: 45, text: 'INBOUND WORKLOADS', y: 11 },
      ids: [25, 26, 27, 28, 68, 80, 82],
      direction: 'Incoming',
      peerNoun: 'Source',
      reporter: 'destination',
      subject: WORKLOAD,
      subjectQuantiles: [...WORKLOAD].reverse(),
      peer: ['source_workload=~"$srcwl"', 'source_workload_namespace=~"$srcns"'],
      groupBy: ['source_workload', 'source_workload_namespace'],
      legend: '{{ source_workload }}.{{ source_workload_namespace }}',
      quantileLegend: '{{source_workload}}.{{source_workload_namespace}}',
      tcpLegend: '{{ source_workload }}.{{ source_workload_namespace}}',
      sizeLegendGaps: { request: ['P90', 'P99'], response: ['P90', 'P99'] },
    }, STYLE),
    ...trafficSection({
      header: { id: 69, text: 'OUTBOUND SERVICES', y: 32 },
      ids: [70, 71, 72, 73, 74, 76, 78],
      direction: 'Outgoing',
      peerNoun: 'Destination',
      reporter: 'source',
      subject: SOURCE,
      subjectQuantiles: [...SOURCE].reverse(),
      peer: ['destination_service=~"$dstsvc"'],
      groupBy: ['destination_service'],
      legend: '{{ destination_service }}',
      quantileLegend: '{{ destination_service }}',
      tcpLegend: '{{ destination_service }}',
      successPlainLegend: '{{destination_service }}',
      sentFirst: true,
      tcpHideFlag: false,
      sizeLegendGaps: { request: [], response: ['P99'] },
    }, STYLE),
  ];
  const wl = (filter: string, by: string) => `sum(istio_requests_total{${filter}}) by (${by})`;
  const tcp = (filter: string, by: string) => `sum(istio_tcp_sent_bytes_total{${filter}}) by (${by})`;
  const dst = 'destination_workload_namespace=~"$namespace"';
  const src = 'source_workload_namespace=~"$namespace"';
  return {
    name: 'istio-workload-dashboard',
    dashboard: dashboard({
      title: 'Istio Workload Dashboard', panels, refresh: '10s', version: 1, uid: 'UbsSZTDik',
      variables: [
        queryVariable({
          name: 'namespace', label: 'Namespace', current: {}, regex: '/.*_namespace="([^"]*).*/',
          query: 'query_result(sum(istio_requests_total) by (destination_workload_namespace) or sum(istio_tcp_sent_bytes_total) by (destination_workload_namespace))',
        }),
        queryVariable({
          name: 'workload', label: 'Workload', current: {}, regex: '/.*workload="([^"]*).*/', sort: 1,
          query: `query_result((${wl(dst, 'destination_workload')} or ${wl(src, 'source_workload')}) or (${tcp(dst, 'destination_workload')} or ${tcp(src, 'source_workload')}))`,
        }),
        trafficVariable('srcns', 'Inbound Workload Namespace', 'source_workload_namespace', inbound, '/.*namespace="([^"]*).*/', 2),
        trafficVariable('srcwl', 'Inbound Workload', 'source_workload', `${inbound}, source_workload_namespace=~"$srcns"`, '/.*workload="([^"]*).*/', 3),
        trafficVariable('dstsvc', 'Destination Service', 'destination_service',
          'reporter="source", source_workload=~"$workload", source_workload_namespace=~"$namespace"', '/.*destination_service="([^"]*).*/', 4),
      ],
      extra: {
        __inputs: [DS_PROMETHEUS_INPUT],
        __requires: exportRequires('5.0.4', ['singlestat', 'text']),
        id: null,
        iteration: 1531345461465,
      },
    }),
  };
}

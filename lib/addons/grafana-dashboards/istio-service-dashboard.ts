import { dashboard, DashboardFile, grid, JsonObject, queryVariable, singlestat, text } from './builder';
import { durationSummary, headerHtml, TrafficStyle, trafficSection } from './istio-traffic-panels';

const STYLE: TrafficStyle = { yaxis: true };
const SERVICE = 'destination_service=~"$service"';
const SUCCESS_COLORS = ['rgba(50, 172, 45, 0.97)', 'rgba(237, 129, 40, 0.89)', 'rgba(245, 54, 54, 0.9)'];
const TCP_COLORS = ['#299c46', 'rgba(237, 129, 40, 0.89)', '#d44a3a'];
const ALL = { text: 'All', value: '$__all' };

/** Request volume, success rate and durations of the service as one reporter sees it, and TCP bytes one way. */
function summaryRow(y: number, ids: [number, number, number, number], side: 'Client' | 'Server', tcp: 'received' | 'sent'): JsonObject[] {
  const reporter = `reporter="${side === 'Client' ? 'source' : 'destination'}"`;
  return [
    singlestat({
      id: ids[0], title: `${side} Request Volume`, gridPos: grid(0, y, 6, 4), format: 'ops', valueName: 'current',
      targets: [{ expr: `round(sum(irate(istio_requests_total{${reporter},${SERVICE}}[5m])), 0.001)`, extra: { step: 4 } }],
    }),
    singlestat({
      id: ids[1], title: `${side} Success Rate (non-5xx responses)`, gridPos: grid(6, y, 6, 4), format: 'percentunit', colors: SUCCESS_COLORS,
      thresholds: '95, 99, 99.5',
      targets: [{
        expr: `sum(irate(istio_requests_total{${reporter},${SERVICE},response_code!~"5.*"}[5m])) / sum(irate(istio_requests_total{${reporter},${SERVICE}}[5m]))`,
        refId: 'B',
      }],
      extra: { decimals: null, gauge: { maxValue: 100, minValue: 80, show: false, thresholdLabels: false, thresholdMarkers: false } },
    }),
    durationSummary(ids[2], `${side} Request Duration`, grid(12, y, 6, 4), `${reporter},${SERVICE}`, STYLE),
    singlestat({
      id: ids[3], title: `TCP ${tcp === 'received' ? 'Received' : 'Sent'} Bytes`, gridPos: grid(18, y, 6, 4), format: 'Bps', colors: TCP_COLORS,
      // Both TCP summaries read the clients' reports; the sent one ends in a space, as exported.
      targets: [{ expr: `sum(irate(istio_tcp_${tcp}_bytes_total{reporter="source", ${SERVICE}}[1m]))${tcp === 'sent' ? ' ' : ''}`, legendFormat: '', extra: { hide: false } }],
    }),
  ];
}

/** A `query_result` variable listing one label of the service's traffic. */
function trafficVariable(name: string, label: string, by: string, requestsFilter: string, tcpFilter: string, regex: string, sort: number) {
  const query = `query_result( sum(istio_requests_total{${requestsFilter}}) by (${by}) or sum(istio_tcp_sent_bytes_total{${tcpFilter}}) by (${by}))`;
  return queryVariable({ name, label, query, includeAll: true, multi: true, regex, sort, current: { ...ALL } });
}

/** One service's traffic: its clients and its workloads. */
export function istioServiceDashboard(): DashboardFile {
  const panels: JsonObject[] = [
    text({ id: 89, title: '', gridPos: grid(0, 0, 24, 3), content: headerHtml('SERVICE: $service') }),
    ...summaryRow(3, [12, 14, 87, 84], 'Client', 'received'),
    ...summaryRow(7, [97, 98, 99, 100], 'Server', 'sent'),
    ...trafficSection({
      header: { id: 45, text: 'CLIENT WORKLOADS', y: 11 },
      ids: [25, 26, 27, 28, 68, 80, 82],
      direction: 'Incoming',
      peerNoun: 'Source',
      reporter: 'source',
      subject: [SERVICE],
      peer: ['source_workload=~"$srcwl"', 'source_workload_namespace=~"$srcns"'],
      groupBy: ['source_workload', 'source_workload_namespace'],
      legend: '{{ source_workload }}.{{ source_workload_namespace }}',
      quantileLegend: '{{source_workload}}.{{source_workload_namespace}}',
      tcpLegend: '{{ source_workload }}.{{ source_workload_namespace}}',
      compactMtlsRequests: true,
      sizeLegendGaps: { request: ['P90', 'P99'], response: ['P90', 'P99'] },
    }, STYLE),
    ...trafficSection({
      header: { id: 69, text: 'SERVICE WORKLOADS', y: 32 },
      ids: [90, 91, 94, 95, 96, 92, 93],
      direction: 'Incoming',
      peerNoun: 'Source',
      requestsNoun: 'Destination',
      reporter: 'destination',
      tcpReporter: 'source',
      subject: [SERVICE],
      peer: ['destination_workload=~"$dstwl"', 'destination_workload_namespace=~"$dstns"'],
      groupBy: ['destination_workload', 'destination_workload_namespace'],
      legend: '{{ destination_workload }}.{{ destination_workload_namespace }}',
      quantileLegend: '{{ destination_workload }}.{{ destination_workload_namespace }}',
      tcpLegend: '{{ destination_workload }}.{{ destination_workload_namespace}}',
      tcpSentLegend: '{{ destination_workload }}.{{destination_workload_namespace }}',
      compactMtlsRequests: true,
      sizeLegendGaps: { request: ['P90', 'P99'], response: ['P90', 'P99'] },
    }, STYLE),
  ];
  // The namespace variables match the service exactly on requests and by regex on TCP bytes: as exported.
  const exact = 'reporter="destination", destination_service="$service"';
  const matching = `reporter="destination", ${SERVICE}`;
  return {
    name: 'istio-service-dashboard',
    dashboard: dashboard({
      title: 'Istio Service Dashboard', panels, refresh: '10s', uid: 'LJ_uJAvmk',
      variables: [
        queryVariable({ name: 'service', label: 'Service', query: 'label_values(destination_service)' }),
        trafficVariable('srcns', 'Client Workload Namespace', 'source_workload_namespace', exact, matching, '/.*namespace="([^"]*).*/', 2),
        trafficVariable('srcwl', 'Client Workload', 'source_workload', `${matching}, source_workload_namespace=~"$srcns"`,
          `${matching}, source_workload_namespace=~"$srcns"`, '/.*workload="([^"]*).*/', 3),
        trafficVariable('dstns', 'Service Workload Namespace', 'destination_workload_namespace', exact, matching, '/.*namespace="([^"]*).*/', 2),
        trafficVariable('dstwl', 'Service Workload', 'destination_workload', `${matching}, destination_workload_namespace=~"$dstns"`,
          `${matching}, destination_workload_namespace=~"$dstns"`, '/.*workload="([^"]*).*/', 3),
      ],
      extra: { iteration: 1536442501501 },
    }),
  };
}

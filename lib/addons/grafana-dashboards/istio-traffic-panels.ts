/**
 * The traffic sections the Service and Workload dashboards share: for one side of a conversation (a service's
 * clients, its workloads, a workload's inbound or outbound peers), requests by response code, success rate, the
 * duration and size quantiles, and TCP bytes each way, every query once over mutual TLS and once without.
 */
import { graph, grid, JsonObject, LEGEND_DEFAULT, TargetSpec, text, yaxes } from './builder';

/** The connection-security filter, with mutual TLS or without. */
const csp = (mtls: boolean) => `connection_security_policy${mtls ? '=' : '!='}"mutual_tls"`;
const MTLS = ' (🔐mTLS)';
const QUANTILES = ['0.50', '0.90', '0.95', '0.99'] as const;
/** The refIds Grafana kept on the eight quantile series. */
const QUANTILE_REF_IDS = 'DABCEFGH';

/** One traffic section of a dashboard. */
export interface TrafficSection {
  /** The header text and its position. */
  readonly header: { readonly id: number; readonly text: string; readonly y: number };
  /** Panel ids: requests, success, duration, request size, response size, first TCP, second TCP. */
  readonly ids: readonly [number, number, number, number, number, number, number];
  /** `Incoming` or `Outgoing`. */
  readonly direction: 'Incoming' | 'Outgoing';
  /** `Source` or `Destination`, as the titles name the peers. */
  readonly peerNoun: 'Source' | 'Destination';
  /** How the request-count title names the peers, where it differs. @default peerNoun */
  readonly requestsNoun?: 'Source' | 'Destination';
  /** The reporter of the request queries. */
  readonly reporter: 'source' | 'destination';
  /** The reporter of the TCP queries (the Service dashboard's workload section reads TCP from the clients). */
  readonly tcpReporter?: 'source' | 'destination';
  /** Filters on the dashboard's subject, in the order the request-count, success and TCP queries list them. */
  readonly subject: string[];
  /** The same filters as the quantile queries list them. @default subject */
  readonly subjectQuantiles?: string[];
  /** Filters on the peers (the dashboard's variables). */
  readonly peer: string[];
  /** The labels series are grouped by. */
  readonly groupBy: string[];
  /** Legends: spaced (`{{ a }}.{{ b }}`), compact (quantiles), and the TCP panels' variant. */
  readonly legend: string;
  readonly quantileLegend: string;
  readonly tcpLegend: string;
  /** The bytes-sent panel's legend, where it differs. @default tcpLegend */
  readonly tcpSentLegend?: string;
  /** The success panel's legend without mutual TLS, where it differs. @default legend */
  readonly successPlainLegend?: string;
  /** The request-count query over mutual TLS joins its filters without spaces. @default false */
  readonly compactMtlsRequests?: boolean;
  /** The TCP panels come sent-first (`Bytes Sent on ...`). @default false */
  readonly sentFirst?: boolean;
  /** Which mutual-TLS quantile legends of the size panels have a doubled space (by quantile). */
  readonly sizeLegendGaps: { readonly request: string[]; readonly response: string[] };
  /** The first TCP panel's first target has `hide: false`. @default true */
  readonly tcpHideFlag?: boolean;
}

/** Flags every graph of a dashboard shares (the older dashboard has no `yaxis` block). */
export interface TrafficStyle {
  readonly yaxis: boolean;
}

function mtlsPair(expr: (mtls: boolean) => string, legend: (mtls: boolean) => string, targets: (mtls: boolean) => Partial<TargetSpec>): TargetSpec[] {
  return [true, false].map((mtls) => ({ expr: expr(mtls), legendFormat: legend(mtls), ...targets(mtls) }));
}

const STEP = { step: 2 };
const SHOWN = { hide: false, step: 2 };

/** The panels of one section, below its header. */
export function trafficSection(s: TrafficSection, style: TrafficStyle): JsonObject[] {
  const y = s.header.y + 3;
  const [requestsId, successId, durationId, requestSizeId, responseSizeId, tcpFirstId, tcpSecondId] = s.ids;
  const by = s.groupBy.join(', ');
  const sel = (...parts: string[]) => parts.join(', ');
  const common = { timeRegions: false, yaxis: style.yaxis };
  const sizeLegend = { ...LEGEND_DEFAULT, alignAsTable: false, hideEmpty: true, rightSide: false };
  const legendMtls = (legend: string, mtls: boolean) => `${legend}${mtls ? MTLS : ''}`;

  const requestsSelector = (mtls: boolean) => {
    const parts = [csp(mtls), ...s.subject, `reporter="${s.reporter}"`, ...s.peer];
    return mtls && s.compactMtlsRequests ? parts.join(',') : sel(...parts);
  };
  const requests = graph({
    ...common, id: requestsId, title: `${s.direction} Requests by ${s.requestsNoun ?? s.peerNoun} And Response Code`,
    gridPos: grid(0, y, 12, 6), yaxes: yaxes({ format: 'ops', min: '0' }),
    legend: { ...LEGEND_DEFAULT, hideEmpty: true },
    targets: mtlsPair(
      (mtls) => `round(sum(irate(istio_requests_total{${requestsSelector(mtls)}}[5m])) by (${by}, response_code), 0.001)`,
      (mtls) => legendMtls(`${s.legend} : {{ response_code }}`, mtls),
      (mtls) => (mtls ? { refId: 'B', extra: STEP } : { refId: 'A', extra: SHOWN })),
    extra: {
      fill: 0, nullPointMode: 'null as zero', tooltip: { shared: false, sort: 0, value_type: 'individual' },
      xaxis: { buckets: null, mode: 'time', name: null, show: true, values: ['total'] },
    },
  });

  const successSelector = (mtls: boolean, only5xx: boolean) =>
    `reporter="${s.reporter}", ${csp(mtls)}, ${s.subject.join(', ')}${only5xx ? ',response_code!~"5.*"' : ''}, ${s.peer.join(', ')}`;
  const success = graph({
    ...common, id: successId, title: `${s.direction} Success Rate (non-5xx responses) By ${s.peerNoun}`,
    gridPos: grid(12, y, 12, 6), yaxes: yaxes({ format: 'percentunit', max: '1.01', min: '0' }),
    legend: { ...LEGEND_DEFAULT, hideEmpty: true, hideZero: false },
    targets: mtlsPair(
      (mtls) => `sum(irate(istio_requests_total{${successSelector(mtls, true)}}[5m])) by (${by}) / sum(irate(istio_requests_total{${successSelector(mtls, false)}}[5m])) by (${by})`,
      (mtls) => (mtls ? `${s.legend}${MTLS}` : s.successPlainLegend ?? s.legend),
      (mtls) => ({ refId: mtls ? 'A' : 'B', extra: SHOWN })),
  });

  const quantiles = (id: number, x: number, title: string, metric: string, format: string, gaps: string[], extra: JsonObject) => graph({
    ...common, id, title, gridPos: grid(x, y + 6, 8, 6), yaxes: yaxes({ format, min: '0' }),
    legend: { ...sizeLegend, ...(extra.legend as JsonObject ?? {}) },
    extra: Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'legend')),
    targets: [true, false].flatMap((mtls) => QUANTILES.map((q) => {
      const p = `P${q.slice(2)}`;
      const gap = mtls && gaps.includes(p) ? '  ' : ' ';
      return {
        expr: `histogram_quantile(${q}, sum(irate(${metric}{reporter="${s.reporter}", ${csp(mtls)}, ${(s.subjectQuantiles ?? s.subject).join(', ')}, ${s.peer.join(', ')}}[1m])) by (${by}, le))`,
        legendFormat: `${s.quantileLegend}${gap}${p}${mtls ? MTLS : ''}`,
      };
    })).map((t, i) => ({ ...t, refId: QUANTILE_REF_IDS[i], extra: SHOWN })),
  });
  const noun = s.peerNoun;
  const duration = quantiles(durationId, 0, `${s.direction} Request Duration by ${noun}`, 'istio_request_duration_seconds_bucket', 's', [],
    { description: '', legend: { hideZero: false } });
  const requestSize = quantiles(requestSizeId, 8, `${s.direction} Request Size By ${noun}`, 'istio_request_bytes_bucket', 'decbytes', s.sizeLegendGaps.request, {});
  const responseSize = quantiles(responseSizeId, 16, `Response Size By ${noun}`, 'istio_response_bytes_bucket', 'decbytes', s.sizeLegendGaps.response, {});

  const tcpReporter = `reporter="${s.tcpReporter ?? s.reporter}"`;
  const tcp = (id: number, x: number, kind: 'sent' | 'received', first: boolean) => {
    const title = kind === 'received'
      ? `Bytes Received from ${s.direction} TCP Connection`
      : `Bytes Sent ${s.direction === 'Incoming' ? 'to' : 'on'} ${s.direction} TCP Connection`;
    // The received queries name the reporter first, the sent ones the security policy.
    const selector = (mtls: boolean) => (kind === 'received' ? sel(tcpReporter, csp(mtls)) : sel(csp(mtls), tcpReporter));
    return graph({
      ...common, id, title, gridPos: grid(x, y + 12, 12, 6), yaxes: yaxes({ format: 'Bps', min: '0' }, {}),
      targets: mtlsPair(
        (mtls) => `round(sum(irate(istio_tcp_${kind}_bytes_total{${selector(mtls)}, ${s.subject.join(', ')}, ${s.peer.join(', ')}}[1m])) by (${by}), 0.001)`,
        (mtls) => legendMtls(kind === 'sent' ? s.tcpSentLegend ?? s.tcpLegend : s.tcpLegend, mtls),
        (mtls) => ({ refId: mtls ? 'A' : 'B', extra: mtls && first && (s.tcpHideFlag ?? true) ? SHOWN : STEP })),
    });
  };
  const tcpPanels = s.sentFirst
    ? [tcp(tcpFirstId, 0, 'sent', true), tcp(tcpSecondId, 12, 'received', false)]
    : [tcp(tcpFirstId, 0, 'received', true), tcp(tcpSecondId, 12, 'sent', false)];

  return [
    text({ id: s.header.id, title: '', gridPos: grid(0, s.header.y, 24, 3), content: headerHtml(s.header.text) }),
    requests, success, duration, requestSize, responseSize, ...tcpPanels,
  ];
}

/** The centred header the Service and Workload dashboards put above each section. */
export function headerHtml(title: string): string {
  return `<div class="dashboard-header text-center">\n<span>${title}</span>\n</div>`;
}

/** The small graph of P50/P90/P99 request durations at the top of the dashboards. */
export function durationSummary(id: number, title: string, gridPos: ReturnType<typeof grid>, selector: string, style: TrafficStyle): JsonObject {
  return graph({
    id, title, gridPos, timeRegions: false, yaxis: style.yaxis,
    yaxes: yaxes({ format: 's' }),
    legend: { ...LEGEND_DEFAULT, alignAsTable: false, hideEmpty: false, hideZero: false, rightSide: true },
    targets: (['0.50', '0.90', '0.99'] as const).map((q, i): TargetSpec => ({
      expr: `histogram_quantile(${q}, sum(irate(istio_request_duration_seconds_bucket{${selector}}[1m])) by (le))`,
      legendFormat: `P${q.slice(2)}`,
      extra: i === 0 ? { interval: '' } : { hide: false },
    })),
  });
}

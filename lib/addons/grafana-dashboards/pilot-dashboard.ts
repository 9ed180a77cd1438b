import { dashboard, DashboardFile, graph, grid, JsonObject, row, TargetSpec, yaxes } from './builder';
import { resourcePanels } from './component-panels';

const PILOT = 'job="pilot"';
/** The proxy id `sidecar~ip~pod.ns~domain` shortened to the pod for legends. */
const byNode = (metric: string) => `label_replace(sum(${metric}{${PILOT}}) by (node, err), "node", "$1", "node", ".*~.*~(.*)~.*")`;
const pilot = (metric: string) => `${metric}{${PILOT}}`;
const rate = (metric: string) => `rate(${pilot(metric)}[1m])`;
/** Both y axes shown, the right one unused: how most of these panels were saved. */
const BOTH_AXES = yaxes({}, {});

/** The xDS rejections graphs, one per discovery service. */
function rejectedConfigs(id: number, xds: 'eds' | 'lds' | 'rds', x: number): JsonObject {
  return graph({
    id, title: `Rejected ${xds.toUpperCase()} Configs`, gridPos: grid(x, 38, 8, 7), yaxes: BOTH_AXES,
    targets: [{ expr: byNode(`pilot_xds_${xds}_reject`), legendFormat: '{{ node }} ({{err}})' }],
  });
}

/** Pilot's own metrics: versions, resources, pushes and errors, the xDS connections of the proxies. */
export function pilotDashboard(): DashboardFile {
  const cdsRejects: TargetSpec = { expr: byNode('pilot_xds_cds_reject'), legendFormat: 'Rejected CDS Configs - {{ node }}: {{ err }}', refId: 'C' };
  const edsRejects: TargetSpec = { expr: pilot('pilot_xds_eds_reject'), legendFormat: 'Rejected EDS Configs', refId: 'D' };
  const xdsGrpc = (metric: string) => `${metric}{cluster_name="xds-grpc"}`;
  const panels: JsonObject[] = [
    row({ id: 60, title: 'Deployed Versions', gridPos: grid(0, 0, 24, 1) }),
    graph({
      id: 56, title: 'Pilot Versions', gridPos: grid(0, 1, 24, 5),
      targets: [{ expr: 'sum(istio_build{component="pilot"}) by (tag)', legendFormat: '{{ tag }}' }],
    }),
    row({ id: 62, title: 'Resource Usage', gridPos: grid(0, 6, 24, 1) }),
    ...resourcePanels({
      ids: [5, 6, 7, 4], y: 7, job: PILOT, otherJob: PILOT, goroutinesJob: PILOT,
      containers: 'discovery|istio-proxy', pods: 'istio-pilot-.*', self: 'pilot', cpuTitle: 'CPU',
    }),
    row({ id: 58, title: 'Pilot Push Information', gridPos: grid(0, 14, 24, 1) }),
    graph({
      id: 622, title: 'Pilot Pushes', gridPos: grid(0, 15, 12, 8), omit: ['datasource'],
      yaxes: yaxes({ format: 'ops', min: '0' }),
      targets: [{
        expr: 'sum(rate(pilot_xds_pushes{type!~".*_senderr"}[1m])) by (type)', legendFormat: '{{ type }}', refId: 'B',
        extra: { instant: false, interval: '', step: 2 },
      }],
      extra: {
        bars: true, description: 'Shows pilot pushes', lines: false, nullPointMode: 'null as zero', paceLength: 10, stack: true,
        tooltip: { shared: false, sort: 0, value_type: 'individual' },
        xaxis: { buckets: null, mode: 'time', name: null, show: true, values: ['total'] },
      },
    }),
    graph({
      id: 67, title: 'Pilot Errors', gridPos: grid(12, 15, 12, 8), yaxes: BOTH_AXES,
      extra: { description: 'Captures a variety of pilot errors' },
      targets: [
        { ...cdsRejects, extra: { hide: false } },
        { ...edsRejects, extra: { hide: false } },
        { expr: rate('pilot_xds_write_timeout'), legendFormat: 'Write Timeouts', refId: 'F' },
        { expr: rate('pilot_xds_push_timeout'), legendFormat: 'Push Timeouts', refId: 'G' },
        { expr: `sum(${rate('pilot_xds_push_errors')})`, legendFormat: 'Push Errors ({{ type }})', refId: 'I', extra: { hide: false } },
      ],
    }),
    row({ id: 64, title: 'xDS', gridPos: grid(0, 23, 24, 1) }),
    graph({
      id: 40, title: 'Updates', gridPos: grid(0, 24, 8, 6), yaxes: yaxes({ format: 'ops' }, { format: 'ops', show: false }),
      targets: [{ expr: `sum(irate(${xdsGrpc('envoy_cluster_update_success')}[1m]))`, legendFormat: 'XDS GRPC Successes', refId: 'C', extra: { hide: false } }],
    }),
    graph({
      id: 42, title: 'Failures', gridPos: grid(8, 24, 8, 6), yaxes: yaxes({ format: 'ops' }),
      targets: [{
        expr: `round(sum(rate(${xdsGrpc('envoy_cluster_update_attempt')}[1m])) - sum(rate(${xdsGrpc('envoy_cluster_update_success')}[1m])))`,
        legendFormat: 'XDS GRPC ', intervalFactor: 2, extra: { step: 2 },
      }],
    }),
    graph({
      id: 41, title: 'Active Connections', gridPos: grid(16, 24, 8, 6), yaxes: BOTH_AXES,
      targets: [{ expr: `sum(${xdsGrpc('envoy_cluster_upstream_cx_active')})`, legendFormat: 'Pilot (XDS GRPC)', intervalFactor: 2, refId: 'C', extra: { step: 2 } }],
    }),
    graph({
      id: 45, title: 'Conflicts', gridPos: grid(0, 30, 8, 8), yaxes: BOTH_AXES,
      targets: [
        { expr: pilot('pilot_conflict_inbound_listener'), legendFormat: 'Inbound Listeners', refId: 'B' },
        ...(['http_over_current_tcp', 'tcp_over_current_tcp', 'tcp_over_current_http'] as const).map((c, i) => ({
          expr: pilot(`pilot_conflict_outbound_listener_${c}`),
          legendFormat: `Outbound Listeners (${c.replace(/_/g, ' ')})`,
          refId: ['A', 'C', 'D'][i],
        })),
      ],
    }),
    graph({
      id: 47, title: 'ADS Monitoring', gridPos: grid(8, 30, 8, 8), yaxes: BOTH_AXES,
      targets: [
        { expr: pilot('pilot_virt_services'), legendFormat: 'Virtual Services', refId: 'A' },
        { expr: pilot('pilot_services'), legendFormat: 'Services', refId: 'B' },
        { ...cdsRejects, extra: { hide: true } },
        { ...edsRejects, extra: { hide: true } },
        { expr: pilot('pilot_xds'), legendFormat: 'Connected Endpoints', refId: 'E' },
        { expr: rate('pilot_xds_write_timeout'), legendFormat: 'Write Timeouts', refId: 'F' },
        { expr: rate('pilot_xds_push_timeout'), legendFormat: 'Push Timeouts', refId: 'G' },
        { expr: rate('pilot_xds_pushes'), legendFormat: 'Pushes ({{ type }})', refId: 'H' },
        { expr: rate('pilot_xds_push_errors'), legendFormat: 'Push Errors ({{ type }})', refId: 'I' },
      ],
    }),
    graph({
      id: 49, title: 'Rejected CDS Configs', gridPos: grid(16, 30, 8, 8), yaxes: BOTH_AXES,
      targets: [{ expr: byNode('pilot_xds_cds_reject'), legendFormat: '{{ node }}  ({{ err }})' }],
    }),
    rejectedConfigs(52, 'eds', 0),
    rejectedConfigs(54, 'lds', 8),
    rejectedConfigs(53, 'rds', 16),
    graph({
      id: 51, title: 'EDS Instances', gridPos: grid(0, 45, 8, 7), yaxes: BOTH_AXES,
      targets: [{ expr: 'sum(pilot_xds_eds_instances{job="pilot"}) by (cluster)', legendFormat: '{{ cluster }}' }],
      extra: {
        // Kept as exported: a leftover highlight of one cluster of the author's test cluster.
        aliasColors: { 'outbound|80||default-http-backend.kube-system.svc.cluster.local': 'rgba(255, 255, 255, 0.97)' },
        seriesOverrides: [{ alias: 'outbound|80||default-http-backend.kube-system.svc.cluster.local', yaxis: 1 }],
      },
    }),
  ];
  return {
    name: 'pilot-dashboard',
    dashboard: dashboard({
      title: 'Istio Pilot Dashboard', panels, graphTooltip: 1, schemaVersion: 18, timezone: 'browser', uid: '3--MLVZZk',
      extra: { id: 6 },
    }),
  };
}

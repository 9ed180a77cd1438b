/**
 * A small typed builder for the Grafana 5/6 dashboards Istio ships: dashboards, rows, panels and
 * Prometheus targets. Each constructor fills in what Grafana writes for a panel of that type, so a
 * dashboard file only states what its panels say (title, position, queries, axes) and what differs.
 */

/** Any JSON value, for the fields of a panel this builder does not model. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where a panel sits on the 24-column grid. */
export interface GridPos {
  readonly h: number;
  readonly w: number;
  readonly x: number;
  readonly y: number;
}

export const grid = (x: number, y: number, w: number, h: number): GridPos => ({ h, w, x, y });

/** A Prometheus query of a panel. */
export interface TargetSpec {
  readonly expr: string;
  readonly legendFormat?: string;
  readonly refId?: string;
  readonly format?: 'time_series' | 'table';
  readonly intervalFactor?: number;
  /** Any other field Grafana stored on the target (`instant`, `step`, `interval`, `hide` ...). */
  readonly extra?: JsonObject;
}

/** A Prometheus target; refIds default to A, B, C ... by position. */
export function target(spec: TargetSpec, index = 0): JsonObject {
  const t: JsonObject = {
    expr: spec.expr,
    format: spec.format ?? 'time_series',
    intervalFactor: spec.intervalFactor ?? 1,
  };
  if (spec.legendFormat !== undefined) t.legendFormat = spec.legendFormat;
  t.refId = spec.refId ?? String.fromCharCode(65 + index);
  return { ...t, ...(spec.extra ?? {}) };
}

export const targets = (specs: TargetSpec[]): JsonObject[] => specs.map((s, i) => target(s, i));

/** One y axis of a graph. */
export interface AxisSpec {
  readonly format?: string;
  readonly label?: string | null;
  readonly logBase?: number;
  readonly max?: number | string | null;
  readonly min?: number | string | null;
  readonly show?: boolean;
  readonly decimals?: number | null;
}

export function axis(spec: AxisSpec = {}): JsonObject {
  const a: JsonObject = {
    format: spec.format ?? 'short',
    label: spec.label ?? null,
    logBase: spec.logBase ?? 1,
    max: spec.max ?? null,
    min: spec.min ?? null,
    show: spec.show ?? true,
  };
  if (spec.decimals !== undefined) a.decimals = spec.decimals;
  return a;
}

/** The usual pair of y axes: the left one as given, the right one hidden. */
export const yaxes = (left: AxisSpec = {}, right: AxisSpec = { show: false }): JsonObject[] => [axis(left), axis(right)];

export const LEGEND_DEFAULT: JsonObject = {
  avg: false, current: false, max: false, min: false, show: true, total: false, values: false,
};

/** Common fields of every panel. */
export interface PanelBase {
  readonly id: number;
  readonly gridPos: GridPos;
  readonly title: string;
  /** Fields that differ from the builder's defaults or that it does not model; merged last. */
  readonly extra?: JsonObject;
  /** Fields Grafana did not store on this panel: removed from the defaults. */
  readonly omit?: string[];
}

export interface GraphSpec extends PanelBase {
  readonly targets: TargetSpec[];
  readonly yaxes?: JsonObject[];
  readonly legend?: JsonObject;
  /** Grafana 6 stores `timeRegions: []`; older panels lack it. @default true */
  readonly timeRegions?: boolean;
  /** Grafana 5.1+ stores `yaxis: {align, alignLevel}`. @default true */
  readonly yaxis?: boolean;
}

function finish(panel: JsonObject, spec: PanelBase): JsonObject {
  const out: JsonObject = { ...panel, ...(spec.extra ?? {}) };
  for (const k of spec.omit ?? []) delete out[k];
  return out;
}

/** A time-series graph panel. */
export function graph(spec: GraphSpec): JsonObject {
  const p: JsonObject = {
    aliasColors: {},
    bars: false,
    dashLength: 10,
    dashes: false,
    datasource: 'Prometheus',
    fill: 1,
    gridPos: { ...spec.gridPos },
    id: spec.id,
    legend: spec.legend ?? { ...LEGEND_DEFAULT },
    lines: true,
    linewidth: 1,
    links: [],
    nullPointMode: 'null',
    percentage: false,
    pointradius: 5,
    points: false,
    renderer: 'flot',
    seriesOverrides: [],
    spaceLength: 10,
    stack: false,
    steppedLine: false,
    targets: targets(spec.targets),
    thresholds: [],
    timeFrom: null,
    timeShift: null,
    title: spec.title,
    tooltip: { shared: true, sort: 0, value_type: 'individual' },
    type: 'graph',
    xaxis: { buckets: null, mode: 'time', name: null, show: true, values: [] },
    yaxes: spec.yaxes ?? yaxes(),
  };
  if (spec.timeRegions ?? true) p.timeRegions = [];
  if (spec.yaxis ?? true) p.yaxis = { align: false, alignLevel: null };
  return finish(p, spec);
}

export interface SinglestatSpec extends PanelBase {
  readonly targets: TargetSpec[];
  readonly format?: string;
  readonly valueName?: string;
  readonly thresholds?: string;
  readonly colors?: string[];
}

export const SINGLESTAT_COLORS = ['rgba(245, 54, 54, 0.9)', 'rgba(237, 129, 40, 0.89)', 'rgba(50, 172, 45, 0.97)'];

/** A single-value panel with a sparkline. */
export function singlestat(spec: SinglestatSpec): JsonObject {
  const p: JsonObject = {
    cacheTimeout: null,
    colorBackground: false,
    colorValue: false,
    colors: spec.colors ?? [...SINGLESTAT_COLORS],
    datasource: 'Prometheus',
    format: spec.format ?? 'none',
    gauge: { maxValue: 100, minValue: 0, show: false, thresholdLabels: false, thresholdMarkers: true },
    gridPos: { ...spec.gridPos },
    id: spec.id,
    interval: null,
    links: [],
    mappingType: 1,
    mappingTypes: [{ name: 'value to text', value: 1 }, { name: 'range to text', value: 2 }],
    maxDataPoints: 100,
    nullPointMode: 'connected',
    nullText: null,
    postfix: '',
    postfixFontSize: '50%',
    prefix: '',
    prefixFontSize: '50%',
    rangeMaps: [{ from: 'null', text: 'N/A', to: 'null' }],
    sparkline: { fillColor: 'rgba(31, 118, 189, 0.18)', full: true, lineColor: 'rgb(31, 120, 193)', show: true },
    tableColumn: '',
    targets: targets(spec.targets),
    thresholds: spec.thresholds ?? '',
    title: spec.title,
    transparent: false,
    type: 'singlestat',
    valueFontSize: '80%',
    valueMaps: [{ op: '=', text: 'N/A', value: 'null' }],
    valueName: spec.valueName ?? 'avg',
  };
  return finish(p, spec);
}

export interface TextSpec extends PanelBase {
  readonly content: string;
  readonly mode?: 'html' | 'markdown';
}

/** A text (HTML or markdown) panel. */
export function text(spec: TextSpec): JsonObject {
  const p: JsonObject = {
    content: spec.content,
    gridPos: { ...spec.gridPos },
    id: spec.id,
    links: [],
    mode: spec.mode ?? 'html',
    title: spec.title,
    transparent: true,
    type: 'text',
  };
  return finish(p, spec);
}

export interface RowSpec extends PanelBase {
  readonly collapsed?: boolean;
  /** Panels folded into a collapsed row. @default [] */
  readonly panels?: JsonObject[];
}

/** A row header; a collapsed row carries its panels. */
export function row(spec: RowSpec): JsonObject {
  const p: JsonObject = {
    collapsed: spec.collapsed ?? false,
    gridPos: { ...spec.gridPos },
    id: spec.id,
    panels: spec.panels ?? [],
    title: spec.title,
    type: 'row',
  };
  return finish(p, spec);
}

export interface TableSpec extends PanelBase {
  readonly targets: TargetSpec[];
  readonly styles: JsonObject[];
  readonly sort?: JsonObject;
}

/** A table panel. */
export function table(spec: TableSpec): JsonObject {
  const p: JsonObject = {
    columns: [],
    datasource: 'Prometheus',
    fontSize: '100%',
    gridPos: { ...spec.gridPos },
    hideTimeOverride: false,
    id: spec.id,
    links: [],
    pageSize: null,
    repeatDirection: 'v',
    scroll: true,
    showHeader: true,
    sort: spec.sort ?? { col: 0, desc: true },
    styles: spec.styles,
    targets: targets(spec.targets),
    timeFrom: null,
    title: spec.title,
    transform: 'table',
    transparent: false,
    type: 'table',
  };
  return finish(p, spec);
}

/** A templating variable backed by a Prometheus query. */
export interface QueryVariableSpec {
  readonly name: string;
  readonly label: string;
  readonly query: string;
  readonly includeAll?: boolean;
  readonly multi?: boolean;
  readonly regex?: string;
  readonly sort?: number;
  readonly refresh?: number;
  readonly current?: JsonObject;
  readonly extra?: JsonObject;
}

export function queryVariable(spec: QueryVariableSpec): JsonObject {
  const v: JsonObject = {
    allValue: null,
    datasource: 'Prometheus',
    hide: 0,
    includeAll: spec.includeAll ?? false,
    label: spec.label,
    multi: spec.multi ?? false,
    name: spec.name,
    options: [],
    query: spec.query,
    refresh: spec.refresh ?? 1,
    regex: spec.regex ?? '',
    sort: spec.sort ?? 0,
    tagValuesQuery: '',
    tags: [],
    tagsQuery: '',
    type: 'query',
    useTags: false,
  };
  if (spec.current !== undefined) v.current = spec.current;
  return { ...v, ...(spec.extra ?? {}) };
}

export const DS_PROMETHEUS_INPUT: JsonObject = {
  name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus',
};

export const ANNOTATIONS_BUILTIN: JsonObject = {
  builtIn: 1,
  datasource: '-- Grafana --',
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

export const TIMEPICKER: JsonObject = {
  refresh_intervals: ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'],
  time_options: ['5m', '15m', '1h', '6h', '12h', '24h', '2d', '7d', '30d'],
};

export interface DashboardSpec {
  readonly title: string;
  readonly panels: JsonObject[];
  readonly refresh?: string;
  readonly schemaVersion?: number;
  readonly version?: number;
  readonly uid?: string;
  readonly timezone?: string;
  readonly graphTooltip?: number;
  readonly variables?: JsonObject[];
  /** Export metadata Grafana added (`__inputs`, `__requires`, `id`, `iteration` ...) and anything else top-level. */
  readonly extra?: JsonObject;
  readonly omit?: string[];
}

/** A whole dashboard. */
export function dashboard(spec: DashboardSpec): JsonObject {
  const d: JsonObject = {
    annotations: { list: [{ ...ANNOTATIONS_BUILTIN }] },
    editable: false,
    gnetId: null,
    graphTooltip: spec.graphTooltip ?? 0,
    links: [],
    panels: spec.panels,
    refresh: spec.refresh ?? '5s',
    schemaVersion: spec.schemaVersion ?? 16,
    style: 'dark',
    tags: [],
    templating: { list: spec.variables ?? [] },
    time: { from: 'now-5m', to: 'now' },
    timepicker: { ...TIMEPICKER },
    timezone: spec.timezone ?? '',
    title: spec.title,
    version: spec.version ?? 1,
  };
  if (spec.uid !== undefined) d.uid = spec.uid;
  const out: JsonObject = { ...d, ...(spec.extra ?? {}) };
  for (const k of spec.omit ?? []) delete out[k];
  return out;
}

/** A Grafana dashboard as shipped in a ConfigMap: the file name Grafana loads and the dashboard JSON. */
export interface DashboardFile {
  /** The file name without `.json`, e.g. `pilot-dashboard`. */
  readonly name: string;
  readonly dashboard: JsonObject;
}

/**
 * The memory series a Go process exports, with the legends Istio's dashboards give them, in the order their
 * Memory panels list them.
 */
export const GO_MEMORY_SERIES: ReadonlyArray<{ readonly metric: string; readonly legend: string }> = [
  { metric: 'process_virtual_memory_bytes', legend: 'Virtual Memory' },
  { metric: 'process_resident_memory_bytes', legend: 'Resident Memory' },
  { metric: 'go_memstats_heap_sys_bytes', legend: 'heap sys' },
  { metric: 'go_memstats_heap_alloc_bytes', legend: 'heap alloc' },
  { metric: 'go_memstats_alloc_bytes', legend: 'Alloc' },
  { metric: 'go_memstats_heap_inuse_bytes', legend: 'Heap in-use' },
  { metric: 'go_memstats_stack_inuse_bytes', legend: 'Stack in-use' },
];

/** The panel plugins an exported dashboard can require besides the graph. */
export type RequiredPanel = 'singlestat' | 'table' | 'text';

/**
 * The `__requires` of a dashboard exported from Grafana `version`: Grafana, the graph panel, the Prometheus datasource,
 * then the other panel plugins it uses.
 */
export function exportRequires(version: string, panels: RequiredPanel[]): JsonObject[] {
  const plugin = (type: string, id: string) => ({ type, id, name: id[0].toUpperCase() + id.slice(1), version: '5.0.0' });
  return [
    { type: 'grafana', id: 'grafana', name: 'Grafana', version },
    plugin('panel', 'graph'),
    plugin('datasource', 'prometheus'),
    ...panels.map((p) => plugin('panel', p)),
  ];
}

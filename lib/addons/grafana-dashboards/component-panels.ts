/**
 * Panels the component dashboards share: the resource-usage row (memory, CPU, disk, goroutines) of a Go component
 * of the control plane, as the Pilot, Mixer, Galley and Performance dashboards lay it out.
 */
import { GO_MEMORY_SERIES, graph, grid, JsonObject, LEGEND_DEFAULT, TargetSpec, yaxes } from './builder';

/** Container CPU seconds of the containers `selector` picks. */
export const cpu = (selector: string) => `container_cpu_usage_seconds_total{job="kubernetes-cadvisor",${selector}}`;
/** The y axes of the Disk panels: bytes on the left, an unused log-1024 axis on the right. */
export const DISK_AXES = yaxes({ format: 'bytes', label: '' }, { decimals: null, format: 'none', label: '', logBase: 1024, show: false });

/** Options the exported Memory panels stored on each Go memory series (hidden ones, refIds as edited). */
const MEMORY_SERIES_EXPORT: ReadonlyArray<{ refId?: string; extra: JsonObject }> = [
  { refId: 'I', extra: { instant: false, step: 2 } },
  { refId: 'H', extra: { step: 2 } },
  { refId: 'A', extra: { hide: true } },
  { extra: { hide: true } },
  { refId: 'F', extra: { step: 2 } },
  { refId: 'E', extra: { hide: false, step: 2 } },
  { extra: { step: 2 } },
];

/** A Go component whose process and containers a resource row shows. */
export interface ComponentResources {
  /** Panel ids of Memory, vCPU, Disk and Goroutines. */
  readonly ids: [number, number, number, number];
  readonly y: number;
  /** Job selector of most process series. */
  readonly job: string;
  /** Job selector of the stack, CPU and file-descriptor series (the same jobs, in another order for Mixer). */
  readonly otherJob: string;
  readonly goroutinesJob: string;
  /** The component's containers and pods, as cAdvisor labels them. */
  readonly containers: string;
  readonly pods: string;
  /** Legend name of the self-reported CPU. */
  readonly self: string;
  /** Title of the CPU graph. @default 'vCPU' */
  readonly cpuTitle?: string;
}

/** Memory, vCPU, disk and goroutines of a component, as the Pilot dashboard lays them out. */
export function resourcePanels(c: ComponentResources): JsonObject[] {
  const containers = `container_name=~"${c.containers}", pod_name=~"${c.pods}"`;
  const series = (i: number) => (i === 6 ? c.otherJob : c.job);
  const memory: TargetSpec[] = [
    ...GO_MEMORY_SERIES.map((s, i) => ({
      expr: `${s.metric}{${series(i)}}`, legendFormat: s.legend, intervalFactor: 2, ...MEMORY_SERIES_EXPORT[i],
    })),
    { expr: `sum(container_memory_usage_bytes{${containers}})`, legendFormat: 'Total (k8s)', intervalFactor: 2, refId: 'C', extra: { hide: false, step: 2 } },
    { expr: `container_memory_usage_bytes{${containers}}`, legendFormat: '{{ container_name }} (k8s)', intervalFactor: 2, refId: 'B', extra: { hide: false, step: 2 } },
  ];
  const shown = { hide: false, step: 2 };
  const cpuRate = `sum(rate(${cpu(containers)}[1m]))`;
  const [memId, cpuId, diskId, goId] = c.ids;
  const at = (x: number) => grid(x, c.y, 6, 7);
  return [
    graph({ id: memId, title: 'Memory', gridPos: at(0), targets: memory, yaxes: yaxes({ format: 'bytes' }) }),
    graph({
      id: cpuId, title: c.cpuTitle ?? 'vCPU', gridPos: at(6), yaxes: yaxes({}, {}),
      targets: [
        { expr: cpuRate, legendFormat: 'Total (k8s)', intervalFactor: 2, extra: shown },
        { expr: `${cpuRate} by (container_name)`, legendFormat: '{{ container_name }} (k8s)', intervalFactor: 2, extra: shown },
        { expr: `irate(process_cpu_seconds_total{${c.otherJob}}[1m])`, legendFormat: `${c.self} (self-reported)`, intervalFactor: 2, extra: shown },
      ],
    }),
    graph({
      id: diskId, title: 'Disk', gridPos: at(12), yaxes: DISK_AXES,
      targets: [
        // Both rows label the descriptors "pilot": as exported.
        { expr: `process_open_fds{${c.otherJob}}`, legendFormat: 'Open FDs (pilot)', intervalFactor: 2, extra: { hide: true, instant: false, interval: '' } },
        { expr: `container_fs_usage_bytes{${containers}}`, legendFormat: '{{ container_name }}', intervalFactor: 2, extra: { step: 2 } },
      ],
    }),
    graph({
      id: goId, title: 'Goroutines', gridPos: at(18), yaxes: yaxes({ label: '' }, {}),
      legend: { ...LEGEND_DEFAULT, show: false },
      targets: [{ expr: `go_goroutines{${c.goroutinesJob}}`, legendFormat: 'Number of Goroutines', intervalFactor: 2, extra: { step: 2 } }],
    }),
  ];
}


import * as k8s from './k8s';
import { chartAppName, dnsLabel, goText, truthy } from './helm-text';
import { IstioConfig } from './options';

/** Labels as Helm 2 rendered them for the release: `heritage: Tiller` and the release name on every object. */
export function chartLabels(config: IstioConfig, chart: string, extra: Record<string, string> = {}): Record<string, string> {
  return { chart, heritage: 'Tiller', release: config.release, ...extra };
}

/** The labels most component objects carry: `app` and `chart` are the subchart's name. */
export function appLabels(config: IstioConfig, app: string, extra: Record<string, string> = {}): Record<string, string> {
  return { app, ...chartLabels(config, app), ...extra };
}

/**
 * An Istio image reference: `image` names an image under `global.hub` at `global.tag`, unless it already holds a
 * registry path (a `/`), as the chart's templates do.
 */
export function istioImage(config: IstioConfig, image: string): string {
  if (image.includes('/')) return image;
  return `${config.values.global.hub}/${image}:${config.values.global.tag}`;
}

/** Metadata of a namespaced object in the control plane's namespace. */
export function nsMeta(config: IstioConfig, name: string, labels: Record<string, string>, annotations?: Record<string, string>) {
  return { name, namespace: config.namespace, labels, ...(annotations ? { annotations } : {}) };
}

/** Metadata of a cluster-scoped object: never a namespace. */
export function clusterMeta(name: string, labels: Record<string, string>, annotations?: Record<string, string>) {
  return { name, labels, ...(annotations ? { annotations } : {}) };
}

/**
 * A Service as the chart writes most of them: `annotations:` with nothing under it renders as a null, which the
 * release keeps (and kubectl accepts), so an empty annotation map stays `null` here too.
 */
export class ReleaseService extends k8s.KubeService {
  public toJson(): any {
    const json = super.toJson();
    return json.metadata.annotations ? json : { ...json, metadata: { ...json.metadata, annotations: null } };
  }
}

/** Overrides of a chart's name helpers (`<chart>.name`, `<chart>.fullname`). */
export interface ChartNameOverrides {
  readonly nameOverride?: unknown;
  readonly fullnameOverride?: unknown;
}

/** A chart's `<chart>.name` helper: `nameOverride` or the chart's name (the `app` label of most of its objects). */
export function chartName(chart: string, values: ChartNameOverrides = {}): string {
  return chartAppName(chart, values);
}

/** A chart's `<chart>.fullname` helper: `fullnameOverride`, or `<release>-<name>` (the release name alone when it holds the name). */
export function chartFullname(config: IstioConfig, chart: string, values: ChartNameOverrides = {}): string {
  if (truthy(values.fullnameOverride)) return dnsLabel(goText(values.fullnameOverride));
  const name = truthy(values.nameOverride) ? goText(values.nameOverride) : chart;
  return dnsLabel(config.release.includes(name) ? config.release : `${config.release}-${name}`);
}

/** The labels of a subchart's objects: `app` from its name helper, `chart` its own name. */
export function subchartLabels(config: IstioConfig, chart: string, values: ChartNameOverrides, extra: Record<string, string> = {}): Record<string, string> {
  return { app: chartName(chart, values), ...chartLabels(config, chart), ...extra };
}

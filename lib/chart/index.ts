/**
 * The Istio 1.2 Helm chart's values, as data: the chart's defaults (its `values.yaml` and one module per subchart),
 * the profiles (`values-istio-<profile>.yaml`), and the pipeline `helm template` runs over them: profile and values
 * files merged in order, then `--set`, then `--set-string`, the subcharts' conditions, and Helm 2's coalescing.
 */
import { coalesceAll, cloneValues, mergeValues, pathValue, ValuesMap } from './coalesce';
import { CertmanagerChartDefaults } from './certmanager';
import { GalleyChartDefaults } from './galley';
import { GatewaysChartDefaults } from './gateways';
import { GlobalChartDefaults } from './global';
import { GrafanaChartDefaults } from './grafana';
import { IstioChartDefaults } from './istio';
import { IstiocorednsChartDefaults } from './istiocoredns';
import { KialiChartDefaults } from './kiali';
import { MixerChartDefaults } from './mixer';
import { NodeagentChartDefaults } from './nodeagent';
import { PilotChartDefaults } from './pilot';
import { demoAuthOverlay, demoCommonOverlay, demoOverlay, minimalOverlay, remoteOverlay, sdsAuthOverlay } from './profiles';
import { PrometheusChartDefaults } from './prometheus';
import { SecurityChartDefaults } from './security';
import { SidecarInjectorWebhookChartDefaults } from './sidecar-injector-webhook';
import { parseSetInto } from './strvals';
import { TracingChartDefaults } from './tracing';
import { DEFAULT_ISTIO_VERSION, IstioVersion, valuesAt, ValuesSource } from './versions';

export * from './coalesce';
export { parseSetInto, SetSyntaxError } from './strvals';
export * from './versions';

/**
 * An installation profile of the chart: `default` is its `values.yaml` (Istio's production profile), the others
 * are `values-istio-<profile>.yaml` over it (`demo` and `demo-auth` over `values-istio-demo-common.yaml` too, as
 * the release Makefile built `istio-demo.yaml` and `istio-demo-auth.yaml`).
 */
export type Profile = 'default' | 'demo' | 'demo-auth' | 'minimal' | 'sds-auth' | 'remote';
export const PROFILES: readonly Profile[] = ['default', 'demo', 'demo-auth', 'minimal', 'sds-auth', 'remote'];

const asMap = (v: unknown) => v as ValuesMap;

/** The overlays of a profile, applied in order over the chart's defaults like `helm template -f`. */
export function profileOverlays(profile: Profile, version: IstioVersion = DEFAULT_ISTIO_VERSION): ValuesMap[] {
  const demoCommon = () => valuesAt(version, 'values-istio-demo-common.yaml', cloneValues(asMap(demoCommonOverlay)));
  switch (profile) {
    case 'default': return [];
    case 'demo': return [demoCommon(), asMap(demoOverlay)];
    case 'demo-auth': return [demoCommon(), asMap(demoAuthOverlay)];
    case 'minimal': return [asMap(minimalOverlay)];
    case 'sds-auth': return [asMap(sdsAuthOverlay)];
    case 'remote': return [asMap(remoteOverlay)];
  }
}

/**
 * The subcharts in `requirements.yaml` order, with the value that enables each. Mixer's condition in the 1.2 chart
 * (`or mixer.policy.enabled mixer.telemetry.enabled`) is not a values path, so Helm 2 always renders the subchart;
 * its templates check the two switches themselves.
 */
export const SUBCHARTS: ReadonlyArray<{ readonly name: string; readonly condition?: string; readonly defaults: ValuesMap }> = [
  { name: 'sidecarInjectorWebhook', condition: 'sidecarInjectorWebhook.enabled', defaults: asMap(SidecarInjectorWebhookChartDefaults) },
  { name: 'security', condition: 'security.enabled', defaults: asMap(SecurityChartDefaults) },
  { name: 'gateways', condition: 'gateways.enabled', defaults: asMap(GatewaysChartDefaults) },
  { name: 'mixer', defaults: asMap(MixerChartDefaults) },
  { name: 'nodeagent', condition: 'nodeagent.enabled', defaults: asMap(NodeagentChartDefaults) },
  { name: 'pilot', condition: 'pilot.enabled', defaults: asMap(PilotChartDefaults) },
  { name: 'grafana', condition: 'grafana.enabled', defaults: asMap(GrafanaChartDefaults) },
  { name: 'prometheus', condition: 'prometheus.enabled', defaults: asMap(PrometheusChartDefaults) },
  { name: 'tracing', condition: 'tracing.enabled', defaults: asMap(TracingChartDefaults) },
  { name: 'galley', condition: 'galley.enabled', defaults: asMap(GalleyChartDefaults) },
  { name: 'kiali', condition: 'kiali.enabled', defaults: asMap(KialiChartDefaults) },
  { name: 'istiocoredns', condition: 'istiocoredns.enabled', defaults: asMap(IstiocorednsChartDefaults) },
  { name: 'certmanager', condition: 'certmanager.enabled', defaults: asMap(CertmanagerChartDefaults) },
];

/** The Istio chart's own defaults: its `values.yaml`, hub and tag as the release tarball set them. */
export function istioChartDefaults(version: IstioVersion = DEFAULT_ISTIO_VERSION): ValuesMap {
  const values = { ...cloneValues(asMap(IstioChartDefaults)), global: { ...cloneValues(asMap(GlobalChartDefaults)), tag: version } };
  return valuesAt(version, 'istio', values);
}

/** A subchart's defaults as release `version` shipped them. */
function subchartDefaults(name: string, defaults: ValuesMap, version: IstioVersion): ValuesMap {
  return valuesAt(version, name as ValuesSource, cloneValues(defaults));
}

/** What the user layers over the chart, in Helm's order. */
export interface ChartInputs {
  /** The patch release whose chart renders. @default '1.2.2' */
  readonly version?: IstioVersion;
  /** @default 'default' */
  readonly profile?: Profile;
  /** Values maps applied in order over the profile, like `-f` files. */
  readonly values?: readonly ValuesMap[];
  /** `--set` expressions, applied after every values map. */
  readonly set?: readonly string[];
  /** `--set-string` expressions, applied last. */
  readonly setString?: readonly string[];
}

/** The user-supplied values, merged as `helm template` merges `-f`, `--set` and `--set-string`. */
export function userValues(inputs: ChartInputs): ValuesMap {
  const user: ValuesMap = {};
  for (const layer of [...profileOverlays(inputs.profile ?? 'default', inputs.version), ...(inputs.values ?? [])]) mergeValues(user, cloneValues(layer));
  for (const s of inputs.set ?? []) parseSetInto(s, user);
  for (const s of inputs.setString ?? []) parseSetInto(s, user, true);
  return user;
}

/** The subcharts Helm renders for these values: a condition that is `false` (and none `true`) turns one off. */
export function enabledSubcharts(user: ValuesMap, version: IstioVersion = DEFAULT_ISTIO_VERSION) {
  const subcharts = SUBCHARTS.map((s) => [s.name, subchartDefaults(s.name, s.defaults, version)] as const);
  const all = coalesceAll({ values: istioChartDefaults(version), subcharts }, user);
  return subcharts.filter(([name]) => {
    const condition = SUBCHARTS.find((s) => s.name === name)?.condition;
    return condition === undefined || pathValue(all, condition) !== false;
  });
}

/** What Helm renders for a set of inputs: the values, and which subcharts are rendered at all. */
export interface ResolvedChart {
  /** The top chart's `.Values`; each enabled subchart's section is that subchart's own `.Values`. */
  readonly values: ValuesMap;
  /** The subcharts whose templates are rendered, in requirements order. */
  readonly subcharts: readonly string[];
}

/**
 * Helm's `.Values` of the Istio chart for these inputs: the top chart's view, in which each enabled subchart's
 * section is that subchart's own `.Values` (its defaults coalesced in, with a copy of `global`).
 */
export function resolveChart(inputs: ChartInputs): ResolvedChart {
  const user = userValues(inputs);
  const enabled = enabledSubcharts(user, inputs.version);
  // Helm rewrites the top chart's values with the coalesced defaults of the enabled subcharts (import-values).
  const rewritten = coalesceAll({ values: istioChartDefaults(inputs.version), subcharts: enabled }, {});
  return { values: coalesceAll({ values: rewritten, subcharts: enabled }, user), subcharts: enabled.map(([n]) => n) };
}

/** Helm's `.Values` of the Istio chart for these inputs (see `resolveChart`). */
export function chartValues(inputs: ChartInputs): ValuesMap {
  return resolveChart(inputs).values;
}

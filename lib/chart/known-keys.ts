/**
 * Which keys a user may set: every key of the chart's defaults and profiles, plus the keys below, which the 1.2
 * chart's templates read (or its example and test values set) without a default. Anything else is refused with its
 * path: the chart would ignore it, and a typo should not pass silently.
 */
import { isTable, Value, ValuesMap } from './coalesce';
import { istioChartDefaults, PROFILES, profileOverlays, SUBCHARTS } from './index';

/** Keys without a default, as dotted paths; `gateways.*` is any gateway. */
const OPTIONAL_KEYS = [
  'nameOverride', 'fullnameOverride',
  'global.istioRemote', 'global.network', 'global.istioNamespace', 'global.omitSidecarInjectorConfigMap',
  'global.podDNSSearchNamespaces', 'global.refreshInterval', 'global.configRootNamespace', 'global.createRemoteSvcEndpoints',
  'global.defaultConfigVisibilitySettings', 'global.remotePilotAddress', 'global.remotePilotCreateSvcEndpoint',
  'global.remotePolicyAddress', 'global.remoteTelemetryAddress', 'global.remoteZipkinAddress',
  'certmanager.email', 'certmanager.extraArgs', 'certmanager.podAnnotations', 'certmanager.podDnsConfig', 'certmanager.podDnsPolicy',
  'certmanager.podLabels',
  'galley.resources', 'grafana.resources', 'istiocoredns.resources', 'kiali.resources', 'mixer.resources', 'prometheus.resources',
  'security.resources', 'sidecarInjectorWebhook.resources', 'tracing.jaeger.resources', 'tracing.contextPath', 'tracing.jaeger.contextPath',
  'pilot.replicaCount', 'mixer.policy.resources', 'mixer.kiali.enabled', 'security.env',
  // Ours, not the chart's: turns off Kiali's demo Secret (admin/admin).
  'kiali.createDemoSecret',
  'gateways.*.replicaCount', 'gateways.*.namespace', 'gateways.*.additionalContainers', 'gateways.*.configVolumes',
  'gateways.*.applicationPorts', 'gateways.*.meshExpansionPorts', 'gateways.*.externalTrafficPolicy', 'gateways.*.env',
  'gateways.*.loadBalancerIP', 'gateways.*.loadBalancerSourceRanges', 'gateways.*.externalIPs', 'gateways.*.sds.enabled',
  'gateways.*.sds.image', 'gateways.*.sds.resources', 'gateways.*.podAntiAffinityLabelSelector',
  'gateways.*.podAntiAffinityTermLabelSelector', 'gateways.*.nodeSelector', 'gateways.*.tolerations', 'gateways.*.secretVolumes',
  'gateways.*.labels', 'gateways.*.ports', 'gateways.*.resources', 'gateways.*.serviceAnnotations', 'gateways.*.podAnnotations',
  'gateways.*.enabled', 'gateways.*.type', 'gateways.*.autoscaleEnabled', 'gateways.*.autoscaleMin', 'gateways.*.autoscaleMax',
  'gateways.*.cpu.targetAverageUtilization',
  ...['galley', 'gateways', 'grafana', 'istiocoredns', 'kiali', 'mixer', 'nodeagent', 'pilot', 'prometheus', 'security',
    'sidecarInjectorWebhook', 'tracing', 'certmanager'].flatMap((s) => [`${s}.nameOverride`, `${s}.fullnameOverride`]),
];

/** Keys whose values are free-form maps (labels, annotations, environment, node selectors, resource quantities). */
export const FREE_MAPS = new Set([
  'nodeSelector', 'labels', 'env', 'serviceAnnotations', 'podAnnotations', 'annotations', 'meshNetworks', 'localityLbSetting',
  'defaultNodeSelector', 'requests', 'limits', 'podLabels', 'podDnsConfig', 'extraArgs', 'datasources', 'dashboardProviders',
]);

/** A tree of the keys a user may set (values are `true` for leaves, or a subtree). */
export interface KeyTree { [key: string]: KeyTree | true }

function addValue(tree: KeyTree, v: Value): void {
  if (!isTable(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (isTable(x) && !FREE_MAPS.has(k)) {
      const sub = tree[k] === true || tree[k] === undefined ? {} : tree[k] as KeyTree;
      addValue(sub, x);
      // Every `resources` map takes requests and limits, also where the chart's default is `{}`.
      if (k === 'resources') { sub.requests ??= true; sub.limits ??= true; }
      tree[k] = sub;
    } else if (tree[k] === undefined) {
      tree[k] = true;
    }
  }
}

function addPath(tree: KeyTree, path: string): void {
  const steps = path.split('.');
  let cur = tree;
  steps.forEach((s, i) => {
    if (i === steps.length - 1) { if (cur[s] === undefined) cur[s] = true; return; }
    if (cur[s] === undefined || cur[s] === true) cur[s] = {};
    cur = cur[s] as KeyTree;
  });
}

let cached: KeyTree | undefined;

/** The keys of the chart a user may set; under `gateways`, `*` stands for any gateway name. */
export function knownKeys(): KeyTree {
  if (cached) return cached;
  const tree: KeyTree = {};
  const add = (v: ValuesMap) => {
    const gws = isTable(v.gateways) ? v.gateways : undefined;
    if (!gws) { addValue(tree, v); return; }
    addValue(tree, { ...v, gateways: { enabled: gws.enabled ?? true } });
    // Every gateway, built-in or user-defined, has the keys of all the chart's gateways.
    for (const [name, g] of Object.entries(gws)) if (name !== 'enabled' && isTable(g)) addValue(tree, { gateways: { '*': g } });
  };
  add(istioChartDefaults());
  for (const s of SUBCHARTS) add({ [s.name]: s.defaults });
  for (const p of PROFILES) profileOverlays(p).forEach(add);
  for (const k of OPTIONAL_KEYS) addPath(tree, k);
  cached = tree;
  return tree;
}

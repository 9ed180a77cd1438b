import * as k8s from './k8s';
import { sinceVersion } from './chart/versions';
import { IstioConfig } from './options';
import { AntiAffinitySelectorValues, SchedulingValues } from './values';

const ARCH_LABEL = 'beta.kubernetes.io/arch';

/** Architectures with a positive weight in `global.arch`, in the order Helm ranges over the map (sorted keys). */
function weightedArches(config: IstioConfig): Array<[string, number]> {
  return Object.entries(config.values.global.arch)
    .filter(([, w]) => w > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function antiAffinityExpression(item: AntiAffinitySelectorValues): k8s.LabelSelectorRequirement {
  return { key: item.key, operator: item.operator, ...(item.values ? { values: item.values.split(',') } : {}) };
}

/**
 * The chart's `nodeaffinity` and `podAntiAffinity` templates: pods run on the architectures of `global.arch` (and on
 * nodes matching the component's node selector), preferring each by its weight.
 */
export function istioAffinity(config: IstioConfig, component?: Partial<SchedulingValues>): k8s.Affinity {
  const arches = weightedArches(config);
  const nodeSelector = component?.nodeSelector && Object.keys(component.nodeSelector).length > 0
    ? component.nodeSelector : config.values.global.defaultNodeSelector;
  const matchExpressions: k8s.NodeSelectorRequirement[] = [
    { key: ARCH_LABEL, operator: 'In', values: arches.map(([a]) => a) },
    ...Object.keys(nodeSelector).sort().map((key) => ({ key, operator: 'In', values: [nodeSelector[key]] })),
  ];
  const required = component?.podAntiAffinityLabelSelector ?? [];
  const preferred = component?.podAntiAffinityTermLabelSelector ?? [];
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] },
      preferredDuringSchedulingIgnoredDuringExecution: arches.map(([arch, weight]) => ({
        weight,
        preference: { matchExpressions: [{ key: ARCH_LABEL, operator: 'In', values: [arch] }] },
      })),
    },
    ...(required.length || preferred.length ? {
      podAntiAffinity: {
        ...(required.length ? {
          requiredDuringSchedulingIgnoredDuringExecution: required.map((item) => ({
            labelSelector: { matchExpressions: [antiAffinityExpression(item)] },
            topologyKey: item.topologyKey ?? '',
          })),
        } : {}),
        ...(preferred.length ? {
          preferredDuringSchedulingIgnoredDuringExecution: preferred.map((item) => ({
            podAffinityTerm: { labelSelector: { matchExpressions: [antiAffinityExpression(item)] }, topologyKey: item.topologyKey ?? '' },
            weight: 100,
          })),
        } : {}),
      },
    } : {}),
  };
}

/** Tolerations of a component, falling back to `global.defaultTolerations` as the chart does (since 1.2.1). */
export function istioTolerations(config: IstioConfig, component?: Partial<SchedulingValues>): k8s.Toleration[] | undefined {
  const own = component?.tolerations ?? [];
  const fallback = sinceVersion(config.version, 'default-tolerations') ? config.values.global.defaultTolerations ?? [] : [];
  const list = own.length > 0 ? own : fallback;
  return list.length > 0 ? list.map((t) => ({ ...t })) : undefined;
}

import type { DeepPartial } from './coalesce';
import type { GalleyValues } from '../values';

/** Defaults of the `galley` subchart (its own `values.yaml`); the parent chart's `galley` section and the profile override them. */
export const GalleyChartDefaults: DeepPartial<GalleyValues> = {
  enabled: true,
  replicaCount: 1,
  image: 'galley',
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
};

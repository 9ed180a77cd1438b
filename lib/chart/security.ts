import type { DeepPartial } from './coalesce';
import type { SecurityValues } from '../values';

/** Defaults of the `security` subchart (its own `values.yaml`); the parent chart's `security` section and the profile override them. */
export const SecurityChartDefaults: DeepPartial<SecurityValues> = {
  enabled: true,
  replicaCount: 1,
  image: 'citadel',
  selfSigned: true,
  createMeshPolicy: true,
  nodeSelector: {},
  tolerations: [],
  citadelHealthCheck: false,
  workloadCertTtl: '2160h',
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
};

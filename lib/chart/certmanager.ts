import type { DeepPartial } from './coalesce';
import type { CertManagerValues } from '../values';

/** Defaults of the `certmanager` subchart (its own `values.yaml`); the parent chart's `certmanager` section and the profile override them. */
export const CertmanagerChartDefaults: DeepPartial<CertManagerValues> = {
  enabled: false,
  replicaCount: 1,
  hub: 'quay.io/jetstack',
  tag: 'v0.6.2',
  resources: {},
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
};

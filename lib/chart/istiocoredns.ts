import type { DeepPartial } from './coalesce';
import type { IstioCorednsValues } from '../values';

/** Defaults of the `istiocoredns` subchart (its own `values.yaml`); the parent chart's `istiocoredns` section and the profile override them. */
export const IstiocorednsChartDefaults: DeepPartial<IstioCorednsValues> = {
  enabled: false,
  replicaCount: 1,
  coreDNSImage: 'coredns/coredns:1.1.2',
  coreDNSPluginImage: 'istio/coredns-plugin:0.2-istio-1.1',
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
};

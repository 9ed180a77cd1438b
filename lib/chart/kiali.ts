import type { DeepPartial } from './coalesce';
import type { KialiValues } from '../values';

/** Defaults of the `kiali` subchart (its own `values.yaml`); the parent chart's `kiali` section and the profile override them. */
export const KialiChartDefaults: DeepPartial<KialiValues> = {
  enabled: false,
  replicaCount: 1,
  hub: 'quay.io/kiali',
  tag: 'v0.20',
  contextPath: '/kiali',
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  ingress: { enabled: false, hosts: ['kiali.local'], annotations: null, tls: null },
  dashboard: { secretName: 'kiali', viewOnlyMode: false, grafanaURL: null, jaegerURL: null },
  prometheusAddr: 'http://prometheus:9090',
  createDemoSecret: false,
};

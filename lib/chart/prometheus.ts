import type { DeepPartial } from './coalesce';
import type { PrometheusValues } from '../values';

/** Defaults of the `prometheus` subchart (its own `values.yaml`); the parent chart's `prometheus` section and the profile override them. */
export const PrometheusChartDefaults: DeepPartial<PrometheusValues> = {
  enabled: true,
  replicaCount: 1,
  hub: 'docker.io/prom',
  tag: 'v2.8.0',
  retention: '6h',
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  scrapeInterval: '15s',
  contextPath: '/prometheus',
  ingress: { enabled: false, hosts: ['prometheus.local'], annotations: null, tls: null },
  service: { annotations: {}, nodePort: { enabled: false, port: 32090 } },
  security: { enabled: true },
};

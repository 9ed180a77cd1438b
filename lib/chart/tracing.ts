import type { DeepPartial } from './coalesce';
import type { TracingValues } from '../values';

/** Defaults of the `tracing` subchart (its own `values.yaml`); the parent chart's `tracing` section and the profile override them. */
export const TracingChartDefaults: DeepPartial<TracingValues> = {
  enabled: false,
  provider: 'jaeger',
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  jaeger: { hub: 'docker.io/jaegertracing', tag: 1.9, memory: { max_traces: 50000 } },
  zipkin: {
    hub: 'docker.io/openzipkin',
    tag: 2,
    probeStartupDelay: 200,
    queryPort: 9411,
    resources: { limits: { cpu: '300m', memory: '900Mi' }, requests: { cpu: '150m', memory: '900Mi' } },
    javaOptsHeap: 700,
    maxSpans: 500000,
    node: { cpus: 2 },
  },
  service: { annotations: {}, name: 'http', type: 'ClusterIP', externalPort: 9411 },
  ingress: { enabled: false, hosts: null, annotations: null, tls: null },
};

import type { DeepPartial } from './coalesce';
import type { MixerValues } from '../values';

/** Defaults of the `mixer` subchart (its own `values.yaml`); the parent chart's `mixer` section and the profile override them. */
export const MixerChartDefaults: DeepPartial<MixerValues> = {
  image: 'mixer',
  env: { GODEBUG: 'gctrace=1', GOMAXPROCS: '6' },
  policy: {
    enabled: false,
    replicaCount: 1,
    autoscaleEnabled: true,
    autoscaleMin: 1,
    autoscaleMax: 5,
    cpu: { targetAverageUtilization: 80 },
  },
  telemetry: {
    enabled: true,
    replicaCount: 1,
    autoscaleEnabled: true,
    autoscaleMin: 1,
    autoscaleMax: 5,
    cpu: { targetAverageUtilization: 80 },
    sessionAffinityEnabled: false,
    loadshedding: { mode: 'enforce', latencyThreshold: '100ms' },
    resources: { requests: { cpu: '1000m', memory: '1G' }, limits: { cpu: '4800m', memory: '4G' } },
  },
  podAnnotations: {},
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  templates: { useTemplateCRDs: false },
  adapters: {
    kubernetesenv: { enabled: true },
    stdio: { enabled: false, outputAsJson: true },
    prometheus: { enabled: true, metricsExpiryDuration: '10m' },
    useAdapterCRDs: false,
  },
};

import type { DeepPartial } from './coalesce';
import type { PilotValues } from '../values';

/** Defaults of the `pilot` subchart (its own `values.yaml`); the parent chart's `pilot` section and the profile override them. */
export const PilotChartDefaults: DeepPartial<PilotValues> = {
  enabled: true,
  autoscaleEnabled: true,
  autoscaleMin: 1,
  autoscaleMax: 5,
  image: 'pilot',
  sidecar: true,
  traceSampling: 1,
  resources: { requests: { cpu: '500m', memory: '2048Mi' } },
  env: { PILOT_PUSH_THROTTLE: 100, GODEBUG: 'gctrace=1' },
  cpu: { targetAverageUtilization: 80 },
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  keepaliveMaxServerConnectionAge: '30m',
};

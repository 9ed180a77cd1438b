import type { DeepPartial } from './coalesce';
import type { NodeagentValues } from '../values';

/** Defaults of the `nodeagent` subchart (its own `values.yaml`); the parent chart's `nodeagent` section and the profile override them. */
export const NodeagentChartDefaults: DeepPartial<NodeagentValues> = {
  enabled: false,
  image: 'node-agent-k8s',
  env: { CA_PROVIDER: '', CA_ADDR: '', Plugins: '' },
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
};

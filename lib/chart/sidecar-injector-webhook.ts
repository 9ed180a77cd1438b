import type { DeepPartial } from './coalesce';
import type { SidecarInjectorWebhookValues } from '../values';

/** Defaults of the `sidecarInjectorWebhook` subchart (its own `values.yaml`); the parent chart's `sidecarInjectorWebhook` section and the profile override them. */
export const SidecarInjectorWebhookChartDefaults: DeepPartial<SidecarInjectorWebhookValues> = {
  enabled: true,
  replicaCount: 1,
  image: 'sidecar_injector',
  enableNamespacesByDefault: false,
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  rewriteAppHTTPProbe: false,
  neverInjectSelector: [],
  alwaysInjectSelector: [],
};

import type { DeepPartial } from './coalesce';
import type { IstioValues } from '../values';

/** The Istio chart's own `values.yaml` apart from `global`: which subcharts are on, and their overrides. */
export const IstioChartDefaults: DeepPartial<IstioValues> = {
  gateways: { enabled: true },
  sidecarInjectorWebhook: { enabled: true },
  galley: { enabled: true },
  mixer: { policy: { enabled: true }, telemetry: { enabled: true } },
  pilot: { enabled: true },
  security: { enabled: true },
  nodeagent: { enabled: false },
  grafana: { enabled: false },
  prometheus: { enabled: true },
  tracing: { enabled: false },
  kiali: { enabled: false },
  certmanager: { enabled: false },
  istio_cni: { enabled: false },
  istiocoredns: { enabled: false },
};

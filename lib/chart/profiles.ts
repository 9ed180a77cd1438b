import type { DeepPartial } from './coalesce';
import type { IstioValues } from '../values';

/** `values-istio-demo-common.yaml`. */
export const demoCommonOverlay: DeepPartial<IstioValues> = {
  global: {
    proxy: { accessLogFile: '/dev/stdout', resources: { requests: { cpu: '10m', memory: '40Mi' } } },
    disablePolicyChecks: false,
  },
  sidecarInjectorWebhook: { enabled: true, rewriteAppHTTPProbe: false },
  pilot: { traceSampling: 100, resources: { requests: { cpu: '10m', memory: '100Mi' } } },
  mixer: {
    policy: { enabled: true, resources: { requests: { cpu: '10m', memory: '100Mi' } } },
    telemetry: { enabled: true, resources: { requests: { cpu: '50m', memory: '100Mi' } } },
    adapters: { stdio: { enabled: true } },
  },
  grafana: { enabled: true },
  tracing: { enabled: true },
  kiali: { enabled: true, createDemoSecret: true },
  gateways: {
    'istio-ingressgateway': { resources: { requests: { cpu: '10m', memory: '40Mi' } } },
    'istio-egressgateway': { enabled: true, resources: { requests: { cpu: '10m', memory: '40Mi' } } },
  },
};

/** `values-istio-demo.yaml`. */
export const demoOverlay: DeepPartial<IstioValues> = { global: { controlPlaneSecurityEnabled: false, mtls: { enabled: false } } };

/** `values-istio-demo-auth.yaml`. */
export const demoAuthOverlay: DeepPartial<IstioValues> = { global: { controlPlaneSecurityEnabled: true, mtls: { enabled: true } } };

/** `values-istio-minimal.yaml`. */
export const minimalOverlay: DeepPartial<IstioValues> = {
  pilot: { enabled: true, sidecar: false },
  gateways: { enabled: false },
  security: { enabled: false },
  sidecarInjectorWebhook: { enabled: false },
  galley: { enabled: false },
  mixer: { policy: { enabled: false }, telemetry: { enabled: false } },
  prometheus: { enabled: false },
  global: { proxy: { envoyStatsd: { enabled: false, host: null, port: null } }, useMCP: false },
};

/** `values-istio-sds-auth.yaml`. */
export const sdsAuthOverlay: DeepPartial<IstioValues> = {
  global: {
    controlPlaneSecurityEnabled: false,
    mtls: { enabled: true },
    sds: { enabled: true, udsPath: 'unix:/var/run/sds/uds_path', useNormalJwt: true },
  },
  nodeagent: {
    enabled: true,
    image: 'node-agent-k8s',
    env: { CA_PROVIDER: 'Citadel', CA_ADDR: 'istio-citadel:8060', VALID_TOKEN: true },
  },
};

/** `values-istio-remote.yaml`. */
export const remoteOverlay: DeepPartial<IstioValues> = {
  gateways: { enabled: false },
  galley: { enabled: false },
  mixer: { policy: { enabled: false }, telemetry: { enabled: false } },
  pilot: { enabled: false },
  security: { enabled: true, createMeshPolicy: false },
  prometheus: { enabled: false },
  global: { istioRemote: true, enableTracing: false, network: '' },
};


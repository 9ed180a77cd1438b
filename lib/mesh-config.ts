/**
 * The mesh configuration (ConfigMap `istio`): what Pilot, Mixer, Galley and every sidecar read about the mesh
 * (Mixer and Pilot addresses, access logs, tracing, mutual TLS towards the control plane...).
 */
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { Construct } from 'constructs';
import { dump } from 'js-yaml';
import { appLabels, nsMeta } from './meta';
import { IstioConfig } from './options';

/** The proxy defaults of the mesh (Istio's `ProxyConfig`). */
export interface ProxyConfig {
  readonly connectTimeout: string;
  readonly configPath: string;
  readonly binaryPath: string;
  readonly serviceCluster: string;
  readonly drainDuration: string;
  readonly parentShutdownDuration: string;
  readonly proxyAdminPort: number;
  readonly concurrency: number;
  readonly tracing?:
  | { readonly zipkin: { readonly address: string } }
  | { readonly lightstep: { readonly address: string; readonly accessToken: string; readonly secure: boolean; readonly cacertPath: string } }
  | { readonly datadog: { readonly address: string } };
  readonly statsdUdpAddress?: string;
  readonly envoyMetricsServiceAddress?: string;
  readonly controlPlaneAuthPolicy: 'NONE' | 'MUTUAL_TLS';
  readonly discoveryAddress: string;
}

/** Istio's `MeshConfig`, as the chart writes it. Empty strings are written as nulls, as Helm renders them. */
export interface MeshConfig {
  readonly disablePolicyChecks: boolean;
  readonly enableTracing: boolean;
  readonly accessLogFile: string;
  readonly accessLogFormat: string;
  readonly accessLogEncoding: 'TEXT' | 'JSON';
  readonly mixerCheckServer?: string;
  readonly mixerReportServer?: string;
  readonly policyCheckFailOpen?: boolean;
  readonly ingressService?: string;
  readonly connectTimeout: string;
  readonly dnsRefreshRate: string;
  readonly sdsUdsPath: string | null;
  readonly enableSdsTokenMount: boolean;
  readonly sdsUseK8sSaJwt: boolean;
  readonly trustDomain: string | null;
  readonly outboundTrafficPolicy: { readonly mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
  readonly localityLbSetting: Record<string, unknown>;
  readonly rootNamespace: string;
  readonly configSources?: Array<{ readonly address: string; readonly tlsSettings?: { readonly mode: 'ISTIO_MUTUAL' } }>;
  readonly defaultConfig: ProxyConfig;
}

/** Mixer's gRPC port, and the port it serves over mutual TLS. */
const MIXER_PORT = { plain: 9091, mtls: 15004 };
/** Pilot's xDS port, and the port it serves over mutual TLS. */
const PILOT_PORT = { plain: 15010, mtls: 15011 };

const orNull = (s: string) => (s === '' ? null : s);

/** The mesh configuration the options describe. */
export function meshConfig(config: IstioConfig): MeshConfig {
  const v = config.values;
  const g = v.global;
  const ns = config.namespace;
  const secure = g.controlPlaneSecurityEnabled;
  const mixerPort = secure ? MIXER_PORT.mtls : MIXER_PORT.plain;
  const tracing: ProxyConfig['tracing'] = g.proxy.tracer === 'lightstep' ? { lightstep: { ...g.tracer.lightstep } }
    : g.proxy.tracer === 'datadog' ? { datadog: { ...g.tracer.datadog } }
      : { zipkin: { address: g.tracer.zipkin.address || `zipkin.${ns}:9411` } };
  return {
    // Without the policy Mixer there is nobody to check with.
    disablePolicyChecks: v.mixer.policy.enabled ? g.disablePolicyChecks : true,
    enableTracing: g.enableTracing,
    accessLogFile: g.proxy.accessLogFile,
    accessLogFormat: g.proxy.accessLogFormat,
    accessLogEncoding: g.proxy.accessLogEncoding,
    ...(v.mixer.policy.enabled ? { mixerCheckServer: `istio-policy.${ns}.svc.${g.proxy.clusterDomain}:${mixerPort}` } : {}),
    ...(v.mixer.telemetry.enabled ? { mixerReportServer: `istio-telemetry.${ns}.svc.${g.proxy.clusterDomain}:${mixerPort}` } : {}),
    ...(v.mixer.policy.enabled ? { policyCheckFailOpen: g.policyCheckFailOpen } : {}),
    // Pilot gives Kubernetes ingresses the ingress gateway's public IP.
    ...(v.gateways.enabled ? { ingressService: 'istio-ingressgateway' } : {}),
    connectTimeout: '10s',
    dnsRefreshRate: g.proxy.dnsRefreshRate,
    sdsUdsPath: orNull(g.sds.udsPath),
    enableSdsTokenMount: g.sds.useTrustworthyJwt,
    sdsUseK8sSaJwt: g.sds.useNormalJwt,
    trustDomain: orNull(g.trustDomain),
    outboundTrafficPolicy: { mode: g.outboundTrafficPolicy.mode },
    localityLbSetting: { ...g.localityLbSetting },
    rootNamespace: ns,
    ...(g.useMCP ? {
      configSources: [{ address: `istio-galley.${ns}.svc:9901`, ...(secure ? { tlsSettings: { mode: 'ISTIO_MUTUAL' as const } } : {}) }],
    } : {}),
    defaultConfig: {
      connectTimeout: '10s',
      configPath: '/etc/istio/proxy',
      binaryPath: '/usr/local/bin/envoy',
      serviceCluster: 'istio-proxy',
      drainDuration: '45s',
      parentShutdownDuration: '1m0s',
      proxyAdminPort: 15000,
      concurrency: g.proxy.concurrency,
      tracing,
      ...(g.proxy.envoyStatsd.enabled ? { statsdUdpAddress: `${g.proxy.envoyStatsd.host}:${g.proxy.envoyStatsd.port}` } : {}),
      ...(g.proxy.envoyMetricsService.enabled
        ? { envoyMetricsServiceAddress: `${g.proxy.envoyMetricsService.host}:${g.proxy.envoyMetricsService.port}` } : {}),
      controlPlaneAuthPolicy: secure ? 'MUTUAL_TLS' : 'NONE',
      discoveryAddress: `istio-pilot.${ns}:${secure ? PILOT_PORT.mtls : PILOT_PORT.plain}`,
    },
  };
}

/** The `istio` ConfigMap: the mesh configuration and the mesh networks (Split Horizon EDS). */
export class MeshConfigMap extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    if (!config.values.pilot.enabled) return;
    const yaml = (o: object) => dump(o, { lineWidth: -1, noRefs: true });
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: nsMeta(config, 'istio', appLabels(config, 'istio')),
      data: {
        mesh: yaml(meshConfig(config)),
        meshNetworks: yaml({ networks: { ...config.values.global.meshNetworks } }),
      },
    });
  }
}

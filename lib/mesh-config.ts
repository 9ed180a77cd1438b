/**
 * The mesh configuration (ConfigMap `istio`): what Pilot, Mixer, Galley and every sidecar read about the mesh
 * (Mixer and Pilot addresses, access logs, tracing, mutual TLS towards the control plane...).
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { payloadYaml } from './payload-yaml';
import { sinceVersion } from './chart/versions';
import { chartAppName, goText, reread, truthy } from './helm-text';
import { chartLabels, nsMeta } from './meta';
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

/**
 * Istio's `MeshConfig`, as the chart writes it. The chart prints most values unquoted, so each holds what YAML reads
 * back from the printed text ({@link unquoted}): an empty string is a null, a `--set-string` "true" a boolean.
 */
export interface MeshConfig {
  readonly disablePolicyChecks: boolean;
  /** Sidecars reach istio-telemetry through a STRICT_DNS cluster (since 1.2.6, with `mixer.telemetry.sessionAffinityEnabled`). */
  readonly sidecarToTelemetrySessionAffinity?: boolean;
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
  readonly localityLbSetting: Record<string, unknown> | null;
  readonly rootNamespace: string;
  /** Where services, virtual services and destination rules are visible by default (`global.defaultConfigVisibilitySettings`). */
  readonly defaultServiceExportTo?: string[];
  readonly defaultVirtualServiceExportTo?: string[];
  readonly defaultDestinationRuleExportTo?: string[];
  readonly configSources?: Array<{ readonly address: string; readonly tlsSettings?: { readonly mode: 'ISTIO_MUTUAL' } }>;
  readonly defaultConfig: ProxyConfig;
}


/** Mixer's gRPC port, and the port it serves over mutual TLS. */
const MIXER_PORT = { plain: 9091, mtls: 15004 };
/** Pilot's xDS port, and the port it serves over mutual TLS. */
const PILOT_PORT = { plain: 15010, mtls: 15011 };

/**
 * What YAML reads back from `key: {{ v }}`, typed as the chart's value: it differs from `v` only when a user sets
 * a string that reads as another type (or an empty one, which reads as null).
 */
function unquoted<T>(v: T): T {
  return reread(v) as unknown as T;
}

/** The tracer the proxies report to (`global.proxy.tracer`); any other tracer name writes no `tracing`. */
function tracing(config: IstioConfig): ProxyConfig['tracing'] {
  const g = config.values.global;
  const t = g.tracer;
  switch (g.proxy.tracer as string) {
    case 'lightstep':
      return {
        lightstep: {
          address: unquoted(t.lightstep.address),
          accessToken: unquoted(t.lightstep.accessToken),
          secure: unquoted(t.lightstep.secure),
          cacertPath: unquoted(t.lightstep.cacertPath),
        },
      };
    case 'zipkin': {
      const address = truthy(t.zipkin.address) ? unquoted(t.zipkin.address)
        : truthy(g.remoteZipkinAddress) ? unquoted(`${goText(g.remoteZipkinAddress)}:9411`)
          : `zipkin.${config.namespace}:9411`;
      return { zipkin: { address } };
    }
    case 'datadog':
      return { datadog: { address: unquoted(t.datadog.address) } };
    default:
      return undefined;
  }
}

/** The Mixer servers of the mesh: this cluster's Mixers, or on a remote cluster the primary's (by address or Service). */
function mixerServers(config: IstioConfig): Pick<MeshConfig, 'mixerCheckServer' | 'mixerReportServer'> {
  const v = config.values;
  const g = v.global;
  const ns = config.namespace;
  if (truthy(g.istioRemote)) {
    const remote = (name: string, address: unknown) => (truthy(g.createRemoteSvcEndpoints) ? `${name}.${ns}:15004` : unquoted(`${goText(address)}:15004`));
    return {
      ...(truthy(g.remotePolicyAddress) ? { mixerCheckServer: remote('istio-policy', g.remotePolicyAddress) } : {}),
      ...(truthy(g.remoteTelemetryAddress) ? { mixerReportServer: remote('istio-telemetry', g.remoteTelemetryAddress) } : {}),
    };
  }
  const port = truthy(g.controlPlaneSecurityEnabled) ? MIXER_PORT.mtls : MIXER_PORT.plain;
  const local = (name: string) => unquoted(`${name}.${ns}.svc.${goText(g.proxy.clusterDomain)}:${port}`);
  return {
    ...(truthy(v.mixer.policy.enabled) ? { mixerCheckServer: local('istio-policy') } : {}),
    ...(truthy(v.mixer.telemetry.enabled) ? { mixerReportServer: local('istio-telemetry') } : {}),
  };
}

/** Where the proxies find Pilot: this cluster's, or on a remote cluster the primary's address (or its local Service). */
function discoveryAddress(config: IstioConfig): string {
  const g = config.values.global;
  const service = `istio-pilot.${config.namespace}`;
  const port = truthy(g.controlPlaneSecurityEnabled) ? PILOT_PORT.mtls : PILOT_PORT.plain;
  const host = truthy(g.remotePilotCreateSvcEndpoint) || truthy(g.createRemoteSvcEndpoints) || !truthy(g.remotePilotAddress)
    ? service : goText(g.remotePilotAddress);
  return unquoted(`${host}:${port}`);
}

/** The mesh configuration the values describe (the chart's `templates/configmap.yaml`). */
export function meshConfig(config: IstioConfig): MeshConfig {
  const v = config.values;
  const g = v.global;
  const ns = config.namespace;
  const secure = truthy(g.controlPlaneSecurityEnabled);
  const policy = truthy(v.mixer.policy.enabled);
  const visibility = truthy(g.defaultConfigVisibilitySettings) ? (g.defaultConfigVisibilitySettings ?? []).map(goText) : undefined;
  const statsd = g.proxy.envoyStatsd;
  const metricsService = g.proxy.envoyMetricsService;
  const tracer = tracing(config);
  return {
    // Without the policy Mixer there is nobody to check with.
    disablePolicyChecks: policy ? unquoted(g.disablePolicyChecks) : true,
    ...(sinceVersion(config.version, 'mesh-telemetry-session-affinity') && truthy(v.mixer.telemetry.sessionAffinityEnabled)
      ? { sidecarToTelemetrySessionAffinity: unquoted(v.mixer.telemetry.sessionAffinityEnabled) } : {}),
    enableTracing: unquoted(g.enableTracing),
    accessLogFile: goText(g.proxy.accessLogFile),
    accessLogFormat: goText(g.proxy.accessLogFormat),
    accessLogEncoding: goText(g.proxy.accessLogEncoding) as MeshConfig['accessLogEncoding'],
    ...mixerServers(config),
    ...(policy || (truthy(g.istioRemote) && truthy(g.remotePolicyAddress)) ? { policyCheckFailOpen: unquoted(g.policyCheckFailOpen) } : {}),
    // Pilot gives Kubernetes ingresses the ingress gateway's public IP.
    ...(truthy(v.gateways.enabled) ? { ingressService: 'istio-ingressgateway' } : {}),
    connectTimeout: '10s',
    dnsRefreshRate: unquoted(g.proxy.dnsRefreshRate),
    sdsUdsPath: unquoted(g.sds.udsPath),
    enableSdsTokenMount: unquoted(g.sds.useTrustworthyJwt),
    sdsUseK8sSaJwt: unquoted(g.sds.useNormalJwt),
    trustDomain: unquoted(g.trustDomain),
    outboundTrafficPolicy: { mode: unquoted(g.outboundTrafficPolicy.mode) },
    localityLbSetting: g.localityLbSetting === undefined || g.localityLbSetting === null ? null : { ...g.localityLbSetting },
    rootNamespace: truthy(g.configRootNamespace) ? unquoted(g.configRootNamespace as string) : ns,
    ...(visibility ? { defaultServiceExportTo: visibility, defaultVirtualServiceExportTo: visibility, defaultDestinationRuleExportTo: visibility } : {}),
    ...(truthy(g.useMCP) ? {
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
      concurrency: unquoted(g.proxy.concurrency),
      ...(tracer ? { tracing: tracer } : {}),
      ...(truthy(statsd.enabled) ? { statsdUdpAddress: unquoted(`${goText(statsd.host)}:${goText(statsd.port)}`) } : {}),
      ...(truthy(metricsService.enabled)
        ? { envoyMetricsServiceAddress: unquoted(`${goText(metricsService.host)}:${goText(metricsService.port)}`) } : {}),
      controlPlaneAuthPolicy: secure ? 'MUTUAL_TLS' : 'NONE',
      discoveryAddress: discoveryAddress(config),
    },
  };
}

/**
 * The `istio` ConfigMap: the mesh configuration and the mesh networks (Split Horizon EDS). The chart writes it when
 * Pilot is installed, and on a remote cluster, whose sidecars read it too.
 */
export class MeshConfigMap extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const v = config.values;
    if (!truthy(v.pilot.enabled) && !truthy(v.global.istioRemote)) return;
    const networks = truthy(v.global.meshNetworks) ? v.global.meshNetworks : {};
    const name = chartAppName('istio', v as { nameOverride?: unknown });
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: nsMeta(config, 'istio', { app: name, ...chartLabels(config, 'istio') }),
      data: {
        mesh: payloadYaml(meshConfig(config)),
        meshNetworks: payloadYaml({ networks }),
      },
    });
  }
}

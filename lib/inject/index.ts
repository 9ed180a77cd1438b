/**
 * Synth-time sidecar injection for users' workloads: `injectSidecars(chart, ...)` in a cdk8s app, or
 * `cdk8s-istio inject --filename FILE` like `istioctl kube-inject -f FILE`.
 */
import { ApiObject, Chart } from 'cdk8s';
import { injectorValues } from '../injector-values';
import { IstioProps, resolveOptions } from '../options';
import { demoValues, IstioValues } from '../values';
import { InjectionSettings, installationInjectionSettings, injectManifest, ProxyConfigData } from './kube-inject';

export * from './kube-inject';
export * from './go-template';

/** Parameters of manual injection, as `istioctl kube-inject` takes them. Each overrides the values or mesh default. */
export interface KubeInjectParams {
  /** Registry of the proxy images. @default 'docker.io/istio' */
  readonly hub?: string;
  /** Tag of the proxy images. @default '1.2.2' */
  readonly tag?: string;
  /** @default 'IfNotPresent' */
  readonly imagePullPolicy?: 'IfNotPresent' | 'Always' | 'Never';
  /** How inbound traffic reaches Envoy. @default 'REDIRECT' */
  readonly interceptionMode?: 'REDIRECT' | 'TPROXY';
  /** Add the init container that enables core dumps. @default false */
  readonly enableCoreDump?: boolean;
  /** Run the proxy privileged. @default false */
  readonly privileged?: boolean;
  /** Outbound IP ranges redirected to Envoy. @default '*' */
  readonly includeIPRanges?: string;
  /** Outbound IP ranges not redirected. @default '' */
  readonly excludeIPRanges?: string;
  /** Inbound ports redirected to Envoy. @default '*' */
  readonly includeInboundPorts?: string;
  /** Inbound ports not redirected. @default '' */
  readonly excludeInboundPorts?: string;
  /** KubeVirt interfaces whose traffic is redirected. @default '' */
  readonly kubevirtInterfaces?: string;
  /** The proxy's status (readiness) port; 0 disables the readiness probe. @default 15020 */
  readonly statusPort?: number;
  /** @default 1 */
  readonly readinessInitialDelaySeconds?: number;
  /** @default 2 */
  readonly readinessPeriodSeconds?: number;
  /** @default 30 */
  readonly readinessFailureThreshold?: number;
  /** DNS search domains added to the pod (may hold templates). @default - none */
  readonly podDNSSearchNamespaces?: string[];
  /** Drain, parent-shutdown and connect timeouts, as a Go duration (`10s`). @default - 45s, 1m0s and 1s */
  readonly duration?: string;
  /** Let the sidecar take over the application's HTTP probes (they still work under mutual TLS). @default false */
  readonly rewriteAppHTTPProbe?: boolean;
}

/**
 * Istio's own defaults for manual injection when no installation is named: the chart's `values.yaml` proxy settings
 * and Istio's default mesh config (what the 1.2.2 kube-inject golden files were made with).
 */
export function defaultInjectionSettings(params: KubeInjectParams = {}): InjectionSettings {
  const base = demoValues();
  const hub = params.hub ?? 'docker.io/istio';
  const tag = params.tag ?? '1.2.2';
  const values: IstioValues = {
    ...base,
    global: {
      ...base.global,
      hub,
      tag,
      imagePullPolicy: params.imagePullPolicy ?? 'IfNotPresent',
      proxy_init: { image: `${hub}/proxy_init:${tag}` },
      proxy: {
        ...base.global.proxy,
        image: `${hub}/proxyv2:${tag}`,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
        tracer: '' as never,
        enableCoreDump: params.enableCoreDump ?? false,
        privileged: params.privileged ?? false,
        includeIPRanges: params.includeIPRanges ?? '*',
        excludeIPRanges: params.excludeIPRanges ?? '',
        includeInboundPorts: params.includeInboundPorts ?? '*',
        excludeInboundPorts: params.excludeInboundPorts ?? '',
        kubevirtInterfaces: params.kubevirtInterfaces ?? '',
        statusPort: params.statusPort ?? 15020,
        readinessInitialDelaySeconds: params.readinessInitialDelaySeconds ?? 1,
        readinessPeriodSeconds: params.readinessPeriodSeconds ?? 2,
        readinessFailureThreshold: params.readinessFailureThreshold ?? 30,
      },
    },
  };
  const tree = injectorValues({
    ...values,
    sidecarInjectorWebhook: { ...values.sidecarInjectorWebhook, rewriteAppHTTPProbe: params.rewriteAppHTTPProbe ?? false },
  }) as Record<string, any>;
  if (params.podDNSSearchNamespaces?.length) tree.global.podDNSSearchNamespaces = params.podDNSSearchNamespaces;
  const proxyConfig: ProxyConfigData = {
    configPath: '/etc/istio/proxy',
    binaryPath: '/usr/local/bin/envoy',
    drainDuration: params.duration ?? '45s',
    parentShutdownDuration: params.duration ?? '1m0s',
    connectTimeout: params.duration ?? '1s',
    discoveryAddress: 'istio-pilot:15010',
    proxyAdminPort: 15000,
    concurrency: 0,
    controlPlaneAuthPolicy: 'NONE',
    interceptionMode: params.interceptionMode ?? 'REDIRECT',
    tracing: { zipkin: { address: 'zipkin.istio-system:9411' } },
  };
  return { values: tree, proxyConfig };
}

export interface InjectSidecarsOptions {
  /**
   * The installation the workloads join: its props (the same as the `Istio` construct's), so that the sidecars
   * agree with the control plane (hub, tag, mode, mesh config).
   * @default - the demo installation (`new Istio(app, 'istio')`)
   */
  readonly props?: IstioProps;
}

/**
 * Inject the Istio 1.2.2 sidecar into every workload of a chart (Deployments, StatefulSets, DaemonSets, ReplicaSets,
 * ReplicationControllers, Jobs, CronJobs, Pods, Lists), honouring the injection annotations, as
 * `istioctl kube-inject` would with the installation's injector configuration. Workloads on the host network and
 * already injected ones are left alone. Call it after the chart's workloads are defined.
 */
export function injectSidecars(chart: Chart, options: InjectSidecarsOptions = {}): void {
  const settings = installationInjectionSettings(resolveOptions(options.props ?? {}));
  for (const o of chart.node.findAll()) {
    if (!(o instanceof ApiObject) || Chart.of(o) !== chart) continue;
    // The sidecar is added to the object's final manifest, when the chart is synthesized: the L1 classes convert
    // their props on the way out, so the injection works on what they write, not on their props.
    const render = o.toJson.bind(o);
    injectManifest(render(), settings); // eagerly, so that a bad annotation fails here, naming the workload
    o.toJson = () => injectManifest(render(), settings);
  }
}

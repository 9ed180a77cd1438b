/**
 * Synth-time sidecar injection for users' workloads: `injectSidecars(chart, ...)` in a cdk8s app, or
 * `cdk8s-istio inject --filename FILE` like `istioctl kube-inject -f FILE`.
 */
import { DEFAULT_ISTIO_VERSION, IstioVersion } from '../chart/versions';
import { ApiObject, Chart } from 'cdk8s';
import { injectorValues } from '../injector-values';
import { IstioProps, resolveOptions } from '../options';
import { demoValues, IstioValues } from '../values';
import { InjectionError, InjectionSettings, installationInjectionSettings, injectManifest, ProxyConfigData } from './kube-inject';
import { applyParams, KubeInjectParams, kubeInjectParamProblems } from './params';

export * from './kube-inject';
export * from './go-template';
export { KUBE_INJECT_FLAGS, kubeInjectParamProblems, parseGoDuration, formatGoDuration } from './params';
export type { KubeInjectParams } from './params';

/**
 * Istio's own defaults for manual injection when no installation is named: the chart's `values.yaml` proxy settings
 * and Istio's default mesh config (what the 1.2.2 kube-inject golden files were made with).
 */
export function defaultInjectionSettings(params: KubeInjectParams = {}, version: IstioVersion = DEFAULT_ISTIO_VERSION): InjectionSettings {
  validateKubeInjectParams(params);
  const base = demoValues();
  const hub = 'docker.io/istio';
  // The injection template is the same in every 1.2 patch release; the proxy images follow the release.
  const tag: string = version;
  const values: IstioValues = {
    ...base,
    global: {
      ...base.global,
      hub,
      tag,
      imagePullPolicy: 'IfNotPresent',
      proxy_init: { image: `${hub}/proxy_init:${tag}` },
      proxy: {
        ...base.global.proxy,
        image: `${hub}/proxyv2:${tag}`,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
        tracer: '' as never,
        enableCoreDump: false,
        privileged: false,
        includeIPRanges: '*',
        excludeIPRanges: '',
        includeInboundPorts: '*',
        excludeInboundPorts: '',
        kubevirtInterfaces: '',
        statusPort: 15020,
        readinessInitialDelaySeconds: 1,
        readinessPeriodSeconds: 2,
        readinessFailureThreshold: 30,
      },
    },
  };
  const tree = injectorValues({
    ...values,
    sidecarInjectorWebhook: { ...values.sidecarInjectorWebhook, rewriteAppHTTPProbe: false },
  }) as Record<string, any>;
  const proxyConfig: ProxyConfigData = {
    configPath: '/etc/istio/proxy',
    binaryPath: '/usr/local/bin/envoy',
    drainDuration: '45s',
    parentShutdownDuration: '1m0s',
    connectTimeout: '1s',
    discoveryAddress: 'istio-pilot:15010',
    proxyAdminPort: 15000,
    concurrency: 0,
    controlPlaneAuthPolicy: 'NONE',
    interceptionMode: 'REDIRECT',
    tracing: { zipkin: { address: 'zipkin.istio-system:9411' } },
  };
  return applyParams({ values: tree, proxyConfig }, params);
}

/** Refuse parameters Istio would refuse or that would make a broken pod, naming each (`statusPort: got ...`). */
export function validateKubeInjectParams(params: KubeInjectParams): void {
  const problems = kubeInjectParamProblems(params);
  if (problems.length) throw new InjectionError(problems.join('; '));
}

/**
 * Injection settings with manual-injection parameters on top: each given parameter wins over the settings' own
 * value (e.g. an installation's, from {@link installationInjectionSettings}); the others are kept.
 */
export function withKubeInjectParams(settings: InjectionSettings, params: KubeInjectParams): InjectionSettings {
  validateKubeInjectParams(params);
  return applyParams(settings, params);
}

export interface InjectSidecarsOptions {
  /**
   * The installation the workloads join: its props (the same as the `Istio` construct's), so that the sidecars
   * agree with the control plane (hub, tag, mode, mesh config).
   * @default - the demo installation (`new Istio(app, 'istio')`)
   */
  readonly props?: IstioProps;
  /**
   * Manual-injection parameters on top of the installation's settings (as the `inject` command's flags).
   * @default - the installation's settings
   */
  readonly params?: KubeInjectParams;
}

/**
 * Inject the Istio 1.2.2 sidecar into every workload of a chart (Deployments, StatefulSets, DaemonSets, ReplicaSets,
 * ReplicationControllers, Jobs, CronJobs, Pods, Lists), honouring the injection annotations, as
 * `istioctl kube-inject` would with the installation's injector configuration. Workloads on the host network and
 * already injected ones are left alone. Call it after the chart's workloads are defined.
 */
export function injectSidecars(chart: Chart, options: InjectSidecarsOptions = {}): void {
  const installation = installationInjectionSettings(resolveOptions(options.props ?? {}));
  const settings = options.params ? withKubeInjectParams(installation, options.params) : installation;
  for (const o of chart.node.findAll()) {
    if (!(o instanceof ApiObject) || Chart.of(o) !== chart) continue;
    // The sidecar is added to the object's final manifest, when the chart is synthesized: the L1 classes convert
    // their props on the way out, so the injection works on what they write, not on their props.
    const render = o.toJson.bind(o);
    injectManifest(render(), settings); // eagerly, so that a bad annotation fails here, naming the workload
    o.toJson = () => injectManifest(render(), settings);
  }
}

/**
 * The gateways (the chart's `gateways` subchart): standalone Envoy proxies at the mesh's edge. Every enabled gateway
 * of `values.gateways`, the built-in ingress, egress and ILB gateways or one of the user's under any name, gets a
 * ServiceAccount, a Service, a Deployment, an autoscaler and a disruption budget (and a Role for its SDS agent);
 * `preconfigured.yaml`'s mesh-wide Gateways, EnvoyFilter and DestinationRule follow the global switches
 * (`k8sIngress`, `meshExpansion`, `multiCluster`).
 *
 * The objects are what the chart's templates write for the same values, nulls and YAML's reading of unquoted
 * prints included (see `helm-rendered.ts`).
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { goText, truthy } from './helm-text';
import {
  asMap, chartAffinity, chartImage, chartTolerations, HelmRendered, plain, plainMap, quoted, resourcesOrDefault,
} from './helm-rendered';
import { HorizontalPodAutoscalerV2Beta1, PodDisruptionBudgetV1Beta1 } from './k8s-legacy';
import { chartLabels, ReleaseService } from './meta';
import { IstioConfig, IstioOptionError } from './options';
import { DestinationRule, EnvoyFilter, Gateway as IstioGateway } from './resources';
import { GatewaysValues, GatewayValues } from './values';

/** The built-in gateways of the chart's values (others may be added under any name). */
export const GATEWAY_NAMES = ['istio-egressgateway', 'istio-ingressgateway', 'istio-ilbgateway'] as const;
export type GatewayName = typeof GATEWAY_NAMES[number];

const CHART = 'gateways';
const ENVOY_ADMIN_PORT = '15000';
const STATUS_PORT = '15020';
const SDS_VOLUME = 'ingressgatewaysdsudspath';

const Deployment = HelmRendered(k8s.KubeDeployment);
const Service = HelmRendered(ReleaseService);
const ServiceAccount = HelmRendered(k8s.KubeServiceAccount);
const Autoscaler = HelmRendered(HorizontalPodAutoscalerV2Beta1);
const DisruptionBudget = HelmRendered(PodDisruptionBudgetV1Beta1);
const MeshGateway = HelmRendered(IstioGateway);
const MeshEnvoyFilter = HelmRendered(EnvoyFilter);

const fieldEnv = (name: string, fieldPath: string, apiVersion: string | null = 'v1'): k8s.EnvVar => ({
  name, valueFrom: { fieldRef: { ...(apiVersion ? { apiVersion } : {}), fieldPath } },
});

const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `range` over a list, or over a map's values in key order. */
function rangeValues(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  const m = asMap(v);
  return Object.keys(m).sort().map((k) => m[k]);
}

/** The gateways the chart renders: every key of the subchart's values but `enabled` whose `enabled` is true, in key order. */
export function enabledGateways(config: IstioConfig): Array<[string, GatewayValues]> {
  if (!config.subcharts.has(CHART)) return [];
  const all = config.values.gateways as GatewaysValues;
  return Object.keys(all).sort()
    .filter((name) => name !== 'enabled')
    .map((name) => [name, all[name]] as [string, unknown])
    .filter(([, spec]) => spec !== null && typeof spec === 'object' && !Array.isArray(spec) && truthy((spec as GatewayValues).enabled))
    .map(([name, spec]) => [name, spec as GatewayValues]);
}

/** What every object of one gateway is written from. */
interface GatewayContext {
  readonly config: IstioConfig;
  readonly name: string;
  readonly spec: GatewayValues;
  /** `$spec.namespace | default $.Release.Namespace`. */
  readonly namespace: any;
  /** The gateway's own labels, printed. */
  readonly labels: Record<string, any>;
}

/** Labels of a gateway's objects: the chart's labels, then the gateway's own (`app`, `istio`). */
const gatewayLabels = (c: GatewayContext) => ({ ...chartLabels(c.config, CHART), ...c.labels });
const meta = (c: GatewayContext) => ({ name: c.name, namespace: c.namespace, labels: gatewayLabels(c) });

/** A Service port: every key of the values' port map (`name`, `port`, `targetPort`, `nodePort`, `protocol`). */
function servicePort(p: unknown): k8s.ServicePort {
  const m = plainMap(p);
  const { targetPort, ...rest } = m;
  return {
    ...rest,
    ...(targetPort !== undefined
      ? { targetPort: typeof targetPort === 'number' ? k8s.IntOrString.fromNumber(targetPort) : k8s.IntOrString.fromString(String(targetPort)) } : {}),
  } as k8s.ServicePort;
}

function withoutNodePort(p: k8s.ServicePort): k8s.ServicePort {
  const { nodePort: _dropped, ...rest } = p;
  return rest;
}

/**
 * The Service of a gateway, e.g. `istio-ingressgateway`: its type, ports (and the mesh expansion ports when
 * `global.meshExpansion.enabled`), load balancer IP and source ranges, external IPs, external traffic policy and
 * annotations from the gateway's values (`IstioProps.ingressGateway` writes them there).
 */
function gatewayService(scope: Construct, c: GatewayContext) {
  const { spec, config } = c;
  const annotations = asMap(spec.serviceAnnotations);
  const ports = [
    ...rangeValues(spec.ports),
    ...(truthy(config.values.global.meshExpansion.enabled) ? rangeValues(spec.meshExpansionPorts) : []),
  ];
  const svc = new Service(scope, 'service', {
    metadata: {
      ...meta(c),
      ...(Object.keys(annotations).length ? { annotations: Object.fromEntries(Object.keys(annotations).sort().map((k) => [k, quoted(annotations[k])])) } : {}),
    },
    spec: {
      ...(truthy(spec.loadBalancerIP) ? { loadBalancerIp: quoted(spec.loadBalancerIP) } : {}),
      ...(truthy(spec.loadBalancerSourceRanges) ? { loadBalancerSourceRanges: spec.loadBalancerSourceRanges } : {}),
      ...(truthy(spec.externalTrafficPolicy) ? { externalTrafficPolicy: plain(spec.externalTrafficPolicy) } : {}),
      ...(truthy(spec.externalIPs) ? { externalIPs: spec.externalIPs } : {}),
      type: plain(spec.type),
      selector: { release: c.config.release, ...c.labels },
      // A ClusterIP Service has no node ports: the chart keeps them and Kubernetes refuses the Service
      // (istio/istio#14584), so they are dropped here, knowingly unlike the chart.
      ports: ports.map(servicePort).map((p) => (plain(spec.type) === 'ClusterIP' ? withoutNodePort(p) : p)),
    },
  });
  // `toYaml` of what the user wrote, which may be a map rather than a list.
  for (const key of ['loadBalancerSourceRanges', 'externalIPs'] as const) {
    const v = spec[key] as unknown;
    if (truthy(v) && !Array.isArray(v)) svc.finish.push((json) => { json.spec[key] = structuredClone(v); });
  }
  if (ports.length === 0) svc.finish.push((json) => { json.spec.ports = null; });
}

/** The `istio-proxy` router container of a gateway. */
function routerContainer(c: GatewayContext): k8s.Container {
  const { config, spec, name } = c;
  const g = config.values.global;
  const secure = truthy(g.controlPlaneSecurityEnabled);
  const istioNamespace = g.istioNamespace;
  const sds = truthy(spec.sds) && truthy(asMap(spec.sds).enabled);
  const pilot = (port: number) => plain(truthy(istioNamespace) ? `istio-pilot.${goText(istioNamespace)}:${port}` : `istio-pilot:${port}`);
  const zipkin = truthy(g.tracer.zipkin.address) ? plain(g.tracer.zipkin.address)
    : truthy(istioNamespace) ? plain(`zipkin.${goText(istioNamespace)}:9411`) : 'zipkin:9411';
  const args = [
    'proxy', 'router',
    '--domain', plain(`$(POD_NAMESPACE).svc.${goText(g.proxy.clusterDomain)}`),
    ...(truthy(g.proxy.logLevel) ? [plain(`--proxyLogLevel=${goText(g.proxy.logLevel)}`)] : []),
    ...(truthy(g.proxy.componentLogLevel) ? [plain(`--proxyComponentLogLevel=${goText(g.proxy.componentLogLevel)}`)] : []),
    ...(truthy(g.logging.level) ? [plain(`--log_output_level=${goText(g.logging.level)}`)] : []),
    '--drainDuration', '45s',
    '--parentShutdownDuration', '1m0s',
    '--connectTimeout', '10s',
    '--serviceCluster', plain(name),
    '--zipkinAddress', zipkin,
    ...(truthy(g.proxy.envoyStatsd.enabled)
      ? ['--statsdUdpAddress', plain(`${goText(g.proxy.envoyStatsd.host)}:${goText(g.proxy.envoyStatsd.port)}`)] : []),
    ...(truthy(g.proxy.envoyMetricsService.enabled)
      ? ['--envoyMetricsServiceAddress', plain(`${goText(g.proxy.envoyMetricsService.host)}:${goText(g.proxy.envoyMetricsService.port)}`)] : []),
    '--proxyAdminPort', ENVOY_ADMIN_PORT,
    '--statusPort', STATUS_PORT,
    '--controlPlaneAuthPolicy', secure ? 'MUTUAL_TLS' : 'NONE',
    '--discoveryAddress', secure ? pilot(15011) : pilot(15010),
    // The chart passes the application ports only on the plain-text control plane path.
    ...(!secure && truthy(spec.applicationPorts) ? ['--applicationPorts', quoted(spec.applicationPorts)] : []),
    ...(truthy(g.trustDomain) ? [plain(`--trust-domain=${goText(g.trustDomain)}`)] : []),
  ];
  const env = asMap(spec.env);
  const envVars: k8s.EnvVar[] = [
    fieldEnv('NODE_NAME', 'spec.nodeName'),
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    fieldEnv('ISTIO_META_POD_NAME', 'metadata.name'),
    fieldEnv('ISTIO_META_CONFIG_NAMESPACE', 'metadata.namespace', null),
    ...(sds ? [{ name: 'ISTIO_META_USER_SDS', value: 'true' }] : []),
    ...Object.keys(env).sort().map((k) => ({ name: plain(k), value: plain(env[k]) })),
  ];
  const globalSds = truthy(g.sds.enabled);
  const volumeMounts: k8s.VolumeMount[] = [
    ...(globalSds ? [
      { name: 'sdsudspath', mountPath: '/var/run/sds', readOnly: true },
      ...(truthy(g.sds.useTrustworthyJwt) ? [{ name: 'istio-token', mountPath: '/var/run/secrets/tokens' }] : []),
    ] : []),
    ...(sds ? [{ name: SDS_VOLUME, mountPath: '/var/run/ingress_gateway' }] : []),
    { name: 'istio-certs', mountPath: '/etc/certs', readOnly: true },
    ...rangeValues(spec.secretVolumes).map(asMap).map((v) => ({ name: plain(v.name), mountPath: quoted(v.mountPath), readOnly: true })),
  ];
  return {
    name: 'istio-proxy',
    image: chartImage(config, g.proxy.image),
    imagePullPolicy: plain(g.imagePullPolicy),
    ports: [
      ...rangeValues(spec.ports).map((p) => ({ containerPort: plain(asMap(p).port) })),
      { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
    ],
    args,
    readinessProbe: {
      failureThreshold: 30,
      httpGet: { path: '/healthz/ready', port: k8s.IntOrString.fromNumber(Number(STATUS_PORT)), scheme: 'HTTP' },
      initialDelaySeconds: 1,
      periodSeconds: 2,
      successThreshold: 1,
      timeoutSeconds: 1,
    },
    resources: resourcesOrDefault(config, spec.resources),
    env: envVars,
    volumeMounts,
  };
}

/** The SDS agent that serves the ingress gateway's certificates from Kubernetes Secrets (when `sds.enabled`). */
function sdsContainer(c: GatewayContext): k8s.Container[] {
  const sds = asMap(c.spec.sds);
  if (!truthy(c.spec.sds) || !truthy(sds.enabled)) return [];
  return [{
    name: 'ingress-sds',
    image: chartImage(c.config, sds.image),
    imagePullPolicy: plain(c.config.values.global.imagePullPolicy),
    resources: resourcesOrDefault(c.config, sds.resources),
    env: [
      { name: 'ENABLE_WORKLOAD_SDS', value: 'false' },
      { name: 'ENABLE_INGRESS_GATEWAY_SDS', value: 'true' },
      fieldEnv('INGRESS_GATEWAY_NAMESPACE', 'metadata.namespace'),
    ],
    volumeMounts: [{ name: SDS_VOLUME, mountPath: '/var/run/ingress_gateway' }],
  }];
}

function gatewayDeployment(scope: Construct, c: GatewayContext) {
  const { config, spec, name } = c;
  const g = config.values.global;
  const sds = truthy(spec.sds) && truthy(asMap(spec.sds).enabled);
  const volumes: k8s.Volume[] = [
    ...(sds ? [{ name: SDS_VOLUME, emptyDir: {} }] : []),
    ...(truthy(g.sds.enabled) ? [
      { name: 'sdsudspath', hostPath: { path: '/var/run/sds' } },
      ...(truthy(g.sds.useTrustworthyJwt) ? [{
        name: 'istio-token',
        projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: plain(g.trustDomain) } }] },
      }] : []),
    ] : []),
    { name: 'istio-certs', secret: { secretName: plain(`istio.${name}-service-account`), optional: true } },
    ...rangeValues(spec.secretVolumes).map(asMap).map((v) => ({ name: plain(v.name), secret: { secretName: quoted(v.secretName), optional: true } })),
    ...rangeValues(spec.configVolumes).map(asMap).map((v) => ({ name: plain(v.name), configMap: { name: quoted(v.configMapName), optional: true } })),
  ];
  const coreDump: k8s.Container[] = truthy(g.proxy.enableCoreDump) ? [{
    name: 'enable-core-dump',
    image: chartImage(config, g.proxy_init.image),
    imagePullPolicy: plain(g.imagePullPolicy),
    command: ['/bin/sh'],
    args: ['-c', 'sysctl -w kernel.core_pattern=/var/lib/istio/core.proxy && ulimit -c unlimited'],
    securityContext: { privileged: true },
  }] : [];
  const { affinity, finish } = chartAffinity(config, spec);
  const tolerations = chartTolerations(config, spec.tolerations);
  const podAnnotations = truthy(spec.podAnnotations) ? asMap(spec.podAnnotations) : {};
  const deployment = new Deployment(scope, 'deployment', {
    metadata: meta(c),
    spec: {
      // With autoscaling the HPA owns the replica count.
      ...(truthy(spec.autoscaleEnabled) ? {} : { replicas: truthy(spec.replicaCount) ? plain(spec.replicaCount) : 1 }),
      selector: { matchLabels: c.labels },
      template: {
        metadata: { labels: gatewayLabels(c), annotations: { 'sidecar.istio.io/inject': 'false', ...podAnnotations } },
        spec: {
          serviceAccountName: plain(`${name}-service-account`),
          ...(truthy(g.priorityClassName) ? { priorityClassName: quoted(g.priorityClassName) } : {}),
          ...(coreDump.length ? { initContainers: coreDump } : {}),
          containers: [...sdsContainer(c), routerContainer(c)],
          volumes,
          affinity,
          ...(tolerations ? { tolerations } : {}),
        },
      },
    },
  });
  deployment.finish.push(...finish);
  if (Object.keys(c.labels).length === 0) deployment.finish.push((json) => { json.spec.selector.matchLabels = null; });
  // `toYaml` of the user's containers, as written, after the router.
  const extra = spec.additionalContainers as unknown;
  if (truthy(extra)) {
    deployment.finish.push((json) => {
      const list = json.spec.template.spec.containers as unknown[];
      if (Array.isArray(extra)) list.push(...structuredClone(extra));
      else list.push(structuredClone(extra));
    });
  }
}

/** One gateway's objects. */
export class Gateway extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig, name: string, spec: GatewayValues) {
    super(scope, id);
    // Where Helm stops with a nil pointer, refuse with the path instead.
    const at = `values.gateways.${name}`;
    if (!isMap(spec.labels)) {
      throw new IstioOptionError(`${at}.labels`, spec.labels, 'a map of labels (the chart\'s templates read labels.app)').at(this.node.path);
    }
    if (truthy(spec.autoscaleEnabled) && truthy(spec.autoscaleMin) && truthy(spec.autoscaleMax) && !isMap(spec.cpu)) {
      throw new IstioOptionError(`${at}.cpu`, spec.cpu, 'a map with targetAverageUtilization (the autoscaler reads it)').at(this.node.path);
    }
    const c: GatewayContext = {
      config, name, spec,
      namespace: plain(truthy(spec.namespace) ? spec.namespace : config.namespace),
      labels: plainMap(spec.labels),
    };
    const g = config.values.global;
    new ServiceAccount(this, 'service-account', {
      metadata: {
        name: plain(`${name}-service-account`),
        namespace: c.namespace,
        labels: { app: plain(asMap(spec.labels).app), ...chartLabels(config, CHART) },
      },
      ...(truthy(g.imagePullSecrets) ? { imagePullSecrets: rangeValues(g.imagePullSecrets).map((s) => ({ name: plain(s) })) } : {}),
    });
    // The chart's condition `if ($spec.sds) and (...)` is true whenever the gateway has a non-empty `sds` map (Go 1.10's
    // templates ignored the rest), so the release has this Role for the ingress gateway although its SDS agent is off.
    // It is in the release namespace even when the gateway has its own.
    if (truthy(spec.sds)) {
      const ns = config.namespace;
      new k8s.KubeRole(this, 'sds-role', {
        metadata: { name: `${name}-sds`, namespace: ns },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
      });
      new k8s.KubeRoleBinding(this, 'sds-role-binding', {
        metadata: { name: `${name}-sds`, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-sds` },
        subjects: [{ kind: 'ServiceAccount', name: `${name}-service-account` }],
      });
    }
    gatewayService(this, c);
    gatewayDeployment(this, c);
    if (truthy(spec.autoscaleEnabled) && truthy(spec.autoscaleMin) && truthy(spec.autoscaleMax)) {
      new Autoscaler(this, 'autoscaler', {
        metadata: meta(c),
        spec: {
          maxReplicas: plain(spec.autoscaleMax),
          minReplicas: plain(spec.autoscaleMin),
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: plain(name) },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: plain(asMap(spec.cpu).targetAverageUtilization) } }],
        },
      });
    }
    if (truthy(g.defaultPodDisruptionBudget.enabled)) {
      new DisruptionBudget(this, 'disruption-budget', {
        metadata: meta(c),
        spec: { minAvailable: 1, selector: { matchLabels: { release: config.release, ...c.labels } } },
      });
    }
  }
}

/** The labels of a built-in gateway when it is enabled: what the preconfigured objects select. */
function selectorOf(config: IstioConfig, name: GatewayName): Record<string, any> | undefined {
  const spec = (config.values.gateways as GatewaysValues)[name] as GatewayValues | undefined;
  if (!spec || !truthy(spec.enabled)) return undefined;
  const labels = plainMap(spec.labels);
  return Object.keys(labels).length ? labels : undefined;
}

const ANY_HOST = ['*'];
const MESH_EXPANSION_SERVERS = [
  { port: { number: 15011, protocol: 'TCP' as const, name: 'tcp-pilot' }, hosts: ANY_HOST },
  { port: { number: 8060, protocol: 'TCP' as const, name: 'tcp-citadel' }, hosts: ANY_HOST },
  { port: { number: 15004, name: 'tls-mixer', protocol: 'TLS' as const }, tls: { mode: 'AUTO_PASSTHROUGH' as const }, hosts: ANY_HOST },
];
const MULTICLUSTER_SERVERS = [
  { hosts: ['*.global'], port: { name: 'tls', number: 15443, protocol: 'TLS' as const }, tls: { mode: 'AUTO_PASSTHROUGH' as const } },
];

/**
 * The chart's `preconfigured.yaml`: the Gateway of Kubernetes Ingress support (`global.k8sIngress.enabled`), the mesh
 * expansion Gateway (on the ingress gateway, or the ILB gateway with `global.meshExpansion.useILB`), and for
 * `global.multiCluster.enabled` the `*.global` Gateways on the egress and ingress gateways, the EnvoyFilter that
 * rewrites `.global` cluster names and the DestinationRule that keeps `*.global` traffic on mutual TLS. A selector
 * of a gateway that is not enabled is written empty (null), as the chart does.
 */
export class PreconfiguredGateways extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const g = config.values.global;
    const metadata = (name: string) => ({ name, namespace: config.namespace, labels: { app: CHART, ...chartLabels(config, CHART) } });
    const gateway = (cid: string, name: string, selector: Record<string, any> | undefined, servers: any[]) => {
      const o = new MeshGateway(this, cid, { metadata: metadata(name), spec: { ...(selector ? { selector } : {}), servers } });
      if (!selector) o.finish.push((json) => { json.spec.selector = null; });
    };
    const k8sIngress = asMap(g.k8sIngress);
    if (truthy(k8sIngress.enabled)) {
      gateway('k8s-ingress', 'istio-autogenerated-k8s-ingress', { istio: plain(k8sIngress.gatewayName) }, [
        { port: { number: 80, protocol: 'HTTP2', name: 'http' }, hosts: ANY_HOST },
        ...(truthy(k8sIngress.enableHttps) ? [{
          port: { number: 443, protocol: 'HTTPS', name: 'https-default' },
          tls: { mode: 'SIMPLE', serverCertificate: '/etc/istio/ingress-certs/tls.crt', privateKey: '/etc/istio/ingress-certs/tls.key' },
          hosts: ANY_HOST,
        }] : []),
      ]);
    }
    if (truthy(g.meshExpansion.enabled)) {
      if (truthy(g.meshExpansion.useILB)) gateway('mesh-expansion-ilb', 'meshexpansion-ilb-gateway', { istio: 'ilbgateway' }, MESH_EXPANSION_SERVERS);
      else gateway('mesh-expansion', 'meshexpansion-gateway', selectorOf(config, 'istio-ingressgateway'), MESH_EXPANSION_SERVERS);
    }
    if (truthy(g.multiCluster.enabled)) {
      gateway('multicluster-egress', 'istio-multicluster-egressgateway', selectorOf(config, 'istio-egressgateway'), MULTICLUSTER_SERVERS);
      const ingress = selectorOf(config, 'istio-ingressgateway');
      gateway('multicluster-ingress', 'istio-multicluster-ingressgateway', ingress, MULTICLUSTER_SERVERS);
      const filter = new MeshEnvoyFilter(this, 'multicluster-filter', {
        metadata: metadata('istio-multicluster-ingressgateway'),
        spec: {
          ...(ingress ? { workloadLabels: ingress } : {}),
          filters: [{
            listenerMatch: { portNumber: 15443, listenerType: 'GATEWAY' },
            insertPosition: { index: 'AFTER', relativeTo: 'envoy.filters.network.sni_cluster' },
            filterName: 'envoy.filters.network.tcp_cluster_rewrite',
            filterType: 'NETWORK',
            filterConfig: { cluster_pattern: '\\.global$', cluster_replacement: `.svc.${goText(g.proxy.clusterDomain)}` },
          }],
        },
      });
      if (!ingress) filter.finish.push((json) => { json.spec.workloadLabels = null; });
      new DestinationRule(this, 'multicluster-destination-rule', {
        metadata: metadata('istio-multicluster-destinationrule'),
        spec: {
          host: '*.global',
          ...(truthy(g.defaultConfigVisibilitySettings) ? { exportTo: ['*'] } : {}),
          trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        },
      });
    }
  }
}

/** The `gateways` subchart, when Helm renders it: the enabled gateways, then `preconfigured.yaml`. */
export class Gateways extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    if (!config.subcharts.has(CHART)) return;
    for (const [name, spec] of enabledGateways(config)) new Gateway(this, name, config, name, spec);
    new PreconfiguredGateways(this, 'preconfigured', config);
  }
}

/**
 * The one options tree: the Istio 1.2.2 Helm chart's values, typed.
 *
 * Every component reads its settings from here, and the sidecar injector embeds this tree (as Helm 2
 * would render `.Values`) in its ConfigMap. Keys keep the chart's own names so that a value documented
 * by Istio 1.2 can be looked up and set under the same path.
 */

/** CPU and memory quantities, as in a container's `resources`. */
export interface ResourceQuantities {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Container resource requests and limits. */
export interface ResourceValues {
  readonly requests?: ResourceQuantities;
  readonly limits?: ResourceQuantities;
}

/** A Kubernetes toleration, as written in a pod spec. */
export interface TolerationValues {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/** A label selector term for the chart's pod anti-affinity settings. */
export interface AntiAffinitySelectorValues {
  readonly key: string;
  readonly operator: string;
  readonly values: string;
  readonly topologyKey?: string;
}

/** Scheduling settings every component chart carries. */
export interface SchedulingValues {
  /** Node labels the component's pods must match. @default {} */
  readonly nodeSelector: Record<string, string>;
  /** Tolerations of the component's pods. @default [] */
  readonly tolerations: TolerationValues[];
  /** Required pod anti-affinity terms. @default [] */
  readonly podAntiAffinityLabelSelector: AntiAffinitySelectorValues[];
  /** Preferred pod anti-affinity terms. @default [] */
  readonly podAntiAffinityTermLabelSelector: AntiAffinitySelectorValues[];
}

/** Horizontal pod autoscaling of a component. */
export interface AutoscaleValues {
  /** Create a HorizontalPodAutoscaler. @default true */
  readonly autoscaleEnabled: boolean;
  /** The autoscaler's minimum replicas. @default 1 */
  readonly autoscaleMin: number;
  /** The autoscaler's maximum replicas. @default 5 */
  readonly autoscaleMax: number;
  readonly cpu: { readonly targetAverageUtilization: number };
}

/** An ingress for an addon's UI (not rendered by the demo profile). */
export interface AddonIngressValues {
  readonly enabled: boolean;
  readonly hosts: string[] | null;
  readonly annotations: Record<string, string> | null;
  readonly tls: unknown[] | null;
}

/** A port of a gateway Service. */
export interface GatewayPortValues {
  readonly name: string;
  readonly port: number;
  readonly targetPort?: number;
  readonly nodePort?: number;
}

/** A Secret mounted into a gateway. */
export interface SecretVolumeValues {
  readonly name: string;
  readonly secretName: string;
  readonly mountPath: string;
}

/** The Kubernetes Service types a gateway can use. */
export type ServiceType = 'LoadBalancer' | 'NodePort' | 'ClusterIP';
export const SERVICE_TYPES: readonly ServiceType[] = ['LoadBalancer', 'NodePort', 'ClusterIP'];

/** One gateway (ingress, egress or ILB). */
export interface GatewayValues extends Omit<SchedulingValues, 'podAntiAffinityLabelSelector' | 'podAntiAffinityTermLabelSelector'>, AutoscaleValues {
  /** Required pod anti-affinity terms (the ILB gateway's values have none). @default [] */
  readonly podAntiAffinityLabelSelector?: AntiAffinitySelectorValues[];
  /** Preferred pod anti-affinity terms. @default [] */
  readonly podAntiAffinityTermLabelSelector?: AntiAffinitySelectorValues[];
  readonly enabled: boolean;
  readonly labels: Record<string, string>;
  readonly type: ServiceType;
  readonly ports: GatewayPortValues[];
  readonly resources: ResourceValues;
  readonly secretVolumes: SecretVolumeValues[];
  readonly serviceAnnotations: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly loadBalancerIP?: string;
  readonly loadBalancerSourceRanges?: string[];
  readonly externalIPs?: string[];
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  readonly applicationPorts?: string;
  readonly meshExpansionPorts?: GatewayPortValues[];
  readonly sds?: { readonly enabled: boolean; readonly image: string; readonly resources: ResourceValues };
  readonly replicaCount?: number;
}

export interface GatewaysValues {
  readonly enabled: boolean;
  readonly 'istio-ingressgateway': GatewayValues;
  readonly 'istio-egressgateway': GatewayValues;
  readonly 'istio-ilbgateway': GatewayValues;
}

export interface ProxyValues {
  readonly image: string;
  readonly clusterDomain: string;
  readonly resources: ResourceValues;
  readonly concurrency: number;
  readonly accessLogFile: string;
  readonly accessLogFormat: string;
  readonly accessLogEncoding: 'TEXT' | 'JSON';
  readonly dnsRefreshRate: string;
  readonly privileged: boolean;
  readonly enableCoreDump: boolean;
  readonly statusPort: number;
  readonly readinessInitialDelaySeconds: number;
  readonly readinessPeriodSeconds: number;
  readonly readinessFailureThreshold: number;
  readonly includeIPRanges: string;
  readonly excludeIPRanges: string;
  readonly kubevirtInterfaces: string;
  readonly includeInboundPorts: string;
  readonly excludeInboundPorts: string;
  readonly excludeOutboundPorts: string;
  readonly autoInject: 'enabled' | 'disabled';
  readonly envoyStatsd: { readonly enabled: boolean; readonly host: string | null; readonly port: number | null };
  readonly envoyMetricsService: { readonly enabled: boolean; readonly host: string | null; readonly port: number | null };
  readonly tracer: 'zipkin' | 'lightstep' | 'datadog';
  readonly logLevel: string;
  readonly componentLogLevel: string;
}

export interface GlobalValues {
  /** Image registry of the Istio images. @default 'docker.io/istio' */
  readonly hub: string;
  /** Image tag of the Istio images. @default '1.2.2' */
  readonly tag: string;
  readonly logging: { readonly level: string };
  readonly monitoringPort: number;
  readonly k8sIngress: { readonly enabled: boolean; readonly gatewayName: string; readonly enableHttps: boolean };
  readonly proxy: ProxyValues;
  readonly proxy_init: { readonly image: string };
  readonly imagePullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  readonly controlPlaneSecurityEnabled: boolean;
  readonly disablePolicyChecks: boolean;
  readonly policyCheckFailOpen: boolean;
  readonly enableTracing: boolean;
  readonly tracer: {
    readonly lightstep: { readonly address: string; readonly accessToken: string; readonly secure: boolean; readonly cacertPath: string };
    readonly zipkin: { readonly address: string };
    readonly datadog: { readonly address: string };
  };
  readonly mtls: { readonly enabled: boolean };
  readonly arch: { readonly amd64: number; readonly s390x: number; readonly ppc64le: number };
  readonly oneNamespace: boolean;
  readonly defaultNodeSelector: Record<string, string>;
  readonly defaultTolerations: TolerationValues[];
  readonly configValidation: boolean;
  readonly meshExpansion: { readonly enabled: boolean; readonly useILB: boolean };
  readonly multiCluster: { readonly enabled: boolean };
  readonly defaultResources: ResourceValues;
  readonly defaultPodDisruptionBudget: { readonly enabled: boolean };
  readonly priorityClassName: string;
  readonly useMCP: boolean;
  readonly trustDomain: string;
  readonly outboundTrafficPolicy: { readonly mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
  readonly sds: { readonly enabled: boolean; readonly udsPath: string; readonly useTrustworthyJwt: boolean; readonly useNormalJwt: boolean };
  readonly meshNetworks: Record<string, unknown>;
  readonly localityLbSetting: Record<string, unknown>;
  readonly enableHelmTest: boolean;
  readonly imagePullSecrets: string[] | null;
}

export interface GalleyValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly image: string;
}

export interface MixerDeploymentValues extends AutoscaleValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly resources: ResourceValues;
}

export interface MixerValues extends SchedulingValues {
  readonly image: string;
  readonly env: Record<string, string>;
  readonly policy: MixerDeploymentValues;
  readonly telemetry: MixerDeploymentValues & {
    readonly sessionAffinityEnabled: boolean;
    readonly loadshedding: { readonly mode: string; readonly latencyThreshold: string };
  };
  readonly podAnnotations: Record<string, string>;
  readonly adapters: {
    readonly kubernetesenv: { readonly enabled: boolean };
    readonly stdio: { readonly enabled: boolean; readonly outputAsJson: boolean };
    readonly prometheus: { readonly enabled: boolean; readonly metricsExpiryDuration: string };
    readonly useAdapterCRDs: boolean;
  };
  readonly templates: { readonly useTemplateCRDs: boolean };
}

export interface PilotValues extends SchedulingValues, AutoscaleValues {
  readonly enabled: boolean;
  readonly image: string;
  readonly sidecar: boolean;
  readonly traceSampling: number;
  readonly resources: ResourceValues;
  readonly env: Record<string, string | number>;
  readonly keepaliveMaxServerConnectionAge: string;
  readonly replicaCount?: number;
}

export interface SecurityValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly image: string;
  readonly selfSigned: boolean;
  readonly createMeshPolicy: boolean;
  readonly citadelHealthCheck: boolean;
  readonly workloadCertTtl: string;
}

export interface SidecarInjectorWebhookValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly image: string;
  readonly enableNamespacesByDefault: boolean;
  readonly rewriteAppHTTPProbe: boolean;
  readonly alwaysInjectSelector: unknown[];
  readonly neverInjectSelector: unknown[];
}

export interface PrometheusValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly hub: string;
  readonly tag: string;
  readonly retention: string;
  readonly scrapeInterval: string;
  readonly contextPath: string;
  readonly ingress: AddonIngressValues;
  readonly service: { readonly annotations: Record<string, string>; readonly nodePort: { readonly enabled: boolean; readonly port: number } };
  readonly security: { readonly enabled: boolean };
}

export interface GrafanaValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly image: { readonly repository: string; readonly tag: string };
  readonly ingress: AddonIngressValues;
  readonly persist: boolean;
  readonly storageClassName: string;
  readonly accessMode: string;
  readonly security: { readonly enabled: boolean; readonly secretName: string; readonly usernameKey: string; readonly passphraseKey: string };
  readonly contextPath: string;
  readonly service: {
    readonly annotations: Record<string, string>;
    readonly name: string;
    readonly type: ServiceType;
    readonly externalPort: number;
    readonly loadBalancerIP: string | null;
    readonly loadBalancerSourceRanges: string[] | null;
  };
  readonly datasources: { readonly 'datasources.yaml': GrafanaDatasourcesFile };
  readonly dashboardProviders: { readonly 'dashboardproviders.yaml': GrafanaDashboardProvidersFile };
}

/** Grafana's datasource provisioning file. */
export interface GrafanaDatasourcesFile {
  readonly apiVersion: number;
  readonly datasources: Array<{
    readonly name: string;
    readonly type: string;
    readonly orgId: number;
    readonly url: string;
    readonly access: string;
    readonly isDefault: boolean;
    readonly jsonData: { readonly timeInterval: string };
    readonly editable: boolean;
  }>;
}

/** Grafana's dashboard provider provisioning file. */
export interface GrafanaDashboardProvidersFile {
  readonly apiVersion: number;
  readonly providers: Array<{
    readonly name: string;
    readonly orgId: number;
    readonly folder: string;
    readonly type: string;
    readonly disableDeletion: boolean;
    readonly options: { readonly path: string };
  }>;
}

export interface KialiValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly replicaCount: number;
  readonly hub: string;
  readonly tag: string;
  readonly contextPath: string;
  readonly ingress: AddonIngressValues;
  readonly dashboard: {
    readonly secretName: string;
    readonly viewOnlyMode: boolean;
    readonly grafanaURL: string | null;
    readonly jaegerURL: string | null;
  };
  readonly prometheusAddr: string;
  /** Create the `kiali` Secret with the demo credentials admin/admin. */
  readonly createDemoSecret: boolean;
}

export interface TracingValues extends SchedulingValues {
  readonly enabled: boolean;
  readonly provider: 'jaeger' | 'zipkin';
  readonly jaeger: { readonly hub: string; readonly tag: number | string; readonly memory: { readonly max_traces: number } };
  readonly zipkin: {
    readonly hub: string;
    readonly tag: number | string;
    readonly probeStartupDelay: number;
    readonly queryPort: number;
    readonly resources: ResourceValues;
    readonly javaOptsHeap: number;
    readonly maxSpans: number;
    readonly node: { readonly cpus: number };
  };
  readonly service: { readonly annotations: Record<string, string>; readonly name: string; readonly type: ServiceType; readonly externalPort: number };
  readonly ingress: AddonIngressValues;
}

/** The whole values tree of the Istio 1.2.2 chart. */
export interface IstioValues {
  readonly global: GlobalValues;
  readonly istio_cni: { readonly enabled: boolean };
  readonly istiocoredns: { readonly enabled: boolean };
  readonly certmanager: { readonly enabled: boolean };
  readonly nodeagent: { readonly enabled: boolean };
  readonly galley: GalleyValues;
  readonly gateways: GatewaysValues;
  readonly sidecarInjectorWebhook: SidecarInjectorWebhookValues;
  readonly mixer: MixerValues;
  readonly pilot: PilotValues;
  readonly security: SecurityValues;
  readonly prometheus: PrometheusValues;
  readonly grafana: GrafanaValues;
  readonly kiali: KialiValues;
  readonly tracing: TracingValues;
}

/** The subcharts of the Istio chart: Helm 2 hands each of them its own copy of `global`. */
export const SUBCHARTS = [
  'galley', 'gateways', 'grafana', 'kiali', 'mixer', 'pilot', 'prometheus', 'security', 'sidecarInjectorWebhook', 'tracing',
] as const;

const scheduling = (): SchedulingValues => ({
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
});

const autoscale = (): AutoscaleValues => ({
  autoscaleEnabled: true,
  autoscaleMin: 1,
  autoscaleMax: 5,
  cpu: { targetAverageUtilization: 80 },
});

const secretVolumes = (gateway: string): SecretVolumeValues[] => [
  { name: `${gateway}-certs`, secretName: `istio-${gateway}-certs`, mountPath: `/etc/istio/${gateway}-certs` },
  { name: `${gateway}-ca-certs`, secretName: `istio-${gateway}-ca-certs`, mountPath: `/etc/istio/${gateway}-ca-certs` },
];

const addonIngress = (host: string | null): AddonIngressValues => ({
  enabled: false,
  hosts: host === null ? null : [host],
  annotations: null,
  tls: null,
});

const gatewayLabels = (gateway: string) => ({ app: `istio-${gateway}`, istio: gateway });

/**
 * The values of the release's demo profile: the chart's `values.yaml` coalesced with
 * `values-istio-demo-common.yaml`, `values-istio-demo.yaml` and the release Makefile's `--set` flags.
 * A fresh tree is returned on every call.
 */
export function demoValues(): IstioValues {
  return {
    global: {
      hub: 'docker.io/istio',
      tag: '1.2.2',
      logging: { level: 'default:info' },
      monitoringPort: 15014,
      k8sIngress: { enabled: false, gatewayName: 'ingressgateway', enableHttps: false },
      proxy: {
        image: 'proxyv2',
        clusterDomain: 'cluster.local',
        resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
        concurrency: 2,
        accessLogFile: '/dev/stdout',
        accessLogFormat: '',
        accessLogEncoding: 'TEXT',
        dnsRefreshRate: '300s',
        privileged: false,
        enableCoreDump: false,
        statusPort: 15020,
        readinessInitialDelaySeconds: 1,
        readinessPeriodSeconds: 2,
        readinessFailureThreshold: 30,
        includeIPRanges: '*',
        excludeIPRanges: '',
        kubevirtInterfaces: '',
        includeInboundPorts: '*',
        excludeInboundPorts: '',
        excludeOutboundPorts: '',
        autoInject: 'enabled',
        envoyStatsd: { enabled: false, host: null, port: null },
        envoyMetricsService: { enabled: false, host: null, port: null },
        tracer: 'zipkin',
        logLevel: '',
        componentLogLevel: '',
      },
      proxy_init: { image: 'proxy_init' },
      imagePullPolicy: 'IfNotPresent',
      controlPlaneSecurityEnabled: false,
      disablePolicyChecks: false,
      policyCheckFailOpen: false,
      enableTracing: true,
      tracer: {
        lightstep: { address: '', accessToken: '', secure: true, cacertPath: '' },
        zipkin: { address: '' },
        datadog: { address: '$(HOST_IP):8126' },
      },
      mtls: { enabled: false },
      arch: { amd64: 2, s390x: 2, ppc64le: 2 },
      oneNamespace: false,
      defaultNodeSelector: {},
      defaultTolerations: [],
      configValidation: true,
      meshExpansion: { enabled: false, useILB: false },
      multiCluster: { enabled: false },
      defaultResources: { requests: { cpu: '10m' } },
      defaultPodDisruptionBudget: { enabled: true },
      priorityClassName: '',
      useMCP: true,
      trustDomain: '',
      outboundTrafficPolicy: { mode: 'ALLOW_ANY' },
      sds: { enabled: false, udsPath: '', useTrustworthyJwt: false, useNormalJwt: false },
      meshNetworks: {},
      localityLbSetting: {},
      enableHelmTest: false,
      imagePullSecrets: null,
    },
    istio_cni: { enabled: false },
    istiocoredns: { enabled: false },
    certmanager: { enabled: false },
    nodeagent: { enabled: false },
    galley: { enabled: true, replicaCount: 1, image: 'galley', ...scheduling() },
    gateways: {
      enabled: true,
      'istio-ingressgateway': {
        enabled: true,
        sds: {
          enabled: false,
          image: 'node-agent-k8s',
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
        },
        labels: gatewayLabels('ingressgateway'),
        ...autoscale(),
        resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } },
        loadBalancerIP: '',
        loadBalancerSourceRanges: [],
        externalIPs: [],
        serviceAnnotations: {},
        podAnnotations: {},
        type: 'LoadBalancer',
        ports: [
          { port: 15020, targetPort: 15020, name: 'status-port' },
          { port: 80, targetPort: 80, name: 'http2', nodePort: 31380 },
          { port: 443, name: 'https', nodePort: 31390 },
          { port: 31400, name: 'tcp', nodePort: 31400 },
          { port: 15029, targetPort: 15029, name: 'https-kiali' },
          { port: 15030, targetPort: 15030, name: 'https-prometheus' },
          { port: 15031, targetPort: 15031, name: 'https-grafana' },
          { port: 15032, targetPort: 15032, name: 'https-tracing' },
          { port: 15443, targetPort: 15443, name: 'tls' },
        ],
        meshExpansionPorts: [
          { port: 15011, targetPort: 15011, name: 'tcp-pilot-grpc-tls' },
          { port: 15004, targetPort: 15004, name: 'tcp-mixer-grpc-tls' },
          { port: 8060, targetPort: 8060, name: 'tcp-citadel-grpc-tls' },
          { port: 853, targetPort: 853, name: 'tcp-dns-tls' },
        ],
        secretVolumes: secretVolumes('ingressgateway'),
        applicationPorts: '',
        env: { ISTIO_META_ROUTER_MODE: 'sni-dnat' },
        ...scheduling(),
      },
      'istio-egressgateway': {
        enabled: true,
        labels: gatewayLabels('egressgateway'),
        ...autoscale(),
        resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2000m', memory: '256Mi' } },
        serviceAnnotations: {},
        podAnnotations: {},
        type: 'ClusterIP',
        ports: [
          { port: 80, name: 'http2' },
          { port: 443, name: 'https' },
          { port: 15443, targetPort: 15443, name: 'tls' },
        ],
        secretVolumes: secretVolumes('egressgateway'),
        env: { ISTIO_META_ROUTER_MODE: 'sni-dnat' },
        ...scheduling(),
      },
      'istio-ilbgateway': {
        enabled: false,
        labels: gatewayLabels('ilbgateway'),
        ...autoscale(),
        resources: { requests: { cpu: '800m', memory: '512Mi' } },
        loadBalancerIP: '',
        serviceAnnotations: { 'cloud.google.com/load-balancer-type': 'internal' },
        podAnnotations: {},
        type: 'LoadBalancer',
        ports: [
          { port: 15011, name: 'grpc-pilot-mtls' },
          { port: 15010, name: 'grpc-pilot' },
          { port: 8060, targetPort: 8060, name: 'tcp-citadel-grpc-tls' },
          { port: 5353, name: 'tcp-dns' },
        ],
        secretVolumes: secretVolumes('ilbgateway'),
        nodeSelector: {},
        tolerations: [],
      },
    },
    sidecarInjectorWebhook: {
      enabled: true,
      replicaCount: 1,
      image: 'sidecar_injector',
      enableNamespacesByDefault: false,
      rewriteAppHTTPProbe: false,
      alwaysInjectSelector: [],
      neverInjectSelector: [],
      ...scheduling(),
    },
    mixer: {
      image: 'mixer',
      env: { GODEBUG: 'gctrace=1', GOMAXPROCS: '6' },
      policy: { enabled: true, replicaCount: 1, ...autoscale(), resources: { requests: { cpu: '10m', memory: '100Mi' } } },
      telemetry: {
        enabled: true,
        replicaCount: 1,
        ...autoscale(),
        sessionAffinityEnabled: false,
        loadshedding: { mode: 'enforce', latencyThreshold: '100ms' },
        resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { cpu: '4800m', memory: '4G' } },
      },
      podAnnotations: {},
      ...scheduling(),
      adapters: {
        kubernetesenv: { enabled: true },
        stdio: { enabled: true, outputAsJson: true },
        prometheus: { enabled: true, metricsExpiryDuration: '10m' },
        useAdapterCRDs: false,
      },
      templates: { useTemplateCRDs: false },
    },
    pilot: {
      enabled: true,
      ...autoscale(),
      image: 'pilot',
      sidecar: true,
      traceSampling: 100.0,
      resources: { requests: { cpu: '10m', memory: '100Mi' } },
      env: { PILOT_PUSH_THROTTLE: 100, GODEBUG: 'gctrace=1' },
      ...scheduling(),
      keepaliveMaxServerConnectionAge: '30m',
    },
    security: {
      enabled: true,
      replicaCount: 1,
      image: 'citadel',
      selfSigned: true,
      createMeshPolicy: true,
      ...scheduling(),
      citadelHealthCheck: false,
      workloadCertTtl: '2160h',
    },
    prometheus: {
      enabled: true,
      replicaCount: 1,
      hub: 'docker.io/prom',
      tag: 'v2.8.0',
      retention: '6h',
      scrapeInterval: '15s',
      ...scheduling(),
      contextPath: '/prometheus',
      ingress: addonIngress('prometheus.local'),
      service: { annotations: {}, nodePort: { enabled: false, port: 32090 } },
      security: { enabled: true },
    },
    grafana: {
      enabled: true,
      replicaCount: 1,
      image: { repository: 'grafana/grafana', tag: '6.1.6' },
      ingress: addonIngress('grafana.local'),
      persist: false,
      storageClassName: '',
      accessMode: 'ReadWriteMany',
      security: { enabled: false, secretName: 'grafana', usernameKey: 'username', passphraseKey: 'passphrase' },
      contextPath: '/grafana',
      service: { annotations: {}, name: 'http', type: 'ClusterIP', externalPort: 3000, loadBalancerIP: null, loadBalancerSourceRanges: null },
      datasources: {
        'datasources.yaml': {
          apiVersion: 1,
          datasources: [{
            name: 'Prometheus',
            type: 'prometheus',
            orgId: 1,
            url: 'http://prometheus:9090',
            access: 'proxy',
            isDefault: true,
            jsonData: { timeInterval: '5s' },
            editable: true,
          }],
        },
      },
      dashboardProviders: {
        'dashboardproviders.yaml': {
          apiVersion: 1,
          providers: [{
            name: 'istio',
            orgId: 1,
            folder: 'istio',
            type: 'file',
            disableDeletion: false,
            options: { path: '/var/lib/grafana/dashboards/istio' },
          }],
        },
      },
      ...scheduling(),
    },
    kiali: {
      enabled: true,
      replicaCount: 1,
      hub: 'quay.io/kiali',
      tag: 'v0.20',
      contextPath: '/kiali',
      ...scheduling(),
      ingress: addonIngress('kiali.local'),
      dashboard: { secretName: 'kiali', viewOnlyMode: false, grafanaURL: null, jaegerURL: null },
      prometheusAddr: 'http://prometheus:9090',
      createDemoSecret: true,
    },
    tracing: {
      enabled: true,
      provider: 'jaeger',
      ...scheduling(),
      jaeger: { hub: 'docker.io/jaegertracing', tag: 1.9, memory: { max_traces: 50000 } },
      zipkin: {
        hub: 'docker.io/openzipkin',
        tag: 2,
        probeStartupDelay: 200,
        queryPort: 9411,
        resources: { limits: { cpu: '300m', memory: '900Mi' }, requests: { cpu: '150m', memory: '900Mi' } },
        javaOptsHeap: 700,
        maxSpans: 500000,
        node: { cpus: 2 },
      },
      service: { annotations: {}, name: 'http', type: 'ClusterIP', externalPort: 9411 },
      ingress: addonIngress(null),
    },
  };
}

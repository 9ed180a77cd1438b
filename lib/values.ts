import { chartValues } from './chart';

/**
 * The one options tree: the Istio 1.2.2 Helm chart's values, typed.
 *
 * Every component reads its settings from here, and the sidecar injector embeds this tree (as Helm 2
 * would render `.Values`) in its ConfigMap. Keys keep the chart's own names so that a value documented
 * by Istio 1.2 can be looked up and set under the same path.
 */

/** CPU and memory quantities, as in a container's `resources`. */
export interface ResourceQuantities {
  /** CPU, e.g. `100m`. @default - none */
  readonly cpu?: string;
  /** Memory, e.g. `128Mi`. @default - none */
  readonly memory?: string;
}

/** Container resource requests and limits. */
export interface ResourceValues {
  /** What the container is guaranteed. @default - none */
  readonly requests?: ResourceQuantities;
  /** The most the container may use. @default - none */
  readonly limits?: ResourceQuantities;
}

/** A Kubernetes toleration, as written in a pod spec. */
export interface TolerationValues {
  /** The taint key. @default - every key (with operator `Exists`) */
  readonly key?: string;
  /** `Equal` or `Exists`. @default - Kubernetes' `Equal` */
  readonly operator?: string;
  /** The taint value, with operator `Equal`. @default - empty */
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. @default - every effect */
  readonly effect?: string;
  /** How long a `NoExecute` taint is tolerated. @default - forever */
  readonly tolerationSeconds?: number;
}

/** A label selector term for the chart's pod anti-affinity settings. */
export interface AntiAffinitySelectorValues {
  /** The pod label key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: string;
  /** The label values, comma-separated. */
  readonly values: string;
  /** The node label that defines the topology domain, e.g. `kubernetes.io/hostname` (Kubernetes requires one). @default - empty */
  readonly topologyKey?: string;
}

/** Scheduling settings every component chart carries. */
export interface SchedulingValues {
  /** Node labels the component's pods must match. @default - none */
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
  /** The autoscaler's CPU target. */
  readonly cpu: { readonly targetAverageUtilization: number };
}

/** An ingress for an addon's UI (not rendered by the demo profile). */
export interface AddonIngressValues {
  /** Create the Ingress. */
  readonly enabled: boolean;
  /** Host names of the Ingress. */
  readonly hosts: string[] | null;
  /** Annotations of the Ingress. */
  readonly annotations: Record<string, string> | null;
  /** TLS settings of the Ingress. */
  readonly tls: unknown[] | null;
}

/**
 * A port of a gateway Service. The chart writes every key of the map into the Service port (`protocol` too), and
 * each `port` into the router container's ports.
 */
export interface GatewayPortValues {
  /** Port name; its prefix (`http2`, `https`, `tcp`, `grpc` ...) tells Istio the protocol. */
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /** Container port the Service sends to. @default - the port */
  readonly targetPort?: number | string;
  /** Node port (NodePort and LoadBalancer Services). @default - Kubernetes picks one */
  readonly nodePort?: number;
  /** TCP, UDP or SCTP. @default - TCP */
  readonly protocol?: string;
}

/** A Secret mounted into a gateway. */
export interface SecretVolumeValues {
  /** The volume's name. */
  readonly name: string;
  /** The Secret. */
  readonly secretName: string;
  /** Where the router container mounts it. */
  readonly mountPath: string;
}

/** A ConfigMap added to a gateway's pod volumes (the 1.2 chart does not mount it into a container). */
export interface ConfigVolumeValues {
  /** The volume's name. */
  readonly name: string;
  /** The ConfigMap. */
  readonly configMapName: string;
  /** Accepted as in the chart's values, unused by its templates. @default - none */
  readonly mountPath?: string;
}

/** The ingress gateway's SDS agent (`ingress-sds`), serving TLS certificates from Kubernetes Secrets. */
export interface GatewaySdsValues {
  /** Run the agent beside the router. @default false */
  readonly enabled: boolean;
  /** Its image, under `global.hub` unless it holds a `/`. @default 'node-agent-k8s' */
  readonly image: string;
  /** Container resource requests and limits. @default - `global.defaultResources` when empty */
  readonly resources?: ResourceValues;
}

/** The Kubernetes Service types a gateway can use. */
export type ServiceType = 'LoadBalancer' | 'NodePort' | 'ClusterIP';
export const SERVICE_TYPES: readonly ServiceType[] = ['LoadBalancer', 'NodePort', 'ClusterIP'];

/**
 * One gateway of `gateways`: the built-in ingress, egress and ILB gateways or any other, under its own name; the
 * chart renders each one whose `enabled` is true, with the same templates. A user-defined gateway may leave out any
 * field (the chart then writes an empty value, as noted).
 */
export interface GatewayValues extends Partial<SchedulingValues>, Partial<AutoscaleValues> {
  /** Render this gateway. @default false */
  readonly enabled: boolean;
  /** Namespace of its ServiceAccount, Service, Deployment, autoscaler and disruption budget. @default - the release namespace */
  readonly namespace?: string;
  /** Labels of its objects and the selector of its pods (`app` also labels its ServiceAccount). @default - none */
  readonly labels?: Record<string, string>;
  /** Replicas when `autoscaleEnabled` is false. @default 1 */
  readonly replicaCount?: number;
  /** The gateway Service's type. @default LoadBalancer (Kubernetes' ClusterIP if empty) */
  readonly type?: ServiceType;
  /** The Service's ports (and the router container's). @default - none (the built-in gateways: the chart's) */
  readonly ports?: GatewayPortValues[];
  /** Ports added to the Service when `global.meshExpansion.enabled`. @default - none */
  readonly meshExpansionPorts?: GatewayPortValues[];
  /** The router container's resources. @default - `global.defaultResources` when empty */
  readonly resources?: ResourceValues;
  /** Secrets mounted into the router container. @default - none (the built-in gateways: their certificates) */
  readonly secretVolumes?: SecretVolumeValues[];
  /** ConfigMaps added to the pod's volumes. @default - none */
  readonly configVolumes?: ConfigVolumeValues[];
  /** Containers added to the pod after the router, as written. @default - none */
  readonly additionalContainers?: Array<Record<string, unknown>>;
  /** Annotations on the Service (cloud load balancer settings). @default - none */
  readonly serviceAnnotations?: Record<string, string>;
  /** Annotations on the pods, after the chart's own. @default - none */
  readonly podAnnotations?: Record<string, string>;
  /** Environment of the router container (after the chart's own variables, by name). @default - none */
  readonly env?: Record<string, string>;
  /** A fixed load balancer IP. @default - none, the cloud provider picks one */
  readonly loadBalancerIP?: string;
  /** Client CIDRs allowed through the load balancer. @default - all */
  readonly loadBalancerSourceRanges?: string[];
  /** External IPs of the Service. @default - none */
  readonly externalIPs?: string[];
  /** `Local` preserves client source IPs. @default - unset, Kubernetes uses Cluster */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  /** `--applicationPorts` of the router (plain-text control plane only). @default - none */
  readonly applicationPorts?: string;
  /**
   * The SDS agent. Any non-empty `sds` map (even with `enabled: false`) also gives the gateway a Role and RoleBinding
   * reading Secrets: the 1.2 chart's condition tests only that the map is there.
   * @default - none (the ingress gateway: the agent, disabled)
   */
  readonly sds?: GatewaySdsValues;
}

/** The `gateways` subchart: its switch, and every gateway by name. */
export interface GatewaysValues {
  /** Render the subchart at all. @default true */
  readonly enabled: boolean;
  /** The ingress gateway. */
  readonly 'istio-ingressgateway': GatewayValues;
  /** The egress gateway. */
  readonly 'istio-egressgateway': GatewayValues;
  /** The internal load balancer gateway for mesh expansion. */
  readonly 'istio-ilbgateway': GatewayValues;
  /** Any other gateway, e.g. `custom-gateway`. */
  readonly [name: string]: GatewayValues | boolean;
}

/** `global.proxy`: the Envoy sidecar and gateway proxies (image, resources, traffic capture, logging, probes). */
export interface ProxyValues {
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** The cluster's DNS domain. */
  readonly clusterDomain: string;
  /** Container resource requests and limits. */
  readonly resources: ResourceValues;
  /** Worker threads of the proxy (0: one per core). */
  readonly concurrency: number;
  /** Where the proxy writes its access log (empty: none). */
  readonly accessLogFile: string;
  /** Format of the proxy's access log (empty: Envoy's default). */
  readonly accessLogFormat: string;
  /** Encoding of the proxy's access log. */
  readonly accessLogEncoding: 'TEXT' | 'JSON';
  /** How often the proxy re-resolves DNS hosts (a whole number of seconds). */
  readonly dnsRefreshRate: string;
  /** Run the proxy privileged. */
  readonly privileged: boolean;
  /** Let the proxy write core dumps (adds a privileged init container). */
  readonly enableCoreDump: boolean;
  /** Port of the proxy's status server and readiness probe (0 turns the probe off). */
  readonly statusPort: number;
  /** Initial delay of the proxy's readiness probe. */
  readonly readinessInitialDelaySeconds: number;
  /** Period of the proxy's readiness probe. */
  readonly readinessPeriodSeconds: number;
  /** Failure threshold of the proxy's readiness probe. */
  readonly readinessFailureThreshold: number;
  /** Outbound IP ranges redirected to the proxy (`*` for all). */
  readonly includeIPRanges: string;
  /** Outbound IP ranges not redirected to the proxy. */
  readonly excludeIPRanges: string;
  /** KubeVirt interfaces whose inbound traffic is redirected as outbound. */
  readonly kubevirtInterfaces: string;
  /** Inbound ports redirected to the proxy (`*` for all). */
  readonly includeInboundPorts: string;
  /** Inbound ports not redirected to the proxy. */
  readonly excludeInboundPorts: string;
  /** Outbound ports not redirected to the proxy. */
  readonly excludeOutboundPorts: string;
  /** Sidecar injection policy: `enabled` injects unless a pod opts out, `disabled` only pods that opt in. */
  readonly autoInject: 'enabled' | 'disabled';
  /** Send Envoy statistics to a statsd server. */
  readonly envoyStatsd: { readonly enabled: boolean; readonly host: string | null; readonly port: number | null };
  /** Send Envoy metrics to a metrics service. */
  readonly envoyMetricsService: { readonly enabled: boolean; readonly host: string | null; readonly port: number | null };
  /** Tracer settings. */
  readonly tracer: 'zipkin' | 'lightstep' | 'datadog';
  /** The proxy's log level (empty: Envoy's default). */
  readonly logLevel: string;
  /** The proxy's log levels per component. */
  readonly componentLogLevel: string;
}

/** `global`: settings every subchart reads (images, mutual TLS, proxies, tracing, scheduling defaults, multicluster). */
export interface GlobalValues {
  /** Image registry of the Istio images. @default 'docker.io/istio' */
  readonly hub: string;
  /** Image tag of the Istio images. @default '1.2.2' */
  readonly tag: string;
  /** Control-plane log levels. */
  readonly logging: { readonly level: string };
  /** Port of the control plane's metrics endpoints. */
  readonly monitoringPort: number;
  /** Serve Kubernetes Ingress resources through an Istio gateway. */
  readonly k8sIngress: { readonly enabled: boolean; readonly gatewayName: string; readonly enableHttps: boolean };
  /** The sidecar proxy. */
  readonly proxy: ProxyValues;
  /** The init container that sets up traffic redirection. */
  readonly proxy_init: { readonly image: string };
  /** Pull policy of the Istio images. */
  readonly imagePullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  /** Mutual TLS between the control plane's components. */
  readonly controlPlaneSecurityEnabled: boolean;
  /** Skip Mixer's policy checks. */
  readonly disablePolicyChecks: boolean;
  /** Let requests through when Mixer's policy check cannot be reached. */
  readonly policyCheckFailOpen: boolean;
  /** Trace requests. */
  readonly enableTracing: boolean;
  /** Tracer settings. */
  readonly tracer: {
    readonly lightstep: { readonly address: string; readonly accessToken: string; readonly secure: boolean; readonly cacertPath: string };
    /** Zipkin tracer settings. */
    readonly zipkin: { readonly address: string };
    readonly datadog: { readonly address: string };
  };
  /** Mutual TLS between workloads. */
  readonly mtls: { readonly enabled: boolean };
  /** Scheduling weight of each node architecture (0 never). */
  readonly arch: { readonly amd64: number; readonly s390x: number; readonly ppc64le: number };
  /** Watch only the control plane's namespace. */
  readonly oneNamespace: boolean;
  /** Node selector of the components that set none. */
  readonly defaultNodeSelector: Record<string, string>;
  /** Tolerations of the components that set none. */
  readonly defaultTolerations: TolerationValues[];
  /** Galley validates Istio configuration in an admission webhook. */
  readonly configValidation: boolean;
  /** Mesh expansion: VMs and other clusters join through a gateway. */
  readonly meshExpansion: { readonly enabled: boolean; readonly useILB: boolean };
  /** Multicluster mesh settings. */
  readonly multiCluster: { readonly enabled: boolean };
  /** Resources of the components that set none. */
  readonly defaultResources: ResourceValues;
  /** Pod disruption budgets for the control plane. */
  readonly defaultPodDisruptionBudget: { readonly enabled: boolean };
  /** Priority class of the control plane's pods. */
  readonly priorityClassName: string;
  /** Pilot and Mixer read configuration from Galley over MCP. */
  readonly useMCP: boolean;
  /** SPIFFE trust domain of the mesh's identities (empty: the cluster domain). */
  readonly trustDomain: string;
  /** What proxies do with traffic to unknown hosts (`ALLOW_ANY` or `REGISTRY_ONLY`). */
  readonly outboundTrafficPolicy: { readonly mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
  /** Secret discovery over a Unix socket instead of mounted Secrets. */
  readonly sds: { readonly enabled: boolean; readonly udsPath: string; readonly useTrustworthyJwt: boolean; readonly useNormalJwt: boolean };
  /** Networks of a multi-network mesh, by name. */
  readonly meshNetworks: Record<string, unknown>;
  /** Locality-weighted load balancing settings. */
  readonly localityLbSetting: Record<string, unknown>;
  /** Render the charts' Helm test pods. */
  readonly enableHelmTest: boolean;
  /** Secrets of private registries, added to the service accounts. */
  readonly imagePullSecrets: string[] | null;
  /** This cluster is a remote cluster of a multicluster mesh (`remote` profile). @default - unset */
  readonly istioRemote?: boolean;
  /** The network of this cluster, for multi-network meshes. @default - unset */
  readonly network?: string;
  /** Addresses of the primary cluster's control plane, for a remote cluster. @default - unset */
  readonly remotePilotAddress?: string;
  /** The primary cluster's policy Mixer, for a remote cluster. @default - unset */
  readonly remotePolicyAddress?: string;
  /** The primary cluster's telemetry Mixer, for a remote cluster. @default - unset */
  readonly remoteTelemetryAddress?: string;
  /** The primary cluster's Zipkin, for a remote cluster's tracing. @default - unset */
  readonly remoteZipkinAddress?: string;
  /** On a remote cluster, a local `istio-pilot` Service and Endpoints for `remotePilotAddress`. @default false */
  readonly remotePilotCreateSvcEndpoint?: boolean;
  /** On a remote cluster, local Services and Endpoints for Pilot and both Mixers. @default false */
  readonly createRemoteSvcEndpoints?: boolean;
  /** The control plane's namespace as seen by a remote cluster. @default - the release namespace */
  readonly istioNamespace?: string;
  /** Do not create the sidecar injector's ConfigMap (it is managed elsewhere). @default false */
  readonly omitSidecarInjectorConfigMap?: boolean;
  /** DNS search domains added to injected pods (may hold templates). @default - none */
  readonly podDNSSearchNamespaces?: string[];
  /** Citadel's certificate refresh interval for remote clusters. @default - unset */
  readonly refreshInterval?: string;
  /** The mesh config's root namespace (mesh-wide configuration lives there). @default - the release namespace */
  readonly configRootNamespace?: string;
  /** Where services, virtual services and destination rules are visible by default: `.` or `*`. @default - everywhere (`*`) */
  readonly defaultConfigVisibilitySettings?: string[];
}

/** `nameOverride` and `fullnameOverride`: the chart's `<chart>.name` (the `app` label) and `<chart>.fullname` helpers. */
export interface NameOverrideValues {
  /** Replaces the chart's name in its `app` labels. @default - the chart's name */
  readonly nameOverride?: string;
  /** Replaces `<release>-<chart>` in the names built from it (Helm test pods). @default - `<release>-<chart>` */
  readonly fullnameOverride?: string;
}

/** `galley`: the configuration validation webhook and server. */
export interface GalleyValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** Resources of Galley's container. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
}

/** `mixer.policy` or `mixer.telemetry`: one Mixer Deployment. */
export interface MixerDeploymentValues extends AutoscaleValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Container resource requests and limits. */
  readonly resources: ResourceValues;
}

/** `mixer`: the policy and telemetry Mixers and their adapters. */
export interface MixerValues extends SchedulingValues {
  /** Overrides the `app` label (`mixer.name`) of Mixer's objects. @default - mixer */
  readonly nameOverride?: string;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** Resources of both Mixer containers when `policy.resources` / `telemetry.resources` are unset. @default - global.defaultResources */
  readonly resources?: ResourceValues;
  /** Environment variables of the container. */
  readonly env: Record<string, string>;
  /** istio-policy (Mixer's check side). */
  readonly policy: MixerDeploymentValues;
  /** istio-telemetry (Mixer's report side). */
  readonly telemetry: MixerDeploymentValues & {
    readonly sessionAffinityEnabled: boolean;
    readonly loadshedding: { readonly mode: string; readonly latencyThreshold: string };
  };
  /** Annotations of the pods. */
  readonly podAnnotations: Record<string, string>;
  /** Mixer adapters. */
  readonly adapters: {
    readonly kubernetesenv: { readonly enabled: boolean };
    readonly stdio: { readonly enabled: boolean; readonly outputAsJson: boolean };
    readonly prometheus: { readonly enabled: boolean; readonly metricsExpiryDuration: string };
    readonly useAdapterCRDs: boolean;
  };
  /** Mixer template CRDs. */
  readonly templates: { readonly useTemplateCRDs: boolean };
}

/** `pilot`: the traffic management control plane (discovery). */
export interface PilotValues extends SchedulingValues, AutoscaleValues {
  /** Overrides the `app` label (`pilot.name`) of Pilot's objects. @default - pilot */
  readonly nameOverride?: string;
  /** Render this component. */
  readonly enabled: boolean;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** Run Pilot with its own Envoy sidecar. */
  readonly sidecar: boolean;
  /** Percentage of requests Pilot asks the proxies to trace (0.0 to 100.0). */
  readonly traceSampling: number;
  /** Container resource requests and limits. */
  readonly resources: ResourceValues;
  /** Environment variables of the container. */
  readonly env: Record<string, string | number>;
  /** Pilot closes gRPC connections after this age, so proxies spread over replicas. */
  readonly keepaliveMaxServerConnectionAge: string;
  /** Replicas when `autoscaleEnabled` is false. @default 1 */
  readonly replicaCount?: number;
}

/** `security`: Citadel, the certificate authority. */
export interface SecurityValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** Citadel signs with its own self-signed root; `false` signs with the operator's CA from Secret `cacerts`. @default true */
  readonly selfSigned: boolean;
  /** Apply the mesh-wide MeshPolicy (and in strict mode the DestinationRules) after install. @default true */
  readonly createMeshPolicy: boolean;
  /** Citadel checks its own health and reports it to its liveness probe. */
  readonly citadelHealthCheck: boolean;
  /** Lifetime of the workload certificates Citadel issues (a Go duration). */
  readonly workloadCertTtl: string;
  /** Resources of Citadel's container. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
}

/** `sidecarInjectorWebhook`: the automatic sidecar injector. */
export interface SidecarInjectorWebhookValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** Inject every namespace unless it opts out. */
  readonly enableNamespacesByDefault: boolean;
  /** Let the sidecar take over the applications' HTTP probes. */
  readonly rewriteAppHTTPProbe: boolean;
  /** Label selectors of pods always injected; absent (null in the ConfigMap) when the subchart is off. */
  readonly alwaysInjectSelector: unknown[];
  /** Label selectors of pods never injected. */
  readonly neverInjectSelector: unknown[];
  /** Resources of the injector's container. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
}

/** `prometheus`: the Prometheus addon. */
export interface PrometheusValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Resources of Prometheus' container. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image registry. */
  readonly hub: string;
  /** Image tag. */
  readonly tag: string;
  /** How long Prometheus keeps samples. */
  readonly retention: string;
  /** How often Prometheus scrapes. */
  readonly scrapeInterval: string;
  /** URL path the UI is served under. */
  readonly contextPath: string;
  /** An Ingress for the addon's UI. */
  readonly ingress: AddonIngressValues;
  /** The addon's Service. */
  readonly service: { readonly annotations: Record<string, string>; readonly nodePort: { readonly enabled: boolean; readonly port: number } };
  /** Serve the UI over TLS / with credentials from a Secret. */
  readonly security: { readonly enabled: boolean };
}

/** `grafana`: the Grafana addon and its dashboards. */
export interface GrafanaValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Resources of Grafana's container. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: { readonly repository: string; readonly tag: string };
  /** An Ingress for the addon's UI. */
  readonly ingress: AddonIngressValues;
  /** Keep Grafana's data on a persistent volume. */
  readonly persist: boolean;
  /** Storage class of the persistent volume claim. */
  readonly storageClassName: string;
  /** Access mode of the persistent volume claim. */
  readonly accessMode: string;
  /** Serve the UI over TLS / with credentials from a Secret. */
  readonly security: { readonly enabled: boolean; readonly secretName: string; readonly usernameKey: string; readonly passphraseKey: string };
  /** URL path the UI is served under. */
  readonly contextPath: string;
  /** The addon's Service. */
  readonly service: {
    /** Annotations. */
    readonly annotations: Record<string, string>;
    /** Name. */
    readonly name: string;
    /** Service type. */
    readonly type: ServiceType;
    readonly externalPort: number;
    readonly loadBalancerIP: string | null;
    readonly loadBalancerSourceRanges: string[] | null;
  };
  /** Grafana's datasource provisioning files. */
  readonly datasources: { readonly 'datasources.yaml': GrafanaDatasourcesFile };
  /** Grafana's dashboard provider provisioning files. */
  readonly dashboardProviders: { readonly 'dashboardproviders.yaml': GrafanaDashboardProvidersFile };
}

/** Grafana's datasource provisioning file. */
export interface GrafanaDatasourcesFile {
  /** The provisioning file format version. */
  readonly apiVersion: number;
  /** Grafana's datasource provisioning files. */
  readonly datasources: Array<{
    /** Name. */
    readonly name: string;
    /** Service type. */
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
  /** The provisioning file format version. */
  readonly apiVersion: number;
  /** Dashboard providers. */
  readonly providers: Array<{
    /** Name. */
    readonly name: string;
    readonly orgId: number;
    readonly folder: string;
    /** Service type. */
    readonly type: string;
    readonly disableDeletion: boolean;
    readonly options: { readonly path: string };
  }>;
}

/** `kiali`: the Kiali addon. */
export interface KialiValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** Resources of Kiali's container. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image registry. */
  readonly hub: string;
  /** Image tag. */
  readonly tag: string;
  /** URL path the UI is served under. */
  readonly contextPath: string;
  /** An Ingress for the addon's UI. */
  readonly ingress: AddonIngressValues;
  /** Kiali's dashboard settings. */
  readonly dashboard: {
    readonly secretName: string;
    readonly viewOnlyMode: boolean;
    readonly grafanaURL: string | null;
    readonly jaegerURL: string | null;
  };
  /** Prometheus address Kiali queries. */
  readonly prometheusAddr: string;
  /** Create the `kiali` Secret with the demo credentials admin/admin. */
  readonly createDemoSecret: boolean;
}

/** `tracing`: the Jaeger (or Zipkin) tracing addon. */
export interface TracingValues extends SchedulingValues, NameOverrideValues {
  /** Render this component. */
  readonly enabled: boolean;
  /** `jaeger` or `zipkin`; the chart renders the Services (not the Deployment) for any other name too. @default 'jaeger' */
  readonly provider: 'jaeger' | 'zipkin';
  /** The path of the tracing UI (Jaeger's base path, the Ingress path). @default - `/<provider>` */
  readonly contextPath?: string;
  /** Jaeger settings. */
  readonly jaeger: {
    /** Image registry. */
    readonly hub: string;
    /** Image tag. */
    readonly tag: number | string;
    readonly memory: { readonly max_traces: number };
    /** Resources of Jaeger's container. @default - `global.defaultResources` */
    readonly resources?: ResourceValues;
    /** Appended to the `helm test` Pod's URL. @default - none */
    readonly contextPath?: string;
  };
  /** Zipkin tracer settings. */
  readonly zipkin: {
    /** Image registry. */
    readonly hub: string;
    /** Image tag. */
    readonly tag: number | string;
    readonly probeStartupDelay: number;
    readonly queryPort: number;
    /** Container resource requests and limits. */
    readonly resources: ResourceValues;
    readonly javaOptsHeap: number;
    readonly maxSpans: number;
    readonly node: { readonly cpus: number };
  };
  /** The addon's Service. */
  readonly service: { readonly annotations: Record<string, string>; readonly name: string; readonly type: ServiceType; readonly externalPort: number };
  /** An Ingress for the addon's UI. */
  readonly ingress: AddonIngressValues;
}

/** `certmanager`: cert-manager, for gateway certificates (off in every profile). */
export interface CertManagerValues extends SchedulingValues, NameOverrideValues {
  /** Deploy cert-manager (certificates for the gateways). @default false */
  readonly enabled: boolean;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** Image registry. */
  readonly hub: string;
  /** Image tag. */
  readonly tag: string;
  /** Container resource requests and limits. */
  readonly resources: ResourceValues;
  /** Annotations of cert-manager's pods. @default - none */
  readonly podAnnotations?: Record<string, string>;
  /** Labels added to cert-manager's pods and disruption budget. @default - none */
  readonly podLabels?: Record<string, string>;
  /** Arguments added to cert-manager's controller. @default - none */
  readonly extraArgs?: unknown[];
  /** The pods' `dnsPolicy`. @default - Kubernetes' default */
  readonly podDnsPolicy?: string;
  /** The pods' `dnsConfig`. @default - none */
  readonly podDnsConfig?: Record<string, unknown>;
  /** The ACME account e-mail of the Let's Encrypt ClusterIssuers. @default - none (an empty `email`) */
  readonly email?: string;
}

/** `istiocoredns`: CoreDNS with the Istio plugin, for multicluster `.global` names. */
export interface IstioCorednsValues extends SchedulingValues, NameOverrideValues {
  /** Deploy the CoreDNS plugin that resolves `*.global` for multicluster meshes. @default false */
  readonly enabled: boolean;
  /** Pod replicas (when no autoscaler owns the count). */
  readonly replicaCount: number;
  /** The CoreDNS image, as written (no `global.hub`). @default 'coredns/coredns:1.1.2' */
  readonly coreDNSImage: string;
  /** The Istio plugin's image, as written. @default 'istio/coredns-plugin:0.2-istio-1.1' */
  readonly coreDNSPluginImage: string;
  /** Resources of both containers. @default - `global.defaultResources` */
  readonly resources?: ResourceValues;
}

/** `nodeagent`: the SDS node agent DaemonSet (the `sds-auth` profile). */
export interface NodeagentValues extends SchedulingValues, NameOverrideValues {
  /** Deploy the SDS node agent DaemonSet. @default false */
  readonly enabled: boolean;
  /** Image name, under `global.hub` and `global.tag` unless it holds a registry. */
  readonly image: string;
  /** Environment of the node agent (CA_PROVIDER, CA_ADDR, Plugins, VALID_TOKEN ...). */
  readonly env: Record<string, string | number | boolean | null>;
}

/**
 * The whole values tree of the Istio 1.2.2 chart, under the chart's own keys.
 *
 * `IstioProps.values` takes any part of it. A value's default is the chart's: its `values.yaml` (each subchart's, then
 * the Istio chart's), then the profile's values file (`IstioProps.profile`), for the patch release rendered
 * (`IstioProps.version`); the `@default` of a field is the chart's `values.yaml` one, before the profile.
 */
export interface IstioValues extends NameOverrideValues {
  /** Settings every subchart reads. */
  readonly global: GlobalValues;
  /** The Istio CNI plugin: with it on, the injector adds no init container. @default - `{ enabled: false }` */
  readonly istio_cni: { readonly enabled: boolean };
  /** CoreDNS with the Istio plugin. */
  readonly istiocoredns: IstioCorednsValues;
  /** cert-manager. */
  readonly certmanager: CertManagerValues;
  /** The SDS node agent. */
  readonly nodeagent: NodeagentValues;
  /** Galley. */
  readonly galley: GalleyValues;
  /** The gateways. */
  readonly gateways: GatewaysValues;
  /** The sidecar injector. */
  readonly sidecarInjectorWebhook: SidecarInjectorWebhookValues;
  /** The Mixers. */
  readonly mixer: MixerValues;
  /** Pilot. */
  readonly pilot: PilotValues;
  /** Citadel. */
  readonly security: SecurityValues;
  /** Prometheus. */
  readonly prometheus: PrometheusValues;
  /** Grafana. */
  readonly grafana: GrafanaValues;
  /** Kiali. */
  readonly kiali: KialiValues;
  /** Tracing. */
  readonly tracing: TracingValues;
}

/**
 * The values of the release's demo profile (`istio-demo.yaml`): the chart's `values.yaml` with
 * `values-istio-demo-common.yaml` and `values-istio-demo.yaml`, as Helm 2 coalesces them. A fresh tree on every call.
 */
export function demoValues(): IstioValues {
  return chartValues({ profile: 'demo' }) as unknown as IstioValues;
}

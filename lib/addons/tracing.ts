/**
 * The tracing addon: Jaeger's all-in-one Deployment `istio-tracing` (collector, in-memory storage and query UI) and
 * its Services, among them `zipkin`, where every Envoy sends its spans.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { Construct } from 'constructs';
import { appLabels, chartLabels, nsMeta, ReleaseService } from '../meta';
import { IstioConfig, IstioOptionError } from '../options';
import { istioAffinity, istioTolerations } from '../scheduling';
import { addonIngress } from './ingress';
import { pullSecrets, resourcesOrDefault } from '../workload';

const QUERY_PORT = 16686;
const ZIPKIN_PORT = 9411;

/** A Service of the addon, as props, so it can stand alone or inside a `kind: List`. */
interface TracingService {
  readonly props: k8s.KubeServiceProps;
  /** The chart writes an empty `annotations:` (a null) on these. */
  readonly nullAnnotations: boolean;
}

function port(name: string, p: number, protocol: 'TCP' | 'UDP', targetPort = p): k8s.ServicePort {
  return { name, port: p, protocol, targetPort: k8s.IntOrString.fromNumber(targetPort) };
}

/** The Tracing addon's objects (Jaeger only: the chart's zipkin provider is not offered). */
export class Tracing extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.tracing;
    const g = config.values.global;
    if (values.provider !== 'jaeger') {
      throw new IstioOptionError('values.tracing.provider', values.provider, 'jaeger (the only tracing provider cdk8s-istio renders)');
    }
    const provider = values.provider;
    const labels = appLabels(config, 'jaeger', { chart: 'tracing' });
    const basePath = `/${provider}`;

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, 'istio-tracing', labels),
      spec: {
        selector: { matchLabels: { app: 'jaeger' } },
        template: {
          metadata: {
            labels,
            annotations: {
              'sidecar.istio.io/inject': 'false',
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(QUERY_PORT),
              'prometheus.io/path': `${basePath}/metrics`,
            },
          },
          spec: {
            ...(g.priorityClassName ? { priorityClassName: g.priorityClassName } : {}),
            ...pullSecrets(config),
            containers: [{
              name: 'jaeger',
              image: `${values.jaeger.hub}/all-in-one:${values.jaeger.tag}`,
              imagePullPolicy: g.imagePullPolicy,
              ports: [
                { containerPort: ZIPKIN_PORT },
                { containerPort: QUERY_PORT },
                ...[5775, 6831, 6832].map((p) => ({ containerPort: p, protocol: 'UDP' })),
              ],
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
                { name: 'COLLECTOR_ZIPKIN_HTTP_PORT', value: String(ZIPKIN_PORT) },
                { name: 'MEMORY_MAX_TRACES', value: String(values.jaeger.memory.max_traces) },
                { name: 'QUERY_BASE_PATH', value: basePath },
              ],
              livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(QUERY_PORT) } },
              readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(QUERY_PORT) } },
              resources: resourcesOrDefault(config, undefined),
            }],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
      },
    });

    const annotations = Object.keys(values.service.annotations).length ? values.service.annotations : undefined;
    const selector = { app: provider };
    const jaegerServices: TracingService[] = [
      {
        nullAnnotations: true,
        props: {
          metadata: nsMeta(config, 'jaeger-query', appLabels(config, 'jaeger', { 'jaeger-infra': 'jaeger-service', chart: 'tracing' }), annotations),
          spec: { ports: [port('query-http', QUERY_PORT, 'TCP')], selector },
        },
      },
      {
        nullAnnotations: false,
        props: {
          metadata: nsMeta(config, 'jaeger-collector', appLabels(config, 'jaeger', { 'jaeger-infra': 'collector-service', chart: 'tracing' })),
          spec: { ports: [port('jaeger-collector-tchannel', 14267, 'TCP'), port('jaeger-collector-http', 14268, 'TCP')], selector, type: 'ClusterIP' },
        },
      },
      {
        nullAnnotations: false,
        props: {
          metadata: nsMeta(config, 'jaeger-agent', appLabels(config, 'jaeger', { 'jaeger-infra': 'agent-service', chart: 'tracing' })),
          spec: {
            ports: [port('agent-zipkin-thrift', 5775, 'UDP'), port('agent-compact', 6831, 'UDP'), port('agent-binary', 6832, 'UDP')],
            clusterIp: 'None', // headless: each agent address is a pod
            selector,
          },
        },
      },
    ];
    const providerLabels = { app: provider, ...chartLabels(config, 'tracing') };
    const tracingServices: TracingService[] = [
      {
        nullAnnotations: false,
        props: {
          metadata: nsMeta(config, 'zipkin', providerLabels),
          spec: {
            type: values.service.type,
            ports: [{ port: values.service.externalPort, targetPort: k8s.IntOrString.fromNumber(ZIPKIN_PORT), protocol: 'TCP', name: values.service.name }],
            selector,
          },
        },
      },
      {
        nullAnnotations: true,
        props: {
          metadata: nsMeta(config, 'tracing', providerLabels, annotations),
          spec: { ports: [port('http-query', 80, 'TCP', QUERY_PORT)], selector },
        },
      },
    ];
    this.services('jaeger-services', labels, jaegerServices, config);
    this.services('tracing-services', providerLabels, tracingServices, config);
    addonIngress(this, config, {
      name: `${config.release}-tracing`, labels: providerLabels, ingress: values.ingress, path: basePath, serviceName: 'tracing', servicePort: 80,
    });
  }

  /**
   * The release wraps these Services in a `kind: List`; GitOps tools track objects, not Lists, so `gitops` delivery
   * emits them one by one.
   */
  private services(listName: string, labels: Record<string, string>, services: TracingService[], config: IstioConfig) {
    if (config.delivery === 'gitops') {
      for (const s of services) {
        const name = s.props.metadata!.name!;
        if (s.nullAnnotations) new ReleaseService(this, name, s.props);
        else new k8s.KubeService(this, name, s.props);
      }
      return;
    }
    const list = new ApiObject(this, listName, {
      apiVersion: 'v1',
      kind: 'List',
      metadata: nsMeta(config, listName, labels),
      items: services.map((s) => k8s.KubeService.manifest(s.props)),
    });
    // cdk8s drops nulls while it renders; the release's empty annotations go back in afterwards.
    services.forEach((s, i) => {
      if (s.nullAnnotations && !s.props.metadata?.annotations) list.addJsonPatch(JsonPatch.add(`/items/${i}/metadata/annotations`, null));
    });
  }
}

/**
 * The tracing addon: the `istio-tracing` Deployment of the chosen provider (`tracing.provider`) and its Services,
 * among them `zipkin`, where every Envoy sends its spans.
 *
 * - `jaeger` (the default): Jaeger's all-in-one image (collector, in-memory storage and query UI) and the
 *   `jaeger-query`, `jaeger-collector` and `jaeger-agent` Services;
 * - `zipkin`: the Zipkin server with in-memory storage.
 */
import { JsonPatch } from 'cdk8s';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { PlainApiObject } from '../plain-json';
import { goText, reread, truthy } from '../helm-text';
import { appLabels, chartFullname, chartLabels, nsMeta, ReleaseService } from '../meta';
import { IstioConfig } from '../options';
import { istioAffinity, istioTolerations } from '../scheduling';
import { TracingValues } from '../values';
import { contextPathOr, helmTestPod, priorityClass, quotedAnnotations, tolerationsSince121 } from './chart-parts';
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

/** The Tracing addon's objects. */
export class Tracing extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.tracing;
    const g = config.values.global;
    // The templates compare and print the provider as text; a provider other than jaeger or zipkin still gets the
    // Services (selecting `app: <provider>`), without a Deployment.
    const provider = goText(values.provider);
    const isJaeger = provider === 'jaeger';
    const providerLabels = { app: provider, ...chartLabels(config, 'tracing') };

    if (isJaeger) this.jaegerDeployment(config, values);
    else if (provider === 'zipkin') this.zipkinDeployment(config, values);

    const annotations = quotedAnnotations(values.service.annotations);
    const selector = { app: provider };
    const svc = values.service;
    if (isJaeger) {
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
      this.services('jaeger-services', appLabels(config, 'jaeger', { chart: 'tracing' }), jaegerServices, config);
    }
    const tracingServices: TracingService[] = [
      {
        nullAnnotations: false,
        props: {
          metadata: nsMeta(config, 'zipkin', providerLabels),
          spec: {
            type: reread(svc.type) as string,
            ports: [{
              port: reread(svc.externalPort) as number, targetPort: k8s.IntOrString.fromNumber(ZIPKIN_PORT), protocol: 'TCP', name: reread(svc.name) as string,
            }],
            selector,
          },
        },
      },
      {
        nullAnnotations: true,
        props: {
          metadata: nsMeta(config, 'tracing', providerLabels, annotations),
          // The UI: Jaeger's query port, or Zipkin's own.
          spec: { ports: [port('http-query', 80, 'TCP', isJaeger ? QUERY_PORT : ZIPKIN_PORT)], selector },
        },
      },
    ];
    this.services('tracing-services', providerLabels, tracingServices, config);
    addonIngress(this, config, {
      name: chartFullname(config, 'tracing', values),
      labels: providerLabels,
      ingress: values.ingress,
      path: contextPathOr(values.contextPath, `/${provider}`),
      serviceName: 'tracing',
      servicePort: 80,
    });
    if (truthy(g.enableHelmTest)) {
      helmTestPod(this, config, {
        name: `${config.release}-${provider}-test`,
        labels: { app: `${provider}-test`, ...chartLabels(config, 'tracing') },
        containerName: `${provider}-test`,
        command: ['curl'],
        args: [isJaeger ? `http://tracing:80${goText(values.jaeger.contextPath)}` : 'http://tracing:80'],
        scheduling: values,
      });
    }
  }

  private jaegerDeployment(config: IstioConfig, values: TracingValues) {
    const g = config.values.global;
    const labels = appLabels(config, 'jaeger', { chart: 'tracing' });
    const hasContextPath = truthy(values.contextPath);
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
              'prometheus.io/path': hasContextPath ? `${goText(values.contextPath)}/metrics` : '/jaeger/metrics',
            },
          },
          spec: {
            ...priorityClass(config),
            ...pullSecrets(config),
            containers: [{
              name: 'jaeger',
              image: `${goText(values.jaeger.hub)}/all-in-one:${goText(values.jaeger.tag)}`,
              imagePullPolicy: reread(g.imagePullPolicy) as string,
              ports: [
                { containerPort: ZIPKIN_PORT },
                { containerPort: QUERY_PORT },
                ...[5775, 6831, 6832].map((p) => ({ containerPort: p, protocol: 'UDP' })),
              ],
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
                { name: 'COLLECTOR_ZIPKIN_HTTP_PORT', value: String(ZIPKIN_PORT) },
                { name: 'MEMORY_MAX_TRACES', value: goText(values.jaeger.memory.max_traces) },
                { name: 'QUERY_BASE_PATH', value: contextPathOr(values.contextPath, '/jaeger') },
              ],
              livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(QUERY_PORT) } },
              readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromNumber(QUERY_PORT) } },
              resources: resourcesOrDefault(config, values.jaeger.resources),
            }],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, tolerationsSince121(config, values)),
          },
        },
      },
    });
  }

  private zipkinDeployment(config: IstioConfig, values: TracingValues) {
    const g = config.values.global;
    const z = values.zipkin;
    const labels = appLabels(config, 'zipkin', { chart: 'tracing' });
    const queryPort = reread(z.queryPort) as number;
    const startupDelay = reread(z.probeStartupDelay) as number;
    const cpus = goText(z.node.cpus);
    const heap = goText(z.javaOptsHeap);
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: nsMeta(config, 'istio-tracing', labels),
      spec: {
        selector: { matchLabels: { app: 'zipkin' } },
        template: {
          metadata: {
            labels,
            annotations: { 'sidecar.istio.io/inject': 'false', 'scheduler.alpha.kubernetes.io/critical-pod': '' },
          },
          spec: {
            ...priorityClass(config),
            ...pullSecrets(config),
            containers: [{
              name: 'zipkin',
              image: `${goText(z.hub)}/zipkin:${goText(z.tag)}`,
              imagePullPolicy: reread(g.imagePullPolicy) as string,
              ports: [{ containerPort: queryPort }],
              // Zipkin's JVM takes minutes to start: the probes wait for it.
              livenessProbe: { initialDelaySeconds: startupDelay, tcpSocket: { port: k8s.IntOrString.fromNumber(queryPort) } },
              readinessProbe: { initialDelaySeconds: startupDelay, httpGet: { path: '/health', port: k8s.IntOrString.fromNumber(queryPort) } },
              resources: resourcesOrDefault(config, z.resources),
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
                { name: 'QUERY_PORT', value: goText(z.queryPort) },
                {
                  name: 'JAVA_OPTS',
                  value: [
                    `-XX:ConcGCThreads=${cpus}`, `-XX:ParallelGCThreads=${cpus}`, `-Djava.util.concurrent.ForkJoinPool.common.parallelism=${cpus}`,
                    `-Xms${heap}M`, `-Xmx${heap}M`, '-XX:+UseG1GC', '-server',
                  ].join(' '),
                },
                { name: 'STORAGE_METHOD', value: 'mem' },
                { name: 'ZIPKIN_STORAGE_MEM_MAXSPANS', value: goText(z.maxSpans) },
              ],
            }],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, tolerationsSince121(config, values)),
          },
        },
      },
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
    const list = new PlainApiObject(this, listName, {
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

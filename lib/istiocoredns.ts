/**
 * The chart's `istiocoredns` subchart (`istiocoredns.enabled`): CoreDNS with Istio's plugin, which answers
 * `<name>.<namespace>.global` queries from the mesh's ServiceEntries for multicluster meshes. A ConfigMap with the
 * Corefile, the ServiceAccount and its read access to `networking.istio.io`, a DNS Service and the Deployment.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { chartAppName, truthy } from './helm-text';
import { chartAffinity, chartTolerations, HelmRendered, plain, quoted, resourcesOrDefault } from './helm-rendered';
import { chartLabels } from './meta';
import { IstioConfig } from './options';

const CHART = 'istiocoredns';
const SERVICE_ACCOUNT = 'istiocoredns-service-account';
/** Where the plugin serves CoreDNS over gRPC, beside it in the pod. */
const PLUGIN_ADDRESS = '127.0.0.1:8053';

const Deployment = HelmRendered(k8s.KubeDeployment);

/** One Corefile directive: its words, and the block it opens. */
interface CorefileDirective {
  readonly words: string[];
  readonly block?: CorefileDirective[];
}

/** A Corefile server block: the zone and port it serves, and its plugins in order. */
interface CorefileServer {
  readonly key: string;
  readonly directives: CorefileDirective[];
}

/** `*.global` to the Istio plugin, everything else to the node's resolver. */
const COREFILE: CorefileServer = {
  key: '.:53',
  directives: [
    { words: ['errors'] },
    { words: ['health'] },
    { words: ['proxy', 'global', PLUGIN_ADDRESS], block: [{ words: ['protocol', 'grpc', 'insecure'] }] },
    { words: ['prometheus', ':9153'] },
    { words: ['proxy', '.', '/etc/resolv.conf'] },
    { words: ['cache', '30'] },
    { words: ['reload'] },
  ],
};

/** The Corefile as the chart writes it: directives six spaces in, nested ones two more, the server's brace at four. */
function corefileText(server: CorefileServer): string {
  const lines = [`${server.key} {`];
  const write = (ds: CorefileDirective[], indent: string) => {
    for (const d of ds) {
      if (!d.block) { lines.push(`${indent}${d.words.join(' ')}`); continue; }
      lines.push(`${indent}${d.words.join(' ')} {`);
      write(d.block, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  write(server.directives, ' '.repeat(6));
  lines.push(`${' '.repeat(4)}}`);
  return `${lines.join('\n')}\n`;
}

/** The `istiocoredns` subchart's objects. */
export class IstioCoreDns extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const v = config.values.istiocoredns;
    const g = config.values.global;
    const ns = config.namespace;
    const labels = { app: plain(chartAppName(CHART, v)), ...chartLabels(config, CHART) };

    new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: 'coredns', namespace: ns, labels },
      data: { Corefile: corefileText(COREFILE) },
    });
    new k8s.KubeServiceAccount(this, 'service-account', {
      ...(truthy(g.imagePullSecrets) ? { imagePullSecrets: (g.imagePullSecrets ?? []).map((s) => ({ name: plain(s) })) } : {}),
      metadata: { name: SERVICE_ACCOUNT, namespace: ns, labels },
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: CHART, labels },
      rules: [{ apiGroups: ['networking.istio.io'], resources: ['*'], verbs: ['get', 'watch', 'list'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: `istio-istiocoredns-role-binding-${ns}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CHART },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: ns }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: CHART, namespace: ns, labels },
      spec: {
        selector: { app: CHART },
        ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
      },
    });

    const resources = resourcesOrDefault(config, v.resources);
    const { affinity, finish } = chartAffinity(config, v);
    const tolerations = chartTolerations(config, v.tolerations);
    const deployment = new Deployment(this, 'deployment', {
      metadata: { name: CHART, namespace: ns, labels },
      spec: {
        replicas: plain(v.replicaCount),
        selector: { matchLabels: { app: CHART } },
        template: {
          metadata: {
            name: CHART,
            labels: { app: CHART, ...chartLabels(config, CHART) },
            annotations: { 'sidecar.istio.io/inject': 'false' },
          },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            ...(truthy(g.priorityClassName) ? { priorityClassName: quoted(g.priorityClassName) } : {}),
            containers: [
              {
                name: 'coredns',
                image: plain(v.coreDNSImage),
                imagePullPolicy: plain(g.imagePullPolicy),
                args: ['-conf', '/etc/coredns/Corefile'],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns' }],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                ],
                livenessProbe: {
                  httpGet: { path: '/health', port: k8s.IntOrString.fromNumber(8080), scheme: 'HTTP' },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                resources,
              },
              {
                name: 'istio-coredns-plugin',
                command: ['/usr/local/bin/plugin'],
                image: plain(v.coreDNSPluginImage),
                imagePullPolicy: plain(g.imagePullPolicy),
                ports: [{ containerPort: 8053, name: 'dns-grpc', protocol: 'TCP' }],
                resources,
              },
            ],
            dnsPolicy: 'Default',
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
            affinity,
            ...(tolerations ? { tolerations } : {}),
          },
        },
      },
    });
    deployment.finish.push(...finish);
  }
}

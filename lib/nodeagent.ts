import { sinceVersion } from './chart/versions';
/**
 * The SDS node agent (the chart's `nodeagent` subchart): a DaemonSet that serves workload certificates over a Unix
 * domain socket on every node, from Citadel or another CA (`env.CA_PROVIDER`, `env.CA_ADDR`).
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { goText } from './helm-text';
import { istioImage, nsMeta, subchartLabels } from './meta';
import { IstioConfig } from './options';
import { istioAffinity, istioTolerations } from './scheduling';
import { pullSecrets } from './workload';

/** Where the agent's socket lives, on the node and in the pod. */
const SDS_PATH = '/var/run/sds';

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/**
 * What a text becomes once written between the double quotes of a YAML scalar (`value: "{{ $val }}"`) and parsed
 * back: YAML's backslash escapes are decoded, so a `\n` in a values file is a line break in the container's environment.
 */
export function yamlDoubleQuotedText(text: string): string {
  return text.replace(/\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return YAML_ESCAPES[e] ?? m;
  });
}

/** The node agent's objects (rendered when the `nodeagent` subchart is: `nodeagent.enabled`). */
export class NodeAgent extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.nodeagent;
    const g = config.values.global;
    const ns = config.namespace;
    const labels = subchartLabels(config, 'nodeagent', values);
    const account = 'istio-nodeagent-service-account';
    const roleName = `istio-nodeagent-${ns}`;

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: nsMeta(config, account, labels), ...pullSecrets(config) });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: roleName, labels },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: roleName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    });

    const podLabels = { ...labels, istio: 'nodeagent' };
    const env = values.env ?? {};
    new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata: nsMeta(config, 'istio-nodeagent', podLabels),
      spec: {
        selector: { matchLabels: { istio: 'nodeagent' } },
        template: {
          metadata: { labels: podLabels, annotations: { 'sidecar.istio.io/inject': 'false' } },
          spec: {
            serviceAccountName: account,
            ...(g.priorityClassName ? { priorityClassName: g.priorityClassName } : {}),
            containers: [{
              name: 'nodeagent',
              image: istioImage(config, values.image),
              imagePullPolicy: g.imagePullPolicy,
              volumeMounts: [{ mountPath: SDS_PATH, name: 'sdsudspath' }],
              // The chart ranges over the map in key order and quotes every value (`VALID_TOKEN: true` is "true").
              env: [
                ...Object.keys(env).sort().map((name) => ({ name, value: yamlDoubleQuotedText(goText(env[name])) })),
                { name: 'Trust_Domain', value: yamlDoubleQuotedText(goText(g.trustDomain)) },
                ...(sinceVersion(config.version, 'nodeagent-namespace-env') ? [{ name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }] : []),
              ],
            }],
            volumes: [{ name: 'sdsudspath', hostPath: { path: SDS_PATH } }],
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
        ...(sinceVersion(config.version, 'nodeagent-rolling-update') ? { updateStrategy: { type: 'RollingUpdate' } } : {}),
      },
    });
  }
}

/**
 * cert-manager (the chart's `certmanager` subchart): obtains ACME (Let's Encrypt) certificates for the gateways,
 * with the staging and production ClusterIssuers.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { PodDisruptionBudgetV1Beta1 } from './k8s-legacy';
import { PlainApiObject } from './plain-json';
import { goText, reread, YamlScalar } from './helm-text';
import { chartLabels, nsMeta } from './meta';
import { IstioConfig } from './options';
import { istioAffinity, istioTolerations } from './scheduling';
import { containerResources, pullSecrets } from './workload';

const NAME = 'certmanager';

/** A Let's Encrypt ACME server a ClusterIssuer registers with. */
export interface AcmeIssuer {
  readonly name: string;
  readonly server: string;
}

/** The chart's two issuers: Let's Encrypt's staging and production servers. */
export const LETS_ENCRYPT_ISSUERS: readonly AcmeIssuer[] = [
  { name: 'letsencrypt-staging', server: 'https://acme-staging-v02.api.letsencrypt.org/directory' },
  { name: 'letsencrypt', server: 'https://acme-v02.api.letsencrypt.org/directory' },
];

export interface ClusterIssuerProps {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: {
    readonly acme: {
      readonly server: string;
      /** The ACME account's contact; `null` renders as the chart's empty `email:`. */
      readonly email: YamlScalar;
      /** The Secret holding the ACME account's private key. */
      readonly privateKeySecretRef: { readonly name: string };
      readonly http01: Record<string, never>;
    };
  };
}

/** `certmanager.k8s.io/v1alpha1` ClusterIssuer (cert-manager 0.6). */
export class ClusterIssuer extends PlainApiObject {
  constructor(scope: Construct, id: string, props: ClusterIssuerProps) {
    super(scope, id, { apiVersion: 'certmanager.k8s.io/v1alpha1', kind: 'ClusterIssuer', ...props });
  }

  /** Keeps a `null` email (cdk8s drops nulls), as the chart's `email:` without a value renders. */
  public toJson(): any {
    const json = super.toJson();
    if (json.spec?.acme && !('email' in json.spec.acme)) json.spec.acme = { ...json.spec.acme, email: null };
    return json;
  }
}

/** A Deployment whose pods' `dnsConfig` is written as given (the typed PodDNSConfig drops keys it does not know). */
class RawDnsConfigDeployment extends k8s.KubeDeployment {
  constructor(scope: Construct, id: string, private readonly dnsConfig: Record<string, unknown> | undefined, props: k8s.KubeDeploymentProps) {
    super(scope, id, props);
  }

  public toJson(): any {
    const json = super.toJson();
    if (this.dnsConfig) json.spec.template.spec.dnsConfig = this.dnsConfig;
    return json;
  }
}

/** cert-manager's objects (rendered when the `certmanager` subchart is: `certmanager.enabled`). */
export class CertManager extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.certmanager;
    const g = config.values.global;
    const ns = config.namespace;
    // Every object is `app: certmanager`, whatever nameOverride says.
    const labels = { app: NAME, ...chartLabels(config, NAME) };
    const podLabels = values.podLabels && Object.keys(values.podLabels).length ? values.podLabels : undefined;

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: nsMeta(config, NAME, labels), ...pullSecrets(config) });
    const dnsConfig = values.podDnsConfig && Object.keys(values.podDnsConfig).length ? values.podDnsConfig : undefined;
    new RawDnsConfigDeployment(this, 'deployment', dnsConfig, {
      metadata: nsMeta(config, NAME, labels),
      spec: {
        replicas: values.replicaCount,
        selector: { matchLabels: { app: NAME } },
        template: {
          metadata: {
            labels: { ...labels, ...podLabels },
            annotations: { 'sidecar.istio.io/inject': 'false', ...values.podAnnotations },
          },
          spec: {
            serviceAccountName: NAME,
            ...(g.priorityClassName ? { priorityClassName: g.priorityClassName } : {}),
            containers: [{
              name: NAME,
              image: `${values.hub}/cert-manager-controller:${values.tag}`,
              imagePullPolicy: g.imagePullPolicy,
              args: [
                '--cluster-resource-namespace=$(POD_NAMESPACE)',
                '--leader-election-namespace=$(POD_NAMESPACE)',
                ...(Array.isArray(values.extraArgs) ? values.extraArgs.map(goText) : []),
              ],
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              resources: containerResources(values.resources ?? {}),
            }],
            ...(values.podDnsPolicy ? { dnsPolicy: values.podDnsPolicy } : {}),
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
      },
    });
    LETS_ENCRYPT_ISSUERS.forEach((issuer) => {
      new ClusterIssuer(this, `issuer-${issuer.name}`, {
        // The chart gives the cluster-scoped issuers a namespace; kubectl ignores it.
        metadata: { name: issuer.name, namespace: ns, labels },
        spec: { acme: { server: issuer.server, email: reread(values.email), privateKeySecretRef: { name: issuer.name }, http01: {} } },
      });
    });
    if (g.defaultPodDisruptionBudget.enabled) {
      new PodDisruptionBudgetV1Beta1(this, 'disruption-budget', {
        // The release packaged every subchart at the Istio version, which `.Chart.Version` gives.
        metadata: nsMeta(config, NAME, { ...labels, version: config.version, ...podLabels }),
        spec: { minAvailable: 1, selector: { matchLabels: { app: NAME, release: config.release } } },
      });
    }
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: NAME, labels },
      rules: [
        {
          apiGroups: ['certmanager.k8s.io'],
          resources: ['certificates', 'certificates/finalizers', 'issuers', 'clusterissuers', 'orders', 'orders/finalizers', 'challenges'],
          verbs: ['*'],
        },
        { apiGroups: [''], resources: ['configmaps', 'secrets', 'events', 'services', 'pods'], verbs: ['*'] },
        { apiGroups: ['extensions'], resources: ['ingresses'], verbs: ['*'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ name: NAME, namespace: ns, kind: 'ServiceAccount' }],
    });
  }
}

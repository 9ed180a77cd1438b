import { sinceVersion } from './chart/versions';
/**
 * Citadel (the chart's `security` subchart): the mesh's certificate authority, which issues every workload's
 * certificate as a Secret; the mesh-wide authentication policy (MeshPolicy, and in strict mode the DestinationRules
 * that make clients use mutual TLS); and the post-delete Job that removes the certificates again.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { AuthenticationPolicySpec, DestinationRuleSpec, validateDestinationRuleSpec, validateMeshPolicySpec, VirtualService } from './resources';
import { goText } from './helm-text';
import { chartFullname, istioImage, nsMeta, subchartLabels } from './meta';
import { IstioConfig } from './options';
import { CustomResourceDocument, PostInstallCustomResources } from './post-install-job';
import { istioAffinity, istioTolerations } from './scheduling';
import { controlPlaneDeployment, pullSecrets, resourcesOrDefault } from './workload';

const GRPC_PORT = 8060;

/**
 * The mesh-wide authentication the release applies after install: permissive mode accepts plain text and mutual
 * TLS; strict mode requires mutual TLS and tells every client to use it (except towards the API server).
 */
export function meshAuthenticationDocuments(config: IstioConfig): CustomResourceDocument[] {
  const labels = subchartLabels(config, 'security', config.values.security);
  const quotedMeta = ['apiVersion', 'kind', 'metadata.name'];
  if (!config.values.global.mtls.enabled) {
    const spec: AuthenticationPolicySpec = { peers: [{ mtls: { mode: 'PERMISSIVE' } }] };
    return [{
      comments: ['Authentication policy to enable permissive mode for all services (that have sidecar) in the mesh.'],
      quoted: quotedMeta,
      object: { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default', labels }, spec: spec as Record<string, unknown> },
    }];
  }
  const destinationRule = (name: string, spec: DestinationRuleSpec) => (validateDestinationRuleSpec(spec), {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'DestinationRule',
    metadata: { name, namespace: config.namespace, labels },
    spec: spec as unknown as Record<string, unknown>,
  });
  const meshPolicy: AuthenticationPolicySpec = { peers: [{ mtls: {} }] };
  validateMeshPolicySpec(meshPolicy);
  // With config visibility settings, the rules are exported to every namespace explicitly.
  const exportTo = config.values.global.defaultConfigVisibilitySettings?.length ? { exportTo: ['*'] } : {};
  return [
    {
      comments: [
        'These policy and destination rules effectively enable mTLS for all services in the mesh. For now,',
        'they are added to Istio installation yaml for backward compatible. In future, they should be in',
        'a separated yaml file so that customer can enable mTLS independent from installation.',
        '',
        'Authentication policy to enable mutual TLS for all services (that have sidecar) in the mesh.',
      ],
      quoted: quotedMeta,
      object: { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default', labels }, spec: meshPolicy as Record<string, unknown> },
    },
    {
      comments: [
        'Corresponding destination rule to configure client side to use mutual TLS when talking to',
        'any service (host) in the mesh.',
      ],
      quoted: ['metadata.name', 'spec.host'],
      object: destinationRule('default', { host: '*.local', ...exportTo, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
    },
    {
      comments: [
        'Destination rule to disable (m)TLS when talking to API server, as API server doesn\'t have sidecar.',
        'Customer should add similar destination rules for other services that don\'t have sidecar.',
      ],
      quoted: ['metadata.name', 'spec.host'],
      object: destinationRule('api-server', {
        host: `kubernetes.default.svc.${config.values.global.proxy.clusterDomain}`,
        ...exportTo,
        trafficPolicy: { tls: { mode: 'DISABLE' } },
      }),
    },
  ];
}

/** The shell loop of the cleanup Job: delete every certificate Secret Citadel created. */
const CLEANUP_SCRIPT = [
  'kubectl get secret --all-namespaces | grep "istio.io/key-and-cert" |  while read -r entry; do',
  '  ns=$(echo $entry | awk \'{print $1}\');',
  '  name=$(echo $entry | awk \'{print $2}\');',
  '  kubectl delete secret $name -n $ns;',
  'done',
  '',
].join('\n');

/** Citadel's objects (rendered when the `security` subchart is: `security.enabled`). */
export class Citadel extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const values = config.values.security;
    const g = config.values.global;
    const ns = config.namespace;
    const labels = subchartLabels(config, 'security', values);
    const citadelLabels = { ...labels, istio: 'citadel' };

    // Helm runs these after `helm delete`; GitOps delivery has no such hook, and emits no Jobs (istio/istio#17122).
    // 1.2.8 removed the Job: it deleted every workload certificate on upgrade too.
    if (config.delivery === 'release' && !sinceVersion(config.version, 'no-cleanup-secrets-job')) this.cleanupSecretsJob(config, labels);

    // The ConfigMap is always there; the Job that applies it only with `createMeshPolicy`.
    new PostInstallCustomResources(this, 'custom-resources', config, {
      component: 'security',
      documents: meshAuthenticationDocuments(config),
      labels,
      configMapLabels: citadelLabels,
      legacyRbac: true,
      setImagePullPolicy: true,
      apply: values.createMeshPolicy,
      onUpgrade: sinceVersion(config.version, 'security-job-on-upgrade'),
      scheduling: values,
      rules: [
        { apiGroups: ['authentication.istio.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['networking.istio.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get'] },
        { apiGroups: ['extensions', 'apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
      ],
    });

    const account = 'istio-citadel-service-account';
    const roleName = `istio-citadel-${ns}`;
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: nsMeta(config, account, labels), ...pullSecrets(config) });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: roleName, labels },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'update'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'watch', 'list', 'update', 'delete'] },
        { apiGroups: [''], resources: ['serviceaccounts', 'services'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: roleName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    });
    new k8s.KubeService(this, 'service', {
      metadata: nsMeta(config, 'istio-citadel', citadelLabels),
      spec: {
        ports: [
          { name: 'grpc-citadel', port: GRPC_PORT, targetPort: k8s.IntOrString.fromNumber(GRPC_PORT), protocol: 'TCP' },
          { name: 'http-monitoring', port: g.monitoringPort },
        ],
        selector: { istio: 'citadel' },
      },
    });
    const pluggedCa = !values.selfSigned;
    const deployment = controlPlaneDeployment(this, 'deployment', config, {
      name: 'istio-citadel',
      labels: citadelLabels,
      selector: { istio: 'citadel' },
      replicas: sinceVersion(config.version, 'citadel-replicas-and-ttl') ? values.replicaCount : 1,
      serviceAccountName: account,
      containers: [{
        name: 'citadel',
        image: istioImage(config, values.image),
        imagePullPolicy: g.imagePullPolicy,
        args: [
          ...(sinceVersion(config.version, 'citadel-sds-flag') && g.sds.enabled ? ['--sds-enabled=true'] : []),
          '--append-dns-names=true',
          `--grpc-port=${GRPC_PORT}`,
          `--citadel-storage-namespace=${ns}`,
          `--custom-dns-names=istio-pilot-service-account.${ns}:istio-pilot.${ns}`,
          `--monitoring-port=${g.monitoringPort}`,
          // Self-signed, or signing with the operator's CA from the `cacerts` Secret.
          ...(pluggedCa ? [
            '--self-signed-ca=false',
            '--signing-cert=/etc/cacerts/ca-cert.pem',
            '--signing-key=/etc/cacerts/ca-key.pem',
            '--root-cert=/etc/cacerts/root-cert.pem',
            '--cert-chain=/etc/cacerts/cert-chain.pem',
          ] : ['--self-signed-ca=true']),
          ...(g.trustDomain ? [`--trust-domain=${goText(g.trustDomain)}`] : []),
          ...(values.workloadCertTtl && sinceVersion(config.version, 'citadel-replicas-and-ttl') ? [`--workload-cert-ttl=${goText(values.workloadCertTtl)}`] : []),
          ...(values.citadelHealthCheck ? ['--liveness-probe-path=/tmp/ca.liveness', '--liveness-probe-interval=60s', '--probe-check-interval=15s'] : []),
        ],
        ...(values.citadelHealthCheck ? {
          livenessProbe: {
            exec: { command: ['/usr/local/bin/istio_ca', 'probe', '--probe-path=/tmp/ca.liveness', '--interval=125s'] },
            initialDelaySeconds: 60,
            periodSeconds: 60,
          },
        } : {}),
        resources: resourcesOrDefault(config, values.resources),
        ...(pluggedCa ? { volumeMounts: [{ name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true }] } : {}),
      }],
      // The operator's CA, when Citadel does not sign for itself.
      volumes: pluggedCa ? [{ name: 'cacerts', secret: { secretName: 'cacerts', optional: true } }] : undefined,
      scheduling: values,
    });
    if (sinceVersion(config.version, 'citadel-env')) {
      // `env:` followed by one entry per `security.env` key (sorted, quoted), or by nothing: a null list.
      const env = (values as { env?: Record<string, unknown> }).env ?? {};
      const keys = Object.keys(env).sort();
      deployment.finish.push((json) => {
        json.spec.template.spec.containers[0].env = keys.length ? keys.map((name) => ({ name, value: goText(env[name]) })) : null;
      });
    }

    if (g.meshExpansion.enabled) this.meshExpansion(config, citadelLabels);
    if (g.enableHelmTest) this.helmTest(config);
  }

  /** Mesh expansion: Citadel's gRPC port through the mesh-expansion gateway (or its internal load balancer). */
  private meshExpansion(config: IstioConfig, labels: Record<string, string>) {
    const ilb = config.values.global.meshExpansion.useILB;
    const host = `istio-citadel.${config.namespace}.svc.${config.values.global.proxy.clusterDomain}`;
    const name = ilb ? 'meshexpansion-vs-citadel-ilb' : 'meshexpansion-vs-citadel';
    new VirtualService(this, 'meshexpansion-virtual-service', {
      metadata: nsMeta(config, name, labels),
      spec: {
        hosts: [host],
        gateways: [ilb ? 'meshexpansion-ilb-gateway' : 'meshexpansion-gateway'],
        tcp: [{ match: [{ port: GRPC_PORT }], route: [{ destination: { host, port: { number: GRPC_PORT } } }] }],
      },
    });
  }

  /** `helm test`'s Pod: Citadel answers on its gRPC port. */
  private helmTest(config: IstioConfig) {
    const values = config.values.security;
    const g = config.values.global;
    const name = `${chartFullname(config, 'security', values)}-test`;
    new k8s.KubePod(this, 'helm-test', {
      metadata: nsMeta(config, name,
        { app: 'istio-citadel-test', chart: 'security', release: config.release, heritage: 'Tiller', istio: 'citadel' },
        { 'sidecar.istio.io/inject': 'false', 'helm.sh/hook': 'test-success' }),
      spec: {
        ...(g.priorityClassName ? { priorityClassName: g.priorityClassName } : {}),
        containers: [{
          name,
          // Always under the hub, whatever the proxy image holds.
          image: `${g.hub}/${g.proxy.image}:${g.tag}`,
          imagePullPolicy: g.imagePullPolicy,
          command: ['sh', '-c', sinceVersion(config.version, 'citadel-test-version-endpoint')
            ? `for i in 1 2 3; do curl http://istio-citadel:${goText(g.monitoringPort)}/version && exit 0 || sleep 15; done; exit 1`
            : 'for i in 1 2 3; do curl http://istio-citadel:8060/-/ready && exit 0 || sleep 15; done; exit 1'],
        }],
        restartPolicy: 'Never',
        affinity: istioAffinity(config, values),
        tolerations: istioTolerations(config, values),
      },
    });
  }

  /**
   * The post-delete Job that removes the certificate Secrets Citadel created, with its own ServiceAccount and RBAC
   * (Citadel's are gone by then). Hook weights order them before the Job.
   */
  private cleanupSecretsJob(config: IstioConfig, labels: Record<string, string>) {
    const ns = config.namespace;
    const g = config.values.global;
    const values = config.values.security;
    const name = 'istio-cleanup-secrets';
    const account = `${name}-service-account`;
    const hook = (weight: number) => ({
      'helm.sh/hook': 'post-delete', 'helm.sh/hook-delete-policy': 'hook-succeeded', 'helm.sh/hook-weight': String(weight),
    });
    new k8s.KubeServiceAccount(this, 'cleanup-service-account', {
      metadata: nsMeta(config, account, labels, hook(1)),
      ...pullSecrets(config),
    });
    new k8s.KubeClusterRole(this, 'cleanup-cluster-role', {
      metadata: { name: `${name}-${ns}`, annotations: hook(1), labels },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'delete'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'cleanup-cluster-role-binding', {
      metadata: { name: `${name}-${ns}`, annotations: hook(2), labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${name}-${ns}` },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
    });
    new k8s.KubeJob(this, 'cleanup-job', {
      metadata: nsMeta(config, `${name}-${String(g.tag).slice(0, 32)}`, labels, hook(3)),
      spec: {
        template: {
          metadata: { name, labels },
          spec: {
            serviceAccountName: account,
            containers: [{
              name: 'kubectl',
              image: istioImage(config, 'kubectl'),
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/bash', '-c', CLEANUP_SCRIPT],
            }],
            restartPolicy: 'OnFailure',
            affinity: istioAffinity(config, values),
            tolerations: istioTolerations(config, values),
          },
        },
      },
    });
  }
}

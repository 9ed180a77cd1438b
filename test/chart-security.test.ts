/**
 * The `security` (Citadel), `nodeagent`, `certmanager`, `sidecarInjectorWebhook` and `galley` subcharts, and the
 * parent chart's injector ConfigMap, for any profile and values, as the Istio 1.2.2 chart renders them: targeted
 * assertions on what each value changes, then a differential test against the Helm 2.9.1 oracle over every
 * combination probed while writing them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { IstioProps } from '../lib';
import { find, Manifest, synthCharts, synthObjects } from './helpers';
import { chartDir, chartSlice, describeWithOracle, testSampledCases } from './helm-oracle';
import type { OracleCase } from './helm-oracle';

const container = (o: Manifest, name: string) => o.spec.template.spec.containers.find((c: any) => c.name === name);
const envOf = (c: any) => Object.fromEntries((c.env as any[]).map((e) => [e.name, e.value ?? e.valueFrom]));
const has = (objects: Manifest[], kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.name === name);
const exampleValues = (file: string) => yaml.load(fs.readFileSync(path.join(chartDir(), 'example-values', file), 'utf8')) as object;
const haveChart = fs.existsSync(chartDir());
const testWithChart = haveChart ? test : test.skip;

describe('sidecar injector', () => {
  describe('with the sidecarInjectorWebhook subchart off (minimal profile)', () => {
    // GIVEN the minimal profile
    const objects = synthObjects({ profile: 'minimal' });

    test('the parent chart still renders the injector ConfigMap, with null selectors', () => {
      const cm = find(objects, 'ConfigMap', 'istio-sidecar-injector');
      expect(cm.metadata.labels).toEqual({ app: 'istio', chart: 'istio', heritage: 'Tiller', release: 'istio', istio: 'sidecar-injector' });
      const config = yaml.load(cm.data.config) as Record<string, unknown>;
      expect(config.alwaysInjectSelector).toBeNull();
      expect(config.neverInjectSelector).toBeNull();
      expect(config.policy).toBe('enabled');
      // The values JSON is the disabled subchart's parent section only.
      expect(JSON.parse(cm.data.values).sidecarInjectorWebhook).toEqual({ enabled: false });
    });

    test('renders no webhook, Deployment, Service, RBAC or disruption budget', () => {
      expect(objects.filter((o) => o.metadata.labels?.chart === 'sidecarInjectorWebhook')).toEqual([]);
      expect(has(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector')).toBe(false);
    });

    test('nor Citadel and Galley', () => {
      expect(objects.filter((o) => ['security', 'galley'].includes(o.metadata.labels?.chart ?? ''))).toEqual([]);
    });
  });

  test('global.omitSidecarInjectorConfigMap drops the ConfigMap, not the webhook', () => {
    const objects = synthObjects({ profile: 'default', set: ['global.omitSidecarInjectorConfigMap=true'] });
    expect(has(objects, 'ConfigMap', 'istio-sidecar-injector')).toBe(false);
    expect(has(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector')).toBe(true);
  });

  test('the selectors reach the ConfigMap as given', () => {
    const objects = synthObjects({ profile: 'demo', values: { sidecarInjectorWebhook: { neverInjectSelector: [{ matchLabels: { a: 'b' } }] } } });
    const config = yaml.load(find(objects, 'ConfigMap', 'istio-sidecar-injector').data.config) as Record<string, unknown>;
    expect(config.neverInjectSelector).toEqual([{ matchLabels: { a: 'b' } }]);
    expect(config.alwaysInjectSelector).toEqual([]);
  });

  test('enableNamespacesByDefault injects every namespace but the control plane and opted-out ones', () => {
    const objects = synthObjects({ profile: 'default', set: ['sidecarInjectorWebhook.enableNamespacesByDefault=true'] });
    expect(find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector').webhooks[0].namespaceSelector).toEqual({
      matchExpressions: [
        { key: 'name', operator: 'NotIn', values: ['istio-system'] },
        { key: 'istio-injection', operator: 'NotIn', values: ['disabled'] },
      ],
    });
  });

  test('resources, nameOverride, replicas and no disruption budget', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['sidecarInjectorWebhook.resources.requests.memory=10Mi', 'sidecarInjectorWebhook.nameOverride=inj', 'sidecarInjectorWebhook.replicaCount=2',
        'global.defaultPodDisruptionBudget.enabled=false'],
    });
    const d = find(objects, 'Deployment', 'istio-sidecar-injector');
    expect(d.spec.replicas).toBe(2);
    expect(d.metadata.labels).toMatchObject({ app: 'inj', chart: 'sidecarInjectorWebhook' });
    expect(container(d, 'sidecar-injector-webhook').resources).toEqual({ requests: { memory: '10Mi' } });
    expect(has(objects, 'PodDisruptionBudget', 'istio-sidecar-injector')).toBe(false);
  });
});

describe('Citadel (security subchart)', () => {
  test('a plugged-in CA: the cacerts Secret mounted, and the signing flags', () => {
    const d = find(synthObjects({ profile: 'default', set: ['security.selfSigned=false'] }), 'Deployment', 'istio-citadel');
    const c = container(d, 'citadel');
    expect(c.args).toEqual(expect.arrayContaining(['--self-signed-ca=false', '--signing-cert=/etc/cacerts/ca-cert.pem', '--cert-chain=/etc/cacerts/cert-chain.pem']));
    expect(c.args).not.toContain('--self-signed-ca=true');
    expect(c.volumeMounts).toEqual([{ name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true }]);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'cacerts', secret: { secretName: 'cacerts', optional: true } }]);
  });

  test('trust domain, certificate TTL and the health check', () => {
    const d = find(synthObjects({ profile: 'default', set: ['global.trustDomain=example.com', 'security.workloadCertTtl=48h', 'security.citadelHealthCheck=true'] }),
      'Deployment', 'istio-citadel');
    const c = container(d, 'citadel');
    expect(c.args).toEqual(expect.arrayContaining(['--trust-domain=example.com', '--workload-cert-ttl=48h', '--liveness-probe-path=/tmp/ca.liveness']));
    expect(c.livenessProbe.exec.command).toEqual(['/usr/local/bin/istio_ca', 'probe', '--probe-path=/tmp/ca.liveness', '--interval=125s']);
  });

  test('without createMeshPolicy (remote profile) only the ConfigMap of the custom resources renders', () => {
    const objects = synthObjects({ profile: 'remote' });
    const cm = find(objects, 'ConfigMap', 'istio-security-custom-resources');
    expect(cm.data['custom-resources.yaml']).toContain('kind: "MeshPolicy"');
    expect(objects.filter((o) => /istio-security-post-install/.test(o.metadata.name))).toEqual([]);
    // And in gitops delivery, nothing: Helm never applies them.
    const gitops = synthCharts({ profile: 'remote', delivery: 'gitops' }).flat();
    expect(gitops.filter((o) => o.kind === 'MeshPolicy')).toEqual([]);
  });

  test('the post-install Job pulls its kubectl IfNotPresent, whatever global.imagePullPolicy says', () => {
    const objects = synthObjects({ profile: 'default', set: ['global.imagePullPolicy=Always'] });
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('istio-security-post-install'))!;
    expect(job.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(container(find(objects, 'Deployment', 'istio-citadel'), 'citadel').imagePullPolicy).toBe('Always');
  });

  test('config visibility settings export the mutual-TLS DestinationRules everywhere', () => {
    const cm = find(synthObjects({ profile: 'default', set: ['global.mtls.enabled=true', 'global.defaultConfigVisibilitySettings={.}'] }),
      'ConfigMap', 'istio-security-custom-resources');
    const docs = yaml.loadAll(cm.data['custom-resources.yaml']) as Manifest[];
    expect(docs.map((d) => [d.kind, d.spec.exportTo])).toEqual([['MeshPolicy', undefined], ['DestinationRule', ['*']], ['DestinationRule', ['*']]]);
  });

  test.each([
    [false, 'meshexpansion-vs-citadel', 'meshexpansion-gateway'],
    [true, 'meshexpansion-vs-citadel-ilb', 'meshexpansion-ilb-gateway'],
  ])('mesh expansion (useILB %s) routes Citadel\'s gRPC port through %s', (ilb, name, gateway) => {
    const objects = synthObjects({ profile: 'default', set: ['global.meshExpansion.enabled=true', `global.meshExpansion.useILB=${ilb}`] });
    const vs = find(objects, 'VirtualService', name);
    const host = 'istio-citadel.istio-system.svc.cluster.local';
    expect(vs.metadata.labels).toMatchObject({ app: 'security', istio: 'citadel' });
    expect(vs.spec).toEqual({ hosts: [host], gateways: [gateway], tcp: [{ match: [{ port: 8060 }], route: [{ destination: { host, port: { number: 8060 } } }] }] });
  });

  test('global.enableHelmTest adds the test Pod, named by the fullname helper', () => {
    const plain = find(synthObjects({ profile: 'default', set: ['global.enableHelmTest=true'] }), 'Pod', 'istio-security-test');
    expect(plain.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', 'helm.sh/hook': 'test-success' });
    expect(plain.metadata.labels?.app).toBe('istio-citadel-test');
    expect(plain.spec.containers[0]).toMatchObject({ name: 'istio-security-test', image: 'docker.io/istio/proxyv2:1.2.2' });
    expect(plain.spec.restartPolicy).toBe('Never');
    const renamed = synthObjects({ profile: 'default', set: ['global.enableHelmTest=true', 'security.fullnameOverride=ca'] });
    expect(has(renamed, 'Pod', 'ca-test')).toBe(true);
  });

  test('nameOverride renames the app label, not the chart label', () => {
    const objects = synthObjects({ profile: 'default', set: ['security.nameOverride=ca'] });
    expect(find(objects, 'Service', 'istio-citadel').metadata.labels).toEqual({ app: 'ca', chart: 'security', heritage: 'Tiller', release: 'istio', istio: 'citadel' });
  });

  test('security.enabled=false renders none of its objects', () => {
    const objects = synthObjects({ profile: 'default', set: ['security.enabled=false'] });
    expect(objects.filter((o) => o.metadata.labels?.chart === 'security')).toEqual([]);
  });
});

describe('node agent (nodeagent subchart)', () => {
  test('sds-auth: the DaemonSet on every node, its environment quoted as the chart writes it', () => {
    const objects = synthObjects({ profile: 'sds-auth' });
    const ds = find(objects, 'DaemonSet', 'istio-nodeagent');
    expect(ds.metadata.labels).toEqual({ app: 'nodeagent', chart: 'nodeagent', heritage: 'Tiller', release: 'istio', istio: 'nodeagent' });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    const c = container(ds, 'nodeagent');
    // Keys in order; VALID_TOKEN's boolean printed as text; Trust_Domain last.
    expect(c.env).toEqual([
      { name: 'CA_ADDR', value: 'istio-citadel:8060' }, { name: 'CA_PROVIDER', value: 'Citadel' }, { name: 'Plugins', value: '' },
      { name: 'VALID_TOKEN', value: 'true' }, { name: 'Trust_Domain', value: '' },
    ]);
    expect(c.volumeMounts).toEqual([{ mountPath: '/var/run/sds', name: 'sdsudspath' }]);
    expect(ds.spec.template.spec.volumes).toEqual([{ name: 'sdsudspath', hostPath: { path: '/var/run/sds' } }]);
    expect(find(objects, 'ClusterRole', 'istio-nodeagent-istio-system').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    expect(find(objects, 'ClusterRoleBinding', 'istio-nodeagent-istio-system').subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'istio-nodeagent-service-account', namespace: 'istio-system' }]);
  });

  testWithChart('the Vault example: YAML escapes in a value are decoded, as the chart\'s double quotes decode them', () => {
    const ds = find(synthObjects({ profile: 'default', values: [exampleValues('values-istio-example-sds-vault.yaml')] }), 'DaemonSet', 'istio-nodeagent');
    const cert = envOf(container(ds, 'nodeagent')).VAULT_TLS_ROOT_CERT as string;
    expect(cert.split('\n')[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(cert).not.toContain('\\n');
  });

  test('numbers print as Go prints a float64; image, pull policy, priority class and pull secrets', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['nodeagent.enabled=true', 'nodeagent.env.BIG=12345678', 'nodeagent.image=my.reg/agent:1', 'global.imagePullPolicy=Always',
        'global.priorityClassName=high', 'global.imagePullSecrets={s1}', 'global.trustDomain=td'],
    });
    const ds = find(objects, 'DaemonSet', 'istio-nodeagent');
    const c = container(ds, 'nodeagent');
    expect(envOf(c)).toMatchObject({ BIG: '1.2345678e+07', Trust_Domain: 'td' });
    expect(c).toMatchObject({ image: 'my.reg/agent:1', imagePullPolicy: 'Always' });
    expect(ds.spec.template.spec.priorityClassName).toBe('high');
    expect(find(objects, 'ServiceAccount', 'istio-nodeagent-service-account').imagePullSecrets).toEqual([{ name: 's1' }]);
  });

  test('is off by default', () => {
    expect(synthObjects({ profile: 'default' }).filter((o) => o.metadata.labels?.chart === 'nodeagent')).toEqual([]);
  });
});

describe('cert-manager (certmanager subchart)', () => {
  test('enabled: its Deployment, two Let\'s Encrypt ClusterIssuers without an email, PDB and RBAC', () => {
    const objects = synthObjects({ profile: 'default', set: ['certmanager.enabled=true'] });
    const d = find(objects, 'Deployment', 'certmanager');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toBeUndefined();
    const c = container(d, 'certmanager');
    expect(c.image).toBe('quay.io/jetstack/cert-manager-controller:v0.6.2');
    expect(c.args).toEqual(['--cluster-resource-namespace=$(POD_NAMESPACE)', '--leader-election-namespace=$(POD_NAMESPACE)']);
    for (const [name, server] of [['letsencrypt-staging', 'acme-staging-v02'], ['letsencrypt', 'acme-v02']]) {
      const issuer = find(objects, 'ClusterIssuer', name);
      expect(issuer.apiVersion).toBe('certmanager.k8s.io/v1alpha1');
      expect(issuer.spec.acme).toEqual({ server: `https://${server}.api.letsencrypt.org/directory`, email: null, privateKeySecretRef: { name }, http01: {} });
    }
    expect(find(objects, 'PodDisruptionBudget', 'certmanager').metadata.labels).toMatchObject({ app: 'certmanager', version: '1.2.2' });
    expect(find(objects, 'ClusterRoleBinding', 'certmanager').subjects).toEqual([{ name: 'certmanager', namespace: 'istio-system', kind: 'ServiceAccount' }]);
  });

  test('email, pod labels and annotations, extra arguments, DNS policy and config', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['certmanager.enabled=true', 'certmanager.email=ops@example.com', 'certmanager.podLabels.team=edge', 'certmanager.podAnnotations.a=b',
        'certmanager.extraArgs={--v=2}', 'certmanager.podDnsPolicy=None', 'certmanager.podDnsConfig.foo=bar'],
    });
    const d = find(objects, 'Deployment', 'certmanager');
    expect(d.spec.template.metadata.labels).toMatchObject({ app: 'certmanager', team: 'edge' });
    expect(d.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', a: 'b' });
    expect(container(d, 'certmanager').args).toContain('--v=2');
    expect(container(d, 'certmanager').resources).toEqual({});
    expect(d.spec.template.spec).toMatchObject({ dnsPolicy: 'None', dnsConfig: { foo: 'bar' } });
    expect(find(objects, 'ClusterIssuer', 'letsencrypt').spec.acme.email).toBe('ops@example.com');
    expect(find(objects, 'PodDisruptionBudget', 'certmanager').metadata.labels?.team).toBe('edge');
  });

  test('no disruption budget when they are off', () => {
    expect(has(synthObjects({ profile: 'default', set: ['certmanager.enabled=true', 'global.defaultPodDisruptionBudget.enabled=false'] }),
      'PodDisruptionBudget', 'certmanager')).toBe(false);
  });
});

describe('Galley', () => {
  test('without config validation its webhook configuration has no webhooks (null, as the chart writes it)', () => {
    const cm = find(synthObjects({ profile: 'default', set: ['global.configValidation=false'] }), 'ConfigMap', 'istio-galley-configuration');
    expect((yaml.load(cm.data['validatingwebhookconfiguration.yaml']) as Manifest).webhooks).toBeNull();
  });

  test('MCP off, secured control plane, log level, resources, replicas', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['global.useMCP=false', 'global.controlPlaneSecurityEnabled=true', 'global.logging.level=default:debug', 'galley.resources.requests.cpu=1', 'galley.replicaCount=3'],
    });
    const d = find(objects, 'Deployment', 'istio-galley');
    const c = container(d, 'galley');
    expect(c.command).toEqual(expect.arrayContaining(['--insecure=false', '--enable-server=false', '--log_output_level=default:debug']));
    expect(c.resources).toEqual({ requests: { cpu: 1 } });
    expect(d.spec.replicas).toBe(3);
  });

  test('galley.enabled=false renders none of its objects', () => {
    expect(synthObjects({ profile: 'default', set: ['galley.enabled=false'] }).filter((o) => o.metadata.labels?.chart === 'galley')).toEqual([]);
  });
});

// ------------------------------------------------------------------ differential test against the oracle

/** Every combination probed against the oracle while the five subcharts were written. */
const COMBINATIONS: Array<[string, OracleCase]> = [
  ['default', { profile: 'default' }],
  ['demo', { profile: 'demo' }],
  ['demo-auth', { profile: 'demo-auth' }],
  ['minimal', { profile: 'minimal' }],
  ['sds-auth', { profile: 'sds-auth' }],
  ['remote', { profile: 'remote' }],
  ['example-values/values-istio-googleca.yaml', { profile: 'default', example: 'values-istio-googleca.yaml' }],
  ['example-values/values-istio-example-sds-vault.yaml', { profile: 'default', example: 'values-istio-example-sds-vault.yaml' }],
  ['plugged-in CA', { profile: 'default', set: ['security.selfSigned=false'] }],
  ['strict mTLS, secured control plane', { profile: 'default', set: ['global.mtls.enabled=true', 'global.controlPlaneSecurityEnabled=true'] }],
  ['no mesh policy', { profile: 'default', set: ['security.createMeshPolicy=false'] }],
  ['trust domain, certificate TTL, health check', { profile: 'default', set: ['global.trustDomain=example.com', 'security.workloadCertTtl=48h', 'security.citadelHealthCheck=true'] }],
  ['trust domain cluster.local', { profile: 'default', set: ['global.trustDomain=cluster.local'] }],
  ['mesh expansion', { profile: 'default', set: ['global.meshExpansion.enabled=true'] }],
  ['mesh expansion on the ILB', { profile: 'default', set: ['global.meshExpansion.enabled=true', 'global.meshExpansion.useILB=true'] }],
  ['helm test, name overrides', {
    profile: 'default',
    set: ['global.enableHelmTest=true', 'security.nameOverride=sec', 'security.fullnameOverride=citadelx', 'galley.nameOverride=gal',
      'sidecarInjectorWebhook.nameOverride=inj', 'nameOverride=top'],
  }],
  ['priority class and pull secrets (security off: its cleanup ServiceAccount repeats the key)', {
    profile: 'default', set: ['security.enabled=false', 'global.priorityClassName=high', 'global.imagePullSecrets={a,b}', 'nodeagent.enabled=true', 'certmanager.enabled=true'],
  }],
  ['priority class and pull secrets with security', { profile: 'default', set: ['global.priorityClassName=high', 'global.imagePullSecrets={a,b}'] }],
  ['scheduling of Citadel', { profile: 'default', set: ['security.nodeSelector.disk=ssd', 'security.tolerations[0].key=k', 'security.tolerations[0].operator=Exists'] }],
  ['Galley anti-affinity', {
    profile: 'default',
    set: ['galley.podAntiAffinityLabelSelector[0].key=a', 'galley.podAntiAffinityLabelSelector[0].operator=In', 'galley.podAntiAffinityLabelSelector[0].values=x\\,y',
      'galley.podAntiAffinityLabelSelector[0].topologyKey=kubernetes.io/hostname'],
  }],
  ['demo: Galley and injector scheduling', {
    profile: 'demo',
    set: ['galley.nodeSelector.a=b', 'galley.tolerations[0].key=x', 'galley.tolerations[0].effect=NoSchedule',
      'sidecarInjectorWebhook.podAntiAffinityTermLabelSelector[0].key=app', 'sidecarInjectorWebhook.podAntiAffinityTermLabelSelector[0].operator=In',
      'sidecarInjectorWebhook.podAntiAffinityTermLabelSelector[0].values=x', 'sidecarInjectorWebhook.podAntiAffinityTermLabelSelector[0].topologyKey=h'],
  }],
  ['demo: Citadel required anti-affinity, s390x', {
    profile: 'demo',
    set: ['security.podAntiAffinityLabelSelector[0].key=app', 'security.podAntiAffinityLabelSelector[0].operator=Exists',
      'security.podAntiAffinityLabelSelector[0].topologyKey=h', 'global.arch.s390x=3'],
  }],
  ['injector namespaces by default, probe rewriting', { profile: 'default', set: ['sidecarInjectorWebhook.enableNamespacesByDefault=true', 'sidecarInjectorWebhook.rewriteAppHTTPProbe=true'] }],
  ['no injector ConfigMap', { profile: 'default', set: ['global.omitSidecarInjectorConfigMap=true'] }],
  ['minimal without the injector ConfigMap', { profile: 'minimal', set: ['global.omitSidecarInjectorConfigMap=true'] }],
  ['CNI', { profile: 'default', set: ['istio_cni.enabled=true'] }],
  ['demo: injection off by default, CNI', { profile: 'demo', set: ['global.proxy.autoInject=disabled', 'istio_cni.enabled=true'] }],
  ['demo: injection selectors', {
    profile: 'demo',
    set: ['sidecarInjectorWebhook.neverInjectSelector[0].matchLabels.a=b', 'sidecarInjectorWebhook.alwaysInjectSelector[0].matchExpressions[0].key=x',
      'sidecarInjectorWebhook.alwaysInjectSelector[0].matchExpressions[0].operator=Exists'],
  }],
  ['no config validation', { profile: 'default', set: ['global.configValidation=false'] }],
  ['no MCP', { profile: 'default', set: ['global.useMCP=false'] }],
  ['no disruption budgets', { profile: 'default', set: ['global.defaultPodDisruptionBudget.enabled=false'] }],
  ['replicas', { profile: 'default', set: ['galley.replicaCount=3', 'security.replicaCount=2', 'sidecarInjectorWebhook.replicaCount=2'] }],
  ['resources', {
    profile: 'default',
    set: ['global.defaultResources.requests.cpu=50m', 'galley.resources.requests.cpu=1', 'security.resources.limits.memory=1Gi', 'sidecarInjectorWebhook.resources.requests.memory=10Mi'],
  }],
  ['images, pull policy', { profile: 'default', set: ['global.imagePullPolicy=Always', 'security.image=my.reg/citadel:x', 'galley.image=my.reg/galley:x', 'sidecarInjectorWebhook.image=inj'] }],
  ['log level, monitoring port', { profile: 'default', set: ['global.logging.level=default:debug', 'global.monitoringPort=9999'] }],
  ['hub and tag', { profile: 'default', set: ['global.tag=1.2.3', 'global.hub=gcr.io/x'] }],
  ['cert-manager', { profile: 'default', set: ['certmanager.enabled=true'] }],
  ['cert-manager settings', {
    profile: 'default',
    set: ['certmanager.enabled=true', 'certmanager.email=a@b.com', 'certmanager.podAnnotations.x=y', 'certmanager.podLabels.team=z', 'certmanager.extraArgs={--v=2,--foo}',
      'certmanager.podDnsPolicy=None', 'certmanager.podDnsConfig.foo=bar', 'certmanager.replicaCount=2', 'certmanager.nameOverride=cm'],
  }],
  ['cert-manager email read back as YAML', { profile: 'default', set: ['certmanager.enabled=true', 'certmanager.email=true'] }],
  ['node agent', { profile: 'default', set: ['nodeagent.enabled=true'] }],
  ['node agent settings', {
    profile: 'default',
    set: ['nodeagent.enabled=true', 'nodeagent.env.VALID_TOKEN=true', 'nodeagent.env.BIG=12345678', 'global.trustDomain=td', 'nodeagent.image=reg/na:1',
      'global.imagePullPolicy=Always', 'nodeagent.nameOverride=na'],
    values: { nodeagent: { env: { FLOAT: 1.5, SMALL: 0.00001, ESCAPED: 'a\\tb\\u00e9' } } },
  }],
  ['sds-auth scheduling', { profile: 'sds-auth', set: ['nodeagent.nodeSelector.x=y', 'global.defaultTolerations[0].key=k', 'global.defaultTolerations[0].operator=Exists'] }],
  ['sds-auth JWT flags', { profile: 'sds-auth', set: ['global.sds.useTrustworthyJwt=true', 'global.sds.useNormalJwt=false'] }],
  ['each subchart off', { profile: 'default', set: ['security.enabled=false', 'sidecarInjectorWebhook.enabled=false', 'galley.enabled=false'] }],
  ['minimal with the injector', { profile: 'minimal', set: ['sidecarInjectorWebhook.enabled=true'] }],
  ['minimal with Citadel and Galley', { profile: 'minimal', set: ['security.enabled=true', 'galley.enabled=true'] }],
  ['minimal with node agent and cert-manager', { profile: 'minimal', set: ['nodeagent.enabled=true', 'certmanager.enabled=true'] }],
  ['minimal without PDBs and Pilot', { profile: 'minimal', set: ['global.defaultPodDisruptionBudget.enabled=false', 'pilot.enabled=false'] }],
  ['demo: strict, plugged-in CA, health check', { profile: 'demo', set: ['security.selfSigned=false', 'security.citadelHealthCheck=true', 'global.mtls.enabled=true'] }],
  ['demo: strict with mesh expansion and visibility settings', { profile: 'demo', set: ['global.meshExpansion.enabled=true', 'global.mtls.enabled=true', 'global.defaultConfigVisibilitySettings={.}'] }],
  ['demo: addons off, helm test, ILB mesh expansion', {
    profile: 'demo',
    set: ['global.meshExpansion.enabled=true', 'global.meshExpansion.useILB=true', 'global.enableHelmTest=true', 'grafana.enabled=false', 'kiali.enabled=false',
      'prometheus.enabled=false', 'tracing.enabled=false'],
  }],
  ['demo: subcharts off', { profile: 'demo', set: ['sidecarInjectorWebhook.enabled=false', 'security.enabled=false', 'galley.enabled=false'] }],
  ['demo-auth without mesh policy or MCP', { profile: 'demo-auth', set: ['security.createMeshPolicy=false', 'global.useMCP=false'] }],
  ['remote with the mesh policy', { profile: 'remote', set: ['security.createMeshPolicy=true'] }],
  ['remote, strict', { profile: 'remote', set: ['global.mtls.enabled=true'] }],
  ['istioRemote on the default profile', { profile: 'default', set: ['global.istioRemote=true'] }],
];

/** The subcharts under test, and the parent chart's template that is theirs. */
const OUR_SOURCES = /^istio\/(charts\/(security|nodeagent|certmanager|sidecarInjectorWebhook|galley)\/|templates\/sidecar-injector-configmap\.yaml)/;
const OUR_CONSTRUCTS = /^istio\/(security|nodeagent|certmanager|sidecar-injector|galley)\//;

describeWithOracle('security, nodeagent, certmanager, sidecarInjectorWebhook and galley equal helm template (Helm 2.9.1 oracle)', () => {
  testSampledCases('chart-security', COMBINATIONS, chartSlice(OUR_SOURCES, OUR_CONSTRUCTS));
});

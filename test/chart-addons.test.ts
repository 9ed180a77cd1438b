/**
 * The addon subcharts (prometheus, grafana, kiali, tracing) for any profile and values, as the Istio 1.2.2 chart
 * renders them: targeted assertions on what each value changes, then a differential test against the Helm 2.9.1
 * oracle over every combination probed while writing them.
 */
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import { IstioProps } from '../lib';
import { quotedAnnotations, quotedMap } from '../lib/addons/chart-parts';
import { find, Manifest, synthCharts, synthObjects } from './helpers';
import { describeWithOracle, renderCase, renderWithHelm, testSampledCases } from './helm-oracle';

const ADDON_CHARTS = ['prometheus', 'grafana', 'kiali', 'tracing'];

/** The objects the addon subcharts render: every one of their templates writes `chart: <subchart>`. */
const addonObjects = (objects: Manifest[]) => objects.filter((o) => ADDON_CHARTS.includes(o.metadata?.labels?.chart ?? ''));
const container = (o: Manifest, i = 0) => o.spec.template.spec.containers[i];

describe('addon subcharts', () => {
  describe('which subcharts render', () => {
    test('the minimal profile renders none of them', () => {
      // GIVEN / WHEN
      const objects = synthObjects({ profile: 'minimal' });
      // THEN
      expect(addonObjects(objects)).toEqual([]);
    });

    test('each renders when its requirements condition holds, in any profile', () => {
      const objects = synthObjects({ profile: 'minimal', set: ['prometheus.enabled=true', 'kiali.enabled=true'] });
      const charts = new Set(addonObjects(objects).map((o) => o.metadata.labels!.chart));
      expect([...charts].sort()).toEqual(['kiali', 'prometheus']);
    });

    test('the default profile has Prometheus only', () => {
      const charts = new Set(addonObjects(synthObjects({ profile: 'default' })).map((o) => o.metadata.labels!.chart));
      expect([...charts]).toEqual(['prometheus']);
    });
  });

  describe('helm test Pods (global.enableHelmTest)', () => {
    const props: IstioProps = { profile: 'default', set: ['global.enableHelmTest=true', 'kiali.enabled=true', 'tracing.enabled=true', 'global.priorityClassName=pc'] };
    const pods = synthObjects(props).filter((o) => o.kind === 'Pod');

    test('Prometheus, Kiali and tracing each render theirs', () => {
      const names = pods.map((p) => p.metadata.name);
      expect(names).toEqual(expect.arrayContaining(['istio-prometheus-test', 'istio-kiali-test', 'istio-jaeger-test']));
    });

    test('the Pod curls the addon with the proxy image, as a test-success hook', () => {
      const pod = find(pods, 'Pod', 'istio-kiali-test');
      expect(pod.metadata.labels).toEqual({ app: 'kiali-test', chart: 'kiali', heritage: 'Tiller', release: 'istio', istio: 'kiali' });
      expect(pod.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', 'helm.sh/hook': 'test-success' });
      expect(pod.spec.priorityClassName).toBe('pc');
      expect(pod.spec.restartPolicy).toBe('Never');
      expect(pod.spec.containers).toEqual([{
        name: 'istio-kiali-test', image: 'docker.io/istio/proxyv2:1.2.2', imagePullPolicy: 'IfNotPresent', command: ['curl'], args: ['http://kiali:20001'],
      }]);
    });

    test('the tracing Pod is named for the provider', () => {
      const zipkin = synthObjects({ ...props, set: [...props.set!, 'tracing.provider=zipkin'] }).filter((o) => o.kind === 'Pod');
      expect(find(zipkin, 'Pod', 'istio-zipkin-test').spec.containers[0]).toMatchObject({ name: 'zipkin-test', args: ['http://tracing:80'] });
    });

    test('fails when Grafana is enabled too (the chart\'s Grafana test template does not render)', () => {
      expect(() => synthObjects({ profile: 'demo', set: ['global.enableHelmTest=true'] }))
        .toThrow(/\[istio\] values\.global\.enableHelmTest: got true, expected false while grafana is enabled/);
    });
  });

  describe('Prometheus', () => {
    test('retention, scrape interval, images, replicas and resources come from its values', () => {
      const objects = synthObjects({
        profile: 'default',
        set: ['prometheus.retention=1d', 'prometheus.scrapeInterval=30s', 'prometheus.hub=reg.example.com', 'prometheus.tag=v2', 'prometheus.replicaCount=2',
          'prometheus.resources.limits.memory=1Gi'],
      });
      const deployment = find(objects, 'Deployment', 'prometheus');
      expect(deployment.spec.replicas).toBe(2);
      expect(container(deployment).image).toBe('reg.example.com/prometheus:v2');
      expect(container(deployment).args[0]).toBe('--storage.tsdb.retention=1d');
      expect(container(deployment).resources).toEqual({ limits: { memory: '1Gi' } });
      const config = yaml.load(find(objects, 'ConfigMap', 'prometheus').data['prometheus.yml']) as { global: unknown };
      expect(config.global).toEqual({ scrape_interval: '30s' });
    });

    test('security off makes the certificates optional; the node-port Service only when enabled', () => {
      const objects = synthObjects({ profile: 'default', set: ['prometheus.security.enabled=false', 'prometheus.service.nodePort.enabled=true', 'prometheus.service.nodePort.port=32000'] });
      const certs = find(objects, 'Deployment', 'prometheus').spec.template.spec.volumes[1];
      expect(certs.secret).toEqual({ defaultMode: 420, optional: true, secretName: 'istio.default' });
      expect(find(objects, 'Service', 'prometheus-nodeport').spec.ports).toEqual([{ port: 9090, nodePort: 32000, name: 'http-prometheus' }]);
      expect(synthObjects({ profile: 'default' }).filter((o) => o.metadata.name === 'prometheus-nodeport')).toEqual([]);
    });

    test('Service annotations follow the chart\'s own', () => {
      const svc = find(synthObjects({ profile: 'default', setString: ['prometheus.service.annotations.weight=1'] }), 'Service', 'prometheus');
      expect(svc.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', weight: '1' });
    });
  });

  describe('Grafana', () => {
    test('persist adds the claim; the chart\'s empty storage class is written as a null (the cluster default)', () => {
      const objects = synthObjects({ profile: 'demo', set: ['grafana.persist=true'] });
      const pvc = find(objects, 'PersistentVolumeClaim', 'istio-grafana-pvc');
      expect(pvc.spec).toEqual({ storageClassName: null, accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } });
      const volumes = find(objects, 'Deployment', 'grafana').spec.template.spec.volumes;
      expect(volumes[1]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'istio-grafana-pvc' } });
    });

    test('security reads the admin credentials from its Secret', () => {
      const env = container(find(synthObjects({ profile: 'demo', set: ['grafana.security.enabled=true', 'grafana.security.secretName=gs'] }), 'Deployment', 'grafana')).env;
      expect(env.find((e: any) => e.name === 'GF_SECURITY_ADMIN_USER')).toEqual({ name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'gs', key: 'username' } } });
      expect(env.find((e: any) => e.name === 'GF_AUTH_ANONYMOUS_ENABLED').value).toBe('false');
    });

    test('the Service\'s type, port and load balancer settings; the mTLS exemption follows the port', () => {
      const objects = synthObjects({
        profile: 'demo',
        set: ['grafana.service.type=LoadBalancer', 'grafana.service.externalPort=8080', 'grafana.service.loadBalancerIP=1.2.3.4', 'grafana.service.loadBalancerSourceRanges={10.0.0.0/8}'],
      });
      const svc = find(objects, 'Service', 'grafana');
      expect(svc.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerIP: '1.2.3.4', loadBalancerSourceRanges: ['10.0.0.0/8'] });
      expect(svc.spec.ports).toEqual([{ port: 8080, targetPort: 3000, protocol: 'TCP', name: 'http' }]);
      const resources = find(objects, 'ConfigMap', 'istio-grafana-custom-resources').data['custom-resources.yaml'];
      expect(resources).toMatch(/- number: 8080/);
    });

    test('nameOverride renames the app label, not the pod labels or selectors', () => {
      const objects = synthObjects({ profile: 'demo', set: ['grafana.nameOverride=graf'] });
      const deployment = find(objects, 'Deployment', 'grafana');
      expect(deployment.metadata.labels?.app).toBe('graf');
      expect(deployment.spec.template.metadata.labels.app).toBe('grafana');
      expect(find(objects, 'Service', 'grafana').spec.selector).toEqual({ app: 'grafana' });
    });

    test('the post-install ServiceAccount carries the image pull secrets', () => {
      const sa = find(synthObjects({ profile: 'demo', set: ['global.imagePullSecrets={regcred}'] }), 'ServiceAccount', 'istio-grafana-post-install-account');
      expect(sa.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    });
  });

  describe('Kiali', () => {
    test('dashboard settings reach its config, its role binding and its Secret volume', () => {
      const objects = synthObjects({
        profile: 'demo',
        set: ['kiali.dashboard.viewOnlyMode=true', 'kiali.dashboard.grafanaURL=http://grafana.example.com', 'kiali.contextPath=/k', 'kiali.dashboard.secretName=login',
          'kiali.createDemoSecret=false', 'kiali.resources.requests.cpu=100m'],
      });
      const config = yaml.load(find(objects, 'ConfigMap', 'kiali').data['config.yaml']) as any;
      expect(config.server).toEqual({ port: 20001, web_root: '/k' });
      expect(config.external_services).toEqual({ tracing: { url: null }, grafana: { url: 'http://grafana.example.com' }, prometheus: { url: 'http://prometheus:9090' } });
      expect(find(objects, 'ClusterRoleBinding', 'istio-kiali-admin-role-binding-istio-system').roleRef.name).toBe('kiali-viewer');
      const deployment = find(objects, 'Deployment', 'kiali');
      expect(deployment.spec.template.spec.volumes[1]).toEqual({ name: 'kiali-secret', secret: { secretName: 'login', optional: true } });
      expect(container(deployment).resources).toEqual({ requests: { cpu: '100m' } });
      expect(objects.filter((o) => o.kind === 'Secret' && o.metadata.name === 'login')).toEqual([]);
    });

    test('URLs are printed unquoted into config.yaml: YAML reads them back', () => {
      const config = yaml.load(find(synthObjects({ profile: 'demo', setString: ['kiali.dashboard.jaegerURL=true'] }), 'ConfigMap', 'kiali').data['config.yaml']) as any;
      expect(config.external_services.tracing.url).toBe(true);
    });
  });

  describe('tracing', () => {
    test('provider zipkin: the Zipkin Deployment, no Jaeger Services, the UI on Zipkin\'s port', () => {
      const objects = synthObjects({ profile: 'demo', set: ['tracing.provider=zipkin', 'tracing.zipkin.node.cpus=4', 'tracing.zipkin.javaOptsHeap=512'] });
      const deployment = find(objects, 'Deployment', 'istio-tracing');
      expect(deployment.metadata.labels?.app).toBe('zipkin');
      expect(container(deployment).image).toBe('docker.io/openzipkin/zipkin:2');
      expect(container(deployment).resources).toEqual({ limits: { cpu: '300m', memory: '900Mi' }, requests: { cpu: '150m', memory: '900Mi' } });
      expect(container(deployment).env.find((e: any) => e.name === 'JAVA_OPTS').value)
        .toBe('-XX:ConcGCThreads=4 -XX:ParallelGCThreads=4 -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -Xms512M -Xmx512M -XX:+UseG1GC -server');
      expect(objects.filter((o) => o.metadata.name.startsWith('jaeger-'))).toEqual([]);
      expect(find(objects, 'Service', 'tracing').spec.ports).toEqual([{ name: 'http-query', port: 80, protocol: 'TCP', targetPort: 9411 }]);
      expect(find(objects, 'Service', 'zipkin').spec.selector).toEqual({ app: 'zipkin' });
    });

    test('contextPath moves Jaeger\'s base path, metrics path and the Ingress path', () => {
      const objects = synthObjects({ profile: 'demo', set: ['tracing.contextPath=/trace', 'tracing.ingress.enabled=true'] });
      const deployment = find(objects, 'Deployment', 'istio-tracing');
      expect(deployment.spec.template.metadata.annotations['prometheus.io/path']).toBe('/trace/metrics');
      expect(container(deployment).env.find((e: any) => e.name === 'QUERY_BASE_PATH').value).toBe('/trace');
      expect(find(objects, 'Ingress', 'istio-tracing').spec.rules[0].http.paths[0].path).toBe('/trace');
    });

    test('gitops delivery emits the Zipkin provider\'s Services one by one', () => {
      const charts = synthCharts({ profile: 'demo', delivery: 'gitops', set: ['tracing.provider=zipkin'] });
      const main = charts[1];
      expect(main.filter((o) => o.kind === 'List')).toEqual([]);
      expect(main.filter((o) => o.kind === 'Service' && ['zipkin', 'tracing'].includes(o.metadata.name)).length).toBe(2);
    });
  });

  test('`| quote` prints every value as Go does', () => {
    expect(quotedMap({ a: 1, b: true, c: 'x', d: 1.5, e: null })).toEqual({ a: '1', b: 'true', c: 'x', d: '1.5', e: '' });
    expect(quotedAnnotations({})).toBeUndefined();
  });

  test('an Ingress with no annotations writes the chart\'s empty (null) annotations', () => {
    const ingress = find(synthObjects({ profile: 'demo', set: ['kiali.ingress.enabled=true'] }), 'Ingress', 'kiali');
    expect(ingress.metadata.annotations).toBeNull();
    expect(ingress.spec.rules).toEqual([{ host: 'kiali.local', http: { paths: [{ path: '/kiali', backend: { serviceName: 'kiali', servicePort: 20001 } }] } }]);
  });

  test('Argo CD sync waves are kept on an Ingress without annotations of its own', () => {
    const charts = synthCharts({ profile: 'demo', delivery: 'gitops', argoCdSyncWaves: true, set: ['kiali.ingress.enabled=true'] });
    expect(find(charts[1], 'Ingress', 'kiali').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
  });
});

// ---------------------------------------------------------------------------------------------- differential test

interface Combination {
  /** The Istio 1.2 patch release. @default '1.2.2' */
  readonly version?: '1.2.0' | '1.2.10';
  readonly profile: 'default' | 'demo' | 'demo-auth' | 'minimal' | 'sds-auth' | 'remote';
  readonly set?: string[];
  readonly setString?: string[];
  /** A values file (`-f`), after the profile's. */
  readonly values?: Record<string, unknown>;
}

const ALL_ON = ['grafana.enabled=true', 'kiali.enabled=true', 'tracing.enabled=true'];

/** Every combination probed against the oracle while the addons were written. */
const COMBINATIONS: Array<[string, Combination]> = [
  ['default', { profile: 'default' }],
  ['default, every addon on', { profile: 'default', set: ALL_ON }],
  ['default, Prometheus off', { profile: 'default', set: ['prometheus.enabled=false'] }],
  ['default, helm tests', { profile: 'default', set: ['global.enableHelmTest=true', 'kiali.enabled=true', 'tracing.enabled=true'] }],
  ['default, helm tests with Zipkin, priority class, tolerations, node selector', {
    profile: 'default',
    set: ['global.enableHelmTest=true', 'kiali.enabled=true', 'tracing.enabled=true', 'tracing.provider=zipkin', 'global.priorityClassName=pc',
      'prometheus.tolerations[0].key=a', 'prometheus.tolerations[0].operator=Exists', 'kiali.nodeSelector.a=b'],
  }],
  ['demo', { profile: 'demo' }],
  ['demo-auth', { profile: 'demo-auth' }],
  ['demo, mTLS and control-plane security set by hand', { profile: 'demo', set: ['global.controlPlaneSecurityEnabled=true', 'global.mtls.enabled=true'] }],
  ['demo, Zipkin', { profile: 'demo', set: ['tracing.provider=zipkin'] }],
  ['demo, Zipkin settings and Ingress', {
    profile: 'demo',
    set: ['tracing.provider=zipkin', 'tracing.zipkin.queryPort=9999', 'tracing.zipkin.node.cpus=4', 'tracing.zipkin.javaOptsHeap=512', 'tracing.zipkin.maxSpans=10',
      'tracing.zipkin.probeStartupDelay=5', 'tracing.ingress.enabled=true', 'tracing.ingress.hosts={t.local}'],
  }],
  ['demo, Jaeger settings and tracing Service', {
    profile: 'demo',
    set: ['tracing.jaeger.hub=x', 'tracing.jaeger.tag=2', 'tracing.jaeger.memory.max_traces=10', 'tracing.service.type=NodePort', 'tracing.service.externalPort=9412',
      'tracing.service.annotations.a=b'],
  }],
  ['demo, tracing contextPath', { profile: 'demo', set: ['tracing.contextPath=/trace', 'tracing.ingress.enabled=true'] }],
  ['demo, Grafana persist', { profile: 'demo', set: ['grafana.persist=true'] }],
  ['demo, Grafana persist with class and access mode', { profile: 'demo', set: ['grafana.persist=true', 'grafana.storageClassName=standard', 'grafana.accessMode=ReadWriteOnce'] }],
  ['demo, Grafana security', { profile: 'demo', set: ['grafana.security.enabled=true', 'grafana.security.secretName=gs', 'grafana.security.usernameKey=u', 'grafana.security.passphraseKey=p'] }],
  ['demo, Grafana LoadBalancer', {
    profile: 'demo',
    set: ['grafana.service.type=LoadBalancer', 'grafana.service.loadBalancerIP=1.2.3.4', 'grafana.service.loadBalancerSourceRanges={10.0.0.0/8,192.168.0.0/16}',
      'grafana.service.externalPort=8080', 'grafana.service.name=web'],
  }],
  ['demo, every Ingress', { profile: 'demo', set: ['prometheus.ingress.enabled=true', 'grafana.ingress.enabled=true', 'kiali.ingress.enabled=true', 'tracing.ingress.enabled=true'] }],
  ['demo, Prometheus Ingress with hosts, TLS, annotations, no contextPath', {
    profile: 'demo',
    values: { prometheus: { contextPath: null } },
    set: ['prometheus.ingress.enabled=true', 'prometheus.ingress.hosts={a.b,c.d}', 'prometheus.ingress.annotations.x=y',
      'prometheus.ingress.tls[0].secretName=s', 'prometheus.ingress.tls[0].hosts={a.b}'],
  }],
  ['demo, Prometheus options', {
    profile: 'demo',
    set: ['prometheus.security.enabled=false', 'prometheus.service.nodePort.enabled=true', 'prometheus.retention=1d', 'prometheus.scrapeInterval=30s'],
  }],
  ['demo, Kiali dashboard', {
    profile: 'demo',
    set: ['kiali.createDemoSecret=false', 'kiali.dashboard.viewOnlyMode=true', 'kiali.dashboard.grafanaURL=http://g', 'kiali.dashboard.jaegerURL=http://j', 'kiali.contextPath=/k'],
  }],
  ['demo, resources', {
    profile: 'demo',
    set: ['grafana.resources.requests.cpu=1', 'prometheus.resources.limits.memory=1Gi', 'kiali.resources.requests.cpu=100m', 'tracing.jaeger.resources.requests.cpu=1'],
  }],
  ['demo, default resources', { profile: 'demo', set: ['global.defaultResources.requests.cpu=20m'] }],
  ['demo, images and replicas', {
    profile: 'demo',
    set: ['prometheus.hub=a', 'prometheus.tag=b', 'kiali.hub=c', 'kiali.tag=d', 'grafana.image.repository=e', 'grafana.image.tag=f', 'prometheus.replicaCount=2',
      'grafana.replicaCount=3', 'kiali.replicaCount=2', 'global.tag=1.2.9', 'global.hub=gcr.io/x', 'global.imagePullPolicy=Always'],
  }],
  ['demo, scheduling', {
    profile: 'demo',
    set: ['prometheus.nodeSelector.pool=infra', 'grafana.tolerations[0].key=k', 'grafana.tolerations[0].operator=Exists', 'kiali.podAntiAffinityLabelSelector[0].key=a',
      'kiali.podAntiAffinityLabelSelector[0].operator=In', 'kiali.podAntiAffinityLabelSelector[0].values=x', 'kiali.podAntiAffinityLabelSelector[0].topologyKey=h',
      'prometheus.podAntiAffinityTermLabelSelector[0].key=app', 'prometheus.podAntiAffinityTermLabelSelector[0].operator=In',
      'prometheus.podAntiAffinityTermLabelSelector[0].values=prometheus', 'prometheus.podAntiAffinityTermLabelSelector[0].topologyKey=zone'],
  }],
  ['demo, default scheduling and architectures', {
    profile: 'demo',
    // `--set global.arch.amd64=0` would be the string "0" (Helm 2's --set leaves numbers starting with 0 as text).
    values: { global: { arch: { amd64: 0 } } },
    set: ['global.defaultNodeSelector.pool=infra', 'global.defaultTolerations[0].key=k', 'global.defaultTolerations[0].operator=Exists', 'global.arch.s390x=3'],
  }],
  ['demo, priority class and pull secrets', { profile: 'demo', set: ['global.priorityClassName=high', 'global.imagePullSecrets={a,b}'] }],
  ['demo, Service annotations', { profile: 'demo', setString: ['prometheus.service.annotations.x=1', 'grafana.service.annotations.y=on-demand', 'tracing.service.annotations.z=2'] }],
  ['demo, name overrides and helm tests', {
    profile: 'demo',
    set: ['grafana.enabled=false', 'kiali.nameOverride=kia', 'tracing.fullnameOverride=tr', 'tracing.ingress.enabled=true', 'prometheus.nameOverride=p',
      'global.enableHelmTest=true'],
  }],
  ['demo, Grafana name override, Ingress, persist, pull secret', {
    profile: 'demo',
    set: ['grafana.nameOverride=graf', 'grafana.ingress.enabled=true', 'grafana.persist=true', 'global.imagePullSecrets={s1}'],
  }],
  ['demo, strings that YAML reads back', { profile: 'demo', setString: ['kiali.dashboard.jaegerURL=true'] }],
  ['demo, a values file', {
    profile: 'demo',
    values: {
      grafana: { security: { enabled: true }, ingress: { enabled: true, hosts: ['grafana.example.com'], annotations: { 'kubernetes.io/ingress.class': 'nginx' } } },
      kiali: { ingress: { enabled: true, tls: [{ secretName: 'kiali-tls', hosts: ['kiali.local'] }] } },
      tracing: { service: { annotations: { weight: '5' } } },
    },
  }],
  ['demo, a values file: Grafana provisioning files, Kiali addresses, Ingress hosts and TLS, proxy image, architectures', {
    profile: 'demo',
    values: {
      grafana: {
        datasources: {
          'datasources.yaml': { apiVersion: 1, datasources: [{ name: 'Prometheus', type: 'prometheus', url: 'http://prom:9090', access: 'proxy', isDefault: true }] },
          'extra.yaml': { apiVersion: 1 },
        },
        dashboardProviders: { 'dashboardproviders.yaml': { apiVersion: 2 } },
        service: { annotations: { 'cloud.example.com/lb': 'internal', num: '5' } },
      },
      kiali: {
        prometheusAddr: 'http://prom:9090',
        dashboard: { jaegerURL: 'http://jaeger.example.com' },
        ingress: { enabled: true, hosts: [], annotations: {}, tls: [{ secretName: 'k' }] },
      },
      tracing: { ingress: { enabled: true, hosts: ['a.example.com', 'b.example.com'] }, jaeger: { tag: 1.10 } },
      global: { proxy: { image: 'proxy-custom' }, arch: { amd64: 3 } },
    },
  }],
  ['demo, Grafana without provisioning files (null in a values file)', { profile: 'demo', values: { grafana: { datasources: null, dashboardProviders: null } } }],
  ['demo, numbers from 1e6 print as Go floats', { profile: 'demo', set: ['tracing.jaeger.memory.max_traces=1000000', 'grafana.image.tag=1000000'] }],
  ['demo, Zipkin with large numbers', { profile: 'demo', set: ['tracing.provider=zipkin', 'tracing.zipkin.maxSpans=2000000', 'tracing.zipkin.javaOptsHeap=1000000'] }],
  ['demo, Grafana and Kiali context paths and Ingresses', {
    profile: 'demo',
    set: ['grafana.contextPath=/g', 'grafana.ingress.enabled=true', 'kiali.contextPath=/kk', 'kiali.ingress.enabled=true', 'kiali.ingress.hosts={k1,k2}'],
  }],
  ['demo, tracing Service name and type, Jaeger tag as text', { profile: 'demo', set: ['tracing.service.name=zip', 'tracing.service.type=LoadBalancer'], setString: ['tracing.jaeger.tag=1.12'] }],
  ['demo-auth, Grafana security and persist, Zipkin, Kiali view-only', {
    profile: 'demo-auth',
    set: ['grafana.security.enabled=true', 'grafana.persist=true', 'tracing.provider=zipkin', 'kiali.dashboard.viewOnlyMode=true'],
  }],
  ['remote, Kiali, Zipkin and Prometheus on', { profile: 'remote', set: ['kiali.enabled=true', 'tracing.enabled=true', 'tracing.provider=zipkin', 'prometheus.enabled=true'] }],
  ['sds-auth, helm tests', { profile: 'sds-auth', set: ['global.enableHelmTest=true', 'kiali.enabled=true', 'tracing.enabled=true'] }],
  ['minimal', { profile: 'minimal' }],
  ['minimal, every addon on', { profile: 'minimal', set: ['prometheus.enabled=true', ...ALL_ON] }],
  ['sds-auth, every addon on', { profile: 'sds-auth', set: ALL_ON }],
  ['remote, Grafana on', { profile: 'remote', set: ['grafana.enabled=true'] }],
  // 1.2.0: Kiali, tracing, the test Pods and Grafana's post-install Job had no tolerations; the others no default ones.
  ['1.2.0, tolerations and helm tests', {
    version: '1.2.0',
    profile: 'demo',
    set: ['global.enableHelmTest=true', 'grafana.enabled=false', 'global.defaultTolerations[0].key=k', 'global.defaultTolerations[0].operator=Exists',
      'kiali.tolerations[0].key=x', 'tracing.tolerations[0].key=y', 'prometheus.tolerations[0].key=z'],
  }],
  ['1.2.0, Grafana and Zipkin tolerations', { version: '1.2.0', profile: 'demo', set: ['tracing.provider=zipkin', 'grafana.tolerations[0].key=x', 'tracing.tolerations[0].key=y'] }],
  ['1.2.10, helm tests with default tolerations and Zipkin', {
    version: '1.2.10',
    profile: 'demo',
    set: ['global.enableHelmTest=true', 'grafana.enabled=false', 'global.defaultTolerations[0].key=k', 'global.defaultTolerations[0].operator=Exists', 'tracing.provider=zipkin'],
  }],
];

/** Only the addon subcharts' objects, `kind: List` items flattened. */
function addonsOf(docs: unknown[]): Manifest[] {
  const flat = (docs.filter((d) => d && typeof d === 'object') as Manifest[]).flatMap((o) => (o.kind === 'List' ? o.items as Manifest[] : [o]));
  return addonObjects(flat);
}

describeWithOracle('addon subcharts equal helm template (Helm 2.9.1 oracle)', () => {
  testSampledCases('chart-addons', COMBINATIONS, prepare);

  function prepare(c: Combination): { expected: unknown[]; ours: unknown[] } {
    // GIVEN the chart rendered by Helm
    const { rendered, props } = renderCase(c);
    // The grafana chart writes its post-install ServiceAccount's imagePullSecrets twice: read it as Kubernetes does.
    const expected = addonsOf(yaml.loadAll(fs.readFileSync(rendered, 'utf8'), undefined, { json: true }));

    // WHEN we synthesize the same inputs
    const ours = addonsOf(synthCharts(props).flat());
    return { expected, ours };
  }

  test('fails like helm template when Grafana and helm tests are both on', () => {
    expect(() => renderWithHelm({ profile: 'demo', set: ['global.enableHelmTest=true'] })).toThrow(/nil pointer evaluating interface \{\}\.service/);
    expect(() => synthObjects({ profile: 'demo', set: ['global.enableHelmTest=true'] })).toThrow(/enableHelmTest/);
  });
});

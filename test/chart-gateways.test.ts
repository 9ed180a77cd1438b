/**
 * The `gateways` and `istiocoredns` subcharts for any profile and values, as the Istio 1.2.2 chart renders them:
 * targeted assertions on what each value changes (a user-defined gateway included), then a differential test
 * against the Helm 2.9.1 oracle over every combination probed while writing them.
 */
import { IstioProps } from '../lib';
import { find, Manifest, synthObjects } from './helpers';
import { chartSlice, describeWithOracle, testSampledCases, withKnownImprovements } from './helm-oracle';
import type { OracleCase } from './helm-oracle';

const container = (o: Manifest, name: string) => o.spec.template.spec.containers.find((c: any) => c.name === name);
const envOf = (c: any) => Object.fromEntries((c.env as any[]).map((e) => [e.name, e.value ?? e.valueFrom]));
const argAfter = (c: any, flag: string) => c.args[c.args.indexOf(flag) + 1];
const has = (objects: Manifest[], kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.name === name);

/** The example's user-defined gateway, trimmed. */
const CUSTOM_GATEWAY = {
  enabled: true,
  namespace: 'edge',
  labels: { app: 'custom-gateway', istio: 'custom' },
  autoscaleEnabled: true,
  autoscaleMin: 2,
  autoscaleMax: 4,
  cpu: { targetAverageUtilization: 60 },
  type: 'NodePort',
  ports: [{ port: 80, targetPort: 80, name: 'http2', nodePort: 31080 }, { port: 443, name: 'https', protocol: 'TCP' }],
  secretVolumes: [{ name: 'customgateway-certs', secretName: 'istio-customgateway-certs', mountPath: '/etc/istio/customgateway-certs' }],
  resources: {},
};

describe('gateways subchart', () => {
  describe('a user-defined gateway', () => {
    // GIVEN a gateway under its own name, in its own namespace
    const objects = synthObjects({ profile: 'default', values: { gateways: { 'custom-gateway': CUSTOM_GATEWAY } as any } });

    test('gets the same objects as the built-in ones, in its namespace', () => {
      for (const [kind, name] of [['ServiceAccount', 'custom-gateway-service-account'], ['Service', 'custom-gateway'], ['Deployment', 'custom-gateway'],
        ['HorizontalPodAutoscaler', 'custom-gateway'], ['PodDisruptionBudget', 'custom-gateway']]) {
        expect(find(objects, kind, name).metadata.namespace).toBe('edge');
      }
      expect(find(objects, 'ServiceAccount', 'custom-gateway-service-account').metadata.labels).toEqual({ app: 'custom-gateway', chart: 'gateways', heritage: 'Tiller', release: 'istio' });
      // No `sds` map: no Role.
      expect(has(objects, 'Role', 'custom-gateway-sds')).toBe(false);
    });

    test('its Service has every key of its ports, its type and its labels as selector', () => {
      const svc = find(objects, 'Service', 'custom-gateway');
      expect(svc.spec.type).toBe('NodePort');
      expect(svc.spec.ports).toEqual([{ name: 'http2', nodePort: 31080, port: 80, targetPort: 80 }, { name: 'https', port: 443, protocol: 'TCP' }]);
      expect(svc.spec.selector).toEqual({ release: 'istio', app: 'custom-gateway', istio: 'custom' });
      expect(svc.metadata.annotations).toBeNull();
    });

    test('its Deployment runs the router as the gateway, with its secrets and the default resources', () => {
      const d = find(objects, 'Deployment', 'custom-gateway');
      expect(d.spec.replicas).toBeUndefined();
      expect(d.spec.selector.matchLabels).toEqual({ app: 'custom-gateway', istio: 'custom' });
      const proxy = container(d, 'istio-proxy');
      expect(argAfter(proxy, '--serviceCluster')).toBe('custom-gateway');
      expect(proxy.ports.map((p: any) => p.containerPort)).toEqual([80, 443, 15090]);
      expect(proxy.resources).toEqual({ requests: { cpu: '10m' } });
      expect(d.spec.template.spec.volumes).toContainEqual({ name: 'istio-certs', secret: { secretName: 'istio.custom-gateway-service-account', optional: true } });
      expect(d.spec.template.spec.volumes).toContainEqual({ name: 'customgateway-certs', secret: { secretName: 'istio-customgateway-certs', optional: true } });
      expect(find(objects, 'HorizontalPodAutoscaler', 'custom-gateway').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    });

    test('fails when an enabled gateway has no labels (helm template stops on labels.app)', () => {
      expect(() => synthObjects({ profile: 'default', set: ['gateways.gw.enabled=true'] })).toThrow(/values\.gateways\.gw\.labels: got undefined, expected a map of labels/);
    });
  });

  test('gateways.enabled=false renders no gateway and no preconfigured object', () => {
    const objects = synthObjects({ profile: 'default', set: ['gateways.enabled=false', 'global.multiCluster.enabled=true', 'global.k8sIngress.enabled=true'] });
    expect(objects.filter((o) => o.metadata.labels?.chart === 'gateways')).toEqual([]);
    expect(has(objects, 'Role', 'istio-ingressgateway-sds')).toBe(false);
  });

  describe('replicas and autoscaling', () => {
    test('autoscaling off: replicaCount replicas, no autoscaler', () => {
      const objects = synthObjects({ profile: 'default', set: ['gateways.istio-ingressgateway.autoscaleEnabled=false', 'gateways.istio-ingressgateway.replicaCount=3'] });
      expect(find(objects, 'Deployment', 'istio-ingressgateway').spec.replicas).toBe(3);
      expect(has(objects, 'HorizontalPodAutoscaler', 'istio-ingressgateway')).toBe(false);
    });

    test('autoscaling off without replicaCount: one replica', () => {
      const objects = synthObjects({ profile: 'default', set: ['gateways.istio-ingressgateway.autoscaleEnabled=false'] });
      expect(find(objects, 'Deployment', 'istio-ingressgateway').spec.replicas).toBe(1);
    });
  });

  describe('SDS', () => {
    test('the ingress gateway\'s Role exists with SDS off: the chart tests only that the sds map is there', () => {
      const objects = synthObjects({ profile: 'default' });
      expect(find(objects, 'Role', 'istio-ingressgateway-sds').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
      expect(container(find(objects, 'Deployment', 'istio-ingressgateway'), 'ingress-sds')).toBeUndefined();
    });

    test('sds.enabled adds the ingress-sds agent first, its volume and ISTIO_META_USER_SDS; the Role stays in the release namespace', () => {
      const objects = synthObjects({ profile: 'default', set: ['gateways.istio-ingressgateway.sds.enabled=true', 'gateways.istio-ingressgateway.namespace=edge',
        'gateways.istio-ingressgateway.sds.image=registry.example/sds:1'] });
      const d = find(objects, 'Deployment', 'istio-ingressgateway');
      expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['ingress-sds', 'istio-proxy']);
      expect(container(d, 'ingress-sds').image).toBe('registry.example/sds:1');
      expect(envOf(container(d, 'istio-proxy')).ISTIO_META_USER_SDS).toBe('true');
      expect(d.spec.template.spec.volumes[0]).toEqual({ name: 'ingressgatewaysdsudspath', emptyDir: {} });
      expect(find(objects, 'Role', 'istio-ingressgateway-sds').metadata.namespace).toBe('istio-system');
    });

    test('global SDS mounts the node agent\'s socket and, with trustworthy JWTs, the projected token', () => {
      const d = find(synthObjects({ profile: 'default', set: ['global.sds.enabled=true', 'global.sds.useTrustworthyJwt=true', 'global.trustDomain=example.com'] }),
        'Deployment', 'istio-ingressgateway');
      expect(container(d, 'istio-proxy').volumeMounts.slice(0, 2).map((m: any) => m.name)).toEqual(['sdsudspath', 'istio-token']);
      expect(d.spec.template.spec.volumes).toContainEqual({
        name: 'istio-token', projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: 'example.com' } }] },
      });
      expect(container(d, 'istio-proxy').args).toContain('--trust-domain=example.com');
    });
  });

  describe('the Service', () => {
    test('load balancer IP and source ranges, external IPs and traffic policy, annotations printed as text', () => {
      const svc = find(synthObjects({
        profile: 'default',
        set: ['gateways.istio-ingressgateway.loadBalancerIP=10.0.0.7', 'gateways.istio-ingressgateway.loadBalancerSourceRanges={10.0.0.0/8}',
          'gateways.istio-ingressgateway.externalIPs={192.0.2.1}', 'gateways.istio-ingressgateway.externalTrafficPolicy=Local',
        ],
        setString: ['gateways.istio-ingressgateway.serviceAnnotations.timeout=30'],
      }), 'Service', 'istio-ingressgateway');
      expect(svc.spec).toMatchObject({ loadBalancerIP: '10.0.0.7', loadBalancerSourceRanges: ['10.0.0.0/8'], externalIPs: ['192.0.2.1'], externalTrafficPolicy: 'Local' });
      expect(svc.metadata.annotations).toEqual({ timeout: '30' });
    });

    test('type ClusterIP from the values drops the node ports (knowingly unlike the chart: Kubernetes refuses them)', () => {
      const objs = synthObjects({ profile: 'default', set: ['gateways.istio-ingressgateway.type=ClusterIP'] });
      const svc = find(objs, 'Service', 'istio-ingressgateway');
      expect(svc.spec.type).toBe('ClusterIP');
      expect(svc.spec.ports.filter((p: any) => p.nodePort !== undefined)).toEqual([]);
      // The values keep them: the injector's values JSON is the chart's.
      const values = JSON.parse(find(objs, 'ConfigMap', 'istio-sidecar-injector').data.values);
      expect(values.gateways['istio-ingressgateway'].ports.find((p: any) => p.name === 'http2').nodePort).toBe(31380);
    });

    test('mesh expansion adds the meshExpansionPorts', () => {
      const svc = find(synthObjects({ profile: 'default', set: ['global.meshExpansion.enabled=true'] }), 'Service', 'istio-ingressgateway');
      expect(svc.spec.ports.map((p: any) => p.name).slice(-4)).toEqual(['tcp-pilot-grpc-tls', 'tcp-mixer-grpc-tls', 'tcp-citadel-grpc-tls', 'tcp-dns-tls']);
    });
  });

  describe('the router container', () => {
    test('env values are printed unquoted, so YAML reads them back: "true" is a boolean, nothing is null', () => {
      const proxy = container(find(synthObjects({
        profile: 'default',
        set: ['gateways.istio-ingressgateway.env.EMPTY='], setString: ['gateways.istio-ingressgateway.env.FLAG=true', 'gateways.istio-ingressgateway.env.NUM=8'],
      }), 'Deployment', 'istio-ingressgateway'), 'istio-proxy');
      const env = envOf(proxy);
      expect(env.FLAG).toBe(true);
      expect(env.NUM).toBe(8);
      expect(proxy.env.find((e: any) => e.name === 'EMPTY')).toEqual({ name: 'EMPTY', value: null });
      expect(env.ISTIO_META_ROUTER_MODE).toBe('sni-dnat');
    });

    test('control-plane security: mutual TLS to Pilot in istioNamespace, no application ports', () => {
      const proxy = container(find(synthObjects({
        profile: 'default', set: ['global.controlPlaneSecurityEnabled=true', 'global.istioNamespace=control'], setString: ['gateways.istio-ingressgateway.applicationPorts=8080'],
      }), 'Deployment', 'istio-ingressgateway'), 'istio-proxy');
      expect(argAfter(proxy, '--controlPlaneAuthPolicy')).toBe('MUTUAL_TLS');
      expect(argAfter(proxy, '--discoveryAddress')).toBe('istio-pilot.control:15011');
      expect(argAfter(proxy, '--zipkinAddress')).toBe('zipkin.control:9411');
      expect(proxy.args).not.toContain('--applicationPorts');
    });

    test('plain-text control plane: the application ports; tracer and statsd addresses', () => {
      const proxy = container(find(synthObjects({
        profile: 'default',
        set: ['global.tracer.zipkin.address=zipkin.example:9411', 'global.proxy.envoyStatsd.enabled=true', 'global.proxy.envoyStatsd.host=statsd',
          'global.proxy.envoyStatsd.port=9125'],
        setString: ['gateways.istio-ingressgateway.applicationPorts=8080'],
      }), 'Deployment', 'istio-ingressgateway'), 'istio-proxy');
      expect(argAfter(proxy, '--discoveryAddress')).toBe('istio-pilot:15010');
      expect(argAfter(proxy, '--applicationPorts')).toBe('8080');
      expect(argAfter(proxy, '--zipkinAddress')).toBe('zipkin.example:9411');
      expect(argAfter(proxy, '--statsdUdpAddress')).toBe('statsd:9125');
    });
  });

  describe('the pod', () => {
    test('configVolumes are pod volumes only; additionalContainers are written as given, after the router', () => {
      const d = find(synthObjects({
        profile: 'default',
        values: { gateways: { 'istio-ingressgateway': {
          configVolumes: [{ name: 'extra-config', configMapName: 'gw-config' }],
          additionalContainers: [{ name: 'sidecar', image: 'busybox', readinessProbe: { httpGet: { port: 8080 } }, resources: { limits: { cpu: '1' } } }],
        } } } as any,
      }), 'Deployment', 'istio-ingressgateway');
      expect(d.spec.template.spec.volumes).toContainEqual({ name: 'extra-config', configMap: { name: 'gw-config', optional: true } });
      expect(container(d, 'istio-proxy').volumeMounts.map((m: any) => m.name)).not.toContain('extra-config');
      expect(d.spec.template.spec.containers.slice(-1)).toEqual([{ name: 'sidecar', image: 'busybox', readinessProbe: { httpGet: { port: 8080 } }, resources: { limits: { cpu: '1' } } }]);
    });

    test('priority class, image pull secrets, pod annotations, core dumps', () => {
      const objects = synthObjects({ profile: 'default', set: ['global.priorityClassName=critical', 'global.imagePullSecrets={regcred}',
        'gateways.istio-ingressgateway.podAnnotations.team=edge', 'global.proxy.enableCoreDump=true'] });
      const pod = find(objects, 'Deployment', 'istio-ingressgateway').spec.template;
      expect(pod.spec.priorityClassName).toBe('critical');
      expect(pod.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', 'team': 'edge' });
      expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['enable-core-dump']);
      expect(find(objects, 'ServiceAccount', 'istio-ingressgateway-service-account').imagePullSecrets).toEqual([{ name: 'regcred' }]);
    });

    test('node selector, tolerations and anti-affinity: the gateway\'s own, else the global defaults', () => {
      const objects = synthObjects({
        profile: 'default',
        values: {
          global: { defaultNodeSelector: { pool: 'default' }, defaultTolerations: [{ key: 'global', operator: 'Exists' }] },
          gateways: { 'istio-ingressgateway': {
            nodeSelector: { pool: 'edge' },
            tolerations: [{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }],
            podAntiAffinityLabelSelector: [{ key: 'istio', operator: 'In', values: 'ingressgateway,x', topologyKey: 'kubernetes.io/hostname' }],
            podAntiAffinityTermLabelSelector: [{ key: 'zone', operator: 'Exists', topologyKey: 'topology.kubernetes.io/zone' }],
          } },
        } as any,
        set: ['gateways.istio-egressgateway.enabled=true'],
      });
      const ingress = find(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec;
      expect(ingress.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1])
        .toEqual({ key: 'pool', operator: 'In', values: ['edge'] });
      expect(ingress.tolerations).toEqual([{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }]);
      expect(ingress.affinity.podAntiAffinity).toEqual({
        requiredDuringSchedulingIgnoredDuringExecution: [{
          labelSelector: { matchExpressions: [{ key: 'istio', operator: 'In', values: ['ingressgateway', 'x'] }] }, topologyKey: 'kubernetes.io/hostname',
        }],
        preferredDuringSchedulingIgnoredDuringExecution: [{
          podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, topologyKey: 'topology.kubernetes.io/zone' }, weight: 100,
        }],
      });
      const egress = find(objects, 'Deployment', 'istio-egressgateway').spec.template.spec;
      expect(egress.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1])
        .toEqual({ key: 'pool', operator: 'In', values: ['default'] });
      expect(egress.tolerations).toEqual([{ key: 'global', operator: 'Exists' }]);
    });
  });

  describe('preconfigured.yaml', () => {
    test('nothing by default', () => {
      const preconfigured = synthObjects({ profile: 'default' }).filter((o) => ['Gateway', 'EnvoyFilter', 'DestinationRule'].includes(o.kind));
      expect(preconfigured.filter((o) => o.metadata.labels?.chart === 'gateways')).toEqual([]);
    });

    test('mesh expansion: a Gateway on the ingress gateway, or on the ILB gateway with useILB', () => {
      const ingress = find(synthObjects({ profile: 'default', set: ['global.meshExpansion.enabled=true'] }), 'Gateway', 'meshexpansion-gateway');
      expect(ingress.spec.selector).toEqual({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
      expect(ingress.spec.servers.map((s: any) => s.port.number)).toEqual([15011, 8060, 15004]);
      const ilb = synthObjects({ profile: 'default', set: ['global.meshExpansion.enabled=true', 'global.meshExpansion.useILB=true', 'gateways.istio-ilbgateway.enabled=true'] });
      expect(find(ilb, 'Gateway', 'meshexpansion-ilb-gateway').spec.selector).toEqual({ istio: 'ilbgateway' });
      expect(find(ilb, 'Service', 'istio-ilbgateway').metadata.annotations).toEqual({ 'cloud.google.com/load-balancer-type': 'internal' });
    });

    test('multicluster: *.global Gateways, the cluster-name EnvoyFilter and the mutual-TLS DestinationRule; a disabled gateway is selected by nothing', () => {
      const objects = synthObjects({ profile: 'default', set: ['global.multiCluster.enabled=true', 'global.defaultConfigVisibilitySettings={.}'] });
      expect(find(objects, 'Gateway', 'istio-multicluster-ingressgateway').spec.selector).toEqual({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
      // The egress gateway is off in the default profile: `selector:` with nothing under it.
      expect(find(objects, 'Gateway', 'istio-multicluster-egressgateway').spec.selector).toBeNull();
      const filter = find(objects, 'EnvoyFilter', 'istio-multicluster-ingressgateway');
      expect(filter.spec.filters[0].filterConfig).toEqual({ cluster_pattern: '\\.global$', cluster_replacement: '.svc.cluster.local' });
      expect(find(objects, 'DestinationRule', 'istio-multicluster-destinationrule').spec).toEqual({
        host: '*.global', exportTo: ['*'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      });
    });

    test('Kubernetes Ingress support: the autogenerated Gateway, HTTPS with enableHttps', () => {
      const gw = find(synthObjects({ profile: 'default', set: ['global.k8sIngress.enabled=true', 'global.k8sIngress.enableHttps=true'] }),
        'Gateway', 'istio-autogenerated-k8s-ingress');
      expect(gw.metadata.labels).toEqual({ app: 'gateways', chart: 'gateways', heritage: 'Tiller', release: 'istio' });
      expect(gw.spec.selector).toEqual({ istio: 'ingressgateway' });
      expect(gw.spec.servers.map((s: any) => s.port.name)).toEqual(['http', 'https-default']);
    });
  });
});

describe('istiocoredns subchart', () => {
  test('off in every profile unless enabled', () => {
    expect(has(synthObjects({ profile: 'default' }), 'Deployment', 'istiocoredns')).toBe(false);
    expect(has(synthObjects({ profile: 'demo' }), 'Deployment', 'istiocoredns')).toBe(false);
  });

  test.each(['default', 'demo'] as const)('istiocoredns.enabled in the %s profile: ConfigMap, RBAC, Service and Deployment', (profile) => {
    const objects = synthObjects({ profile, set: ['istiocoredns.enabled=true'] });
    const mine = objects.filter((o) => o.metadata.labels?.chart === 'istiocoredns').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(mine).toEqual(['ConfigMap/coredns', 'ServiceAccount/istiocoredns-service-account', 'ClusterRole/istiocoredns',
      'ClusterRoleBinding/istio-istiocoredns-role-binding-istio-system', 'Service/istiocoredns', 'Deployment/istiocoredns']);
    expect(find(objects, 'ClusterRole', 'istiocoredns').metadata.namespace).toBeUndefined();
    expect(find(objects, 'ConfigMap', 'coredns').data.Corefile).toBe([
      '.:53 {', '      errors', '      health', '      proxy global 127.0.0.1:8053 {', '        protocol grpc insecure', '      }',
      '      prometheus :9153', '      proxy . /etc/resolv.conf', '      cache 30', '      reload', '    }', ''].join('\n'));
  });

  test('replicas, images, resources, scheduling and nameOverride come from its values', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['istiocoredns.enabled=true', 'istiocoredns.replicaCount=2', 'istiocoredns.coreDNSImage=registry.example/coredns:1.6', 'istiocoredns.resources.requests.cpu=50m',
        'istiocoredns.nodeSelector.pool=dns', 'istiocoredns.nameOverride=dns'],
    });
    const d = find(objects, 'Deployment', 'istiocoredns');
    expect(d.spec.replicas).toBe(2);
    expect(d.metadata.labels?.app).toBe('dns');
    expect(d.spec.template.metadata.labels.app).toBe('istiocoredns');
    const [coredns, plugin] = d.spec.template.spec.containers;
    expect(coredns.image).toBe('registry.example/coredns:1.6');
    expect(plugin.image).toBe('istio/coredns-plugin:0.2-istio-1.1');
    expect(coredns.resources).toEqual({ requests: { cpu: '50m' } });
    expect(plugin.resources).toEqual({ requests: { cpu: '50m' } });
    expect(d.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1])
      .toEqual({ key: 'pool', operator: 'In', values: ['dns'] });
  });
});

// ------------------------------------------------------------------ differential test against the oracle

/** Every combination probed against the oracle while the two subcharts were written. */
const COMBINATIONS: Array<[string, OracleCase]> = [
  ['example-values/values-istio-gateways.yaml', { profile: 'default', example: 'values-istio-gateways.yaml' }],
  ['example-values/values-istio-multicluster-gateways.yaml', { profile: 'default', example: 'values-istio-multicluster-gateways.yaml' }],
  ['default', { profile: 'default' }],
  ['demo with istiocoredns', { profile: 'demo', set: ['istiocoredns.enabled=true'] }],
  ['default with istiocoredns and its settings', {
    profile: 'default',
    set: ['istiocoredns.enabled=true', 'istiocoredns.replicaCount=2', 'istiocoredns.coreDNSImage=my/coredns:1', 'istiocoredns.resources.requests.cpu=10m',
      'istiocoredns.nodeSelector.a=b', 'istiocoredns.tolerations[0].key=x', 'istiocoredns.podAntiAffinityLabelSelector[0].key=a',
      'istiocoredns.podAntiAffinityLabelSelector[0].operator=In', 'istiocoredns.podAntiAffinityLabelSelector[0].values=1\\,2',
      'istiocoredns.podAntiAffinityLabelSelector[0].topologyKey=kubernetes.io/hostname', 'istiocoredns.nameOverride=dns'],
  }],
  ['gateways off, preconfigured switches on', { profile: 'default', set: ['gateways.enabled=false', 'global.multiCluster.enabled=true', 'global.meshExpansion.enabled=true', 'global.k8sIngress.enabled=true'] }],
  ['ingress SDS in another namespace, global SDS', {
    profile: 'default',
    set: ['gateways.istio-ingressgateway.sds.enabled=true', 'gateways.istio-ingressgateway.namespace=edge', 'gateways.istio-ingressgateway.sds.image=my/sds:1',
      'gateways.istio-ingressgateway.sds.resources.limits.memory=1Gi', 'global.sds.enabled=true', 'global.sds.useTrustworthyJwt=true', 'global.trustDomain=example.com'],
  }],
  ['ILB gateway with mesh expansion on it', { profile: 'default', set: ['global.meshExpansion.enabled=true', 'global.meshExpansion.useILB=true', 'gateways.istio-ilbgateway.enabled=true'] }],
  ['mesh expansion on the ingress gateway (demo)', { profile: 'demo', set: ['global.meshExpansion.enabled=true'] }],
  ['multicluster, egress on, visibility settings', { profile: 'default', set: ['global.multiCluster.enabled=true', 'gateways.istio-egressgateway.enabled=true', 'global.defaultConfigVisibilitySettings={.}'] }],
  ['multicluster with the ingress gateway off', { profile: 'default', set: ['global.multiCluster.enabled=true', 'gateways.istio-ingressgateway.enabled=false'] }],
  ['multicluster and istiocoredns (demo-auth)', { profile: 'demo-auth', set: ['global.multiCluster.enabled=true', 'istiocoredns.enabled=true'] }],
  ['replicaCount with autoscaling off', { profile: 'default', set: ['gateways.istio-ingressgateway.autoscaleEnabled=false', 'gateways.istio-ingressgateway.replicaCount=3'] }],
  ['egress NodePort, ingress ClusterIP', { profile: 'default', set: ['gateways.istio-egressgateway.enabled=true', 'gateways.istio-egressgateway.type=NodePort', 'gateways.istio-ingressgateway.type=ClusterIP'] }],
  ['Service settings', {
    profile: 'default',
    set: ['gateways.istio-ingressgateway.loadBalancerIP=1.2.3.4', 'gateways.istio-ingressgateway.loadBalancerSourceRanges={10.0.0.0/8,192.168.0.0/16}',
      'gateways.istio-ingressgateway.externalIPs={5.6.7.8}', 'gateways.istio-ingressgateway.externalTrafficPolicy=Local',
      'gateways.istio-ingressgateway.serviceAnnotations.foo=bar', 'gateways.istio-ingressgateway.podAnnotations.baz=qux'],
    values: { gateways: { 'istio-ingressgateway': { ports: [{ port: 53, name: 'udp-dns', protocol: 'UDP', nodePort: 31053 }, { port: 8443, targetPort: 'https', name: 'https' }] } } },
  }],
  ['env read back by YAML', {
    profile: 'default',
    set: ['gateways.istio-ingressgateway.env.FOO=true', 'gateways.istio-ingressgateway.env.EMPTY='],
    setString: ['gateways.istio-ingressgateway.env.BAR=123', 'gateways.istio-ingressgateway.env.ON=true'],
  }],
  ['control plane security, istioNamespace, application ports', {
    profile: 'default', set: ['global.controlPlaneSecurityEnabled=true', 'global.istioNamespace=other'], setString: ['gateways.istio-ingressgateway.applicationPorts=8080'],
  }],
  ['plain-text control plane with application ports', { profile: 'default', setString: ['gateways.istio-ingressgateway.applicationPorts=8080\\,8443'] }],
  ['proxy flags, tracer, statsd, metrics service, core dumps', {
    profile: 'default',
    set: ['global.proxy.enableCoreDump=true', 'global.proxy.logLevel=debug', 'global.proxy.componentLogLevel=misc:error', 'global.logging.level=default:debug',
      'global.tracer.zipkin.address=zk:9411', 'global.proxy.envoyStatsd.enabled=true', 'global.proxy.envoyStatsd.host=statsd', 'global.proxy.envoyStatsd.port=9125',
      'global.proxy.envoyMetricsService.enabled=true', 'global.proxy.envoyMetricsService.host=ms', 'global.proxy.envoyMetricsService.port=1234'],
  }],
  ['scheduling per gateway', {
    profile: 'default',
    set: ['gateways.istio-ingressgateway.nodeSelector.disk=ssd', 'gateways.istio-ingressgateway.tolerations[0].key=k', 'gateways.istio-ingressgateway.tolerations[0].operator=Exists',
      'gateways.istio-ingressgateway.podAntiAffinityLabelSelector[0].key=app', 'gateways.istio-ingressgateway.podAntiAffinityLabelSelector[0].operator=In',
      'gateways.istio-ingressgateway.podAntiAffinityLabelSelector[0].values=a\\,b', 'gateways.istio-ingressgateway.podAntiAffinityLabelSelector[0].topologyKey=kubernetes.io/hostname',
      'gateways.istio-ingressgateway.podAntiAffinityTermLabelSelector[0].key=x', 'gateways.istio-ingressgateway.podAntiAffinityTermLabelSelector[0].operator=Exists',
      'gateways.istio-ingressgateway.podAntiAffinityTermLabelSelector[0].topologyKey=topology.kubernetes.io/zone'],
  }],
  ['global scheduling defaults, priority class, pull secrets', {
    profile: 'default',
    set: ['global.defaultNodeSelector.zone=a', 'global.defaultTolerations[0].key=k', 'global.defaultTolerations[0].operator=Exists', 'istiocoredns.enabled=true',
      'global.priorityClassName=high', 'global.imagePullSecrets={s1,s2}', 'security.enabled=false'],
  }],
  ['no architecture: empty node affinity lists', {
    profile: 'default', set: ['istiocoredns.enabled=true', 'galley.enabled=false', 'security.enabled=false', 'pilot.enabled=false', 'mixer.policy.enabled=false',
      'mixer.telemetry.enabled=false', 'prometheus.enabled=false', 'sidecarInjectorWebhook.enabled=false'],
    values: { global: { arch: { amd64: 0, s390x: 0, ppc64le: 0 } } },
  }],
  ['user-defined gateways in their namespace', {
    profile: 'default',
    set: ['gateways.custom.enabled=true', 'gateways.custom.namespace=edge', 'gateways.custom.labels.app=custom', 'gateways.custom.labels.istio=custom',
      'gateways.custom.ports[0].port=80', 'gateways.custom.ports[0].name=http', 'gateways.custom.type=ClusterIP',
      'gateways.gw4.enabled=true', 'gateways.gw4.labels.istio=gw4', 'gateways.gw4.autoscaleEnabled=true', 'gateways.gw4.autoscaleMin=1', 'gateways.gw4.autoscaleMax=3',
      'gateways.gw4.cpu.targetAverageUtilization=50', 'gateways.gw4.sds.enabled=false', 'gateways.gw4.sds.image=x'],
  }],
  ['resources, configVolumes, additionalContainers', {
    profile: 'default',
    set: ['gateways.istio-ingressgateway.resources.requests.cpu=1', 'gateways.istio-ingressgateway.configVolumes[0].name=cv',
      'gateways.istio-ingressgateway.configVolumes[0].configMapName=cm', 'gateways.istio-ingressgateway.additionalContainers[0].name=extra',
      'gateways.istio-ingressgateway.additionalContainers[0].image=busybox', 'gateways.istio-ingressgateway.additionalContainers[0].ports[0].containerPort=99'],
  }],
  ['hub, tag, pull policy, cluster domain with multicluster', {
    profile: 'default',
    set: ['global.tag=1.2.3', 'global.hub=gcr.io/istio-release', 'global.imagePullPolicy=Always', 'global.proxy.clusterDomain=example.local', 'global.multiCluster.enabled=true'],
  }],
  ['Kubernetes Ingress support (demo)', { profile: 'demo', set: ['global.k8sIngress.enabled=true', 'global.k8sIngress.enableHttps=true'] }],
  ['no disruption budgets', { profile: 'default', set: ['global.defaultPodDisruptionBudget.enabled=false'] }],
  ['minimal with the ingress gateway', { profile: 'minimal', set: ['gateways.enabled=true', 'gateways.istio-ingressgateway.enabled=true'] }],
  ['sds-auth', { profile: 'sds-auth' }],
  ['remote with gateways', { profile: 'remote', set: ['gateways.enabled=true'] }],
  ['1.2.0: no default tolerations fallback', { version: '1.2.0', profile: 'default', set: ['global.defaultTolerations[0].key=k', 'istiocoredns.enabled=true'] }],
];

describeWithOracle('gateways and istiocoredns equal helm template (Helm 2.9.1 oracle)', () => {
  testSampledCases('chart-gateways', COMBINATIONS,
    chartSlice(/^istio\/charts\/(gateways|istiocoredns)\//, /^istio\/(gateways|istiocoredns)\//, withKnownImprovements));
});

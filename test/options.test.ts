import * as yaml from 'js-yaml';
import { Testing } from 'cdk8s';
import { Istio, IstioProps } from '../lib';
import { find, Manifest, synthObjects } from './helpers';

const container = (d: Manifest, name: string) => d.spec.template.spec.containers.find((c: any) => c.name === name);
const injectorValues = (objs: Manifest[]) => JSON.parse(find(objs, 'ConfigMap', 'istio-sidecar-injector').data.values);
const mesh = (objs: Manifest[]) => yaml.load(find(objs, 'ConfigMap', 'istio').data.mesh) as any;

describe('options', () => {
  const permissive = synthObjects();

  describe('mode', () => {
    const strict = synthObjects({ mode: 'strict' });

    test('strict turns on mutual TLS and control-plane security in the injector values, in global and in every subchart copy', () => {
      const v = injectorValues(strict);
      expect(v.global.mtls.enabled).toBe(true);
      expect(v.global.controlPlaneSecurityEnabled).toBe(true);
      expect(v.pilot.global.mtls.enabled).toBe(true);
      expect(injectorValues(permissive).global.mtls.enabled).toBe(false);
    });

    test('strict mesh config: mixer on 15004, pilot on 15011, MUTUAL_TLS, MCP over TLS', () => {
      const m = mesh(strict);
      expect(m.defaultConfig.controlPlaneAuthPolicy).toBe('MUTUAL_TLS');
      expect(m.mixerCheckServer).toMatch(/:15004$/);
      expect(m.defaultConfig.discoveryAddress).toMatch(/:15011$/);
      expect(m.configSources[0].tlsSettings).toEqual({ mode: 'ISTIO_MUTUAL' });
      expect(mesh(permissive).defaultConfig.controlPlaneAuthPolicy).toBe('NONE');
    });

    test('strict Deployments: galley --insecure=false, pilot without --secureGrpcAddr, mixer over mcps://', () => {
      expect(container(find(strict, 'Deployment', 'istio-galley'), 'galley').command).toContain('--insecure=false');
      expect(container(find(permissive, 'Deployment', 'istio-galley'), 'galley').command).toContain('--insecure=true');
      expect(container(find(strict, 'Deployment', 'istio-pilot'), 'discovery').args).not.toContain('--secureGrpcAddr');
      expect(container(find(permissive, 'Deployment', 'istio-pilot'), 'discovery').args).toContain('--secureGrpcAddr');
      expect(container(find(strict, 'Deployment', 'istio-policy'), 'mixer').args).toContain('--configStoreURL=mcps://istio-galley.istio-system.svc:9901');
      expect(container(find(strict, 'Deployment', 'istio-telemetry'), 'mixer').args).toEqual(expect.arrayContaining([
        '--certFile=/etc/certs/cert-chain.pem', '--keyFile=/etc/certs/key.pem', '--caCertFile=/etc/certs/root-cert.pem',
      ]));
      for (const d of ['istio-ingressgateway', 'istio-egressgateway']) {
        const args = container(find(strict, 'Deployment', d), 'istio-proxy').args;
        expect(args[args.indexOf('--controlPlaneAuthPolicy') + 1]).toBe('MUTUAL_TLS');
        expect(args[args.indexOf('--discoveryAddress') + 1]).toBe('istio-pilot:15011');
      }
    });

    test('strict DestinationRules for mixer add ISTIO_MUTUAL on 15004', () => {
      for (const name of ['istio-policy', 'istio-telemetry']) {
        expect(find(strict, 'DestinationRule', name).spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 15004 }, tls: { mode: 'ISTIO_MUTUAL' } }]);
        expect(find(permissive, 'DestinationRule', name).spec.trafficPolicy.portLevelSettings).toBeUndefined();
      }
    });

    test('strict MeshPolicy requires mutual TLS and comes with the default and api-server DestinationRules', () => {
      const docs = yaml.loadAll(find(strict, 'ConfigMap', 'istio-security-custom-resources').data['custom-resources.yaml']) as any[];
      expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['MeshPolicy/default', 'DestinationRule/default', 'DestinationRule/api-server']);
      expect(docs[0].spec.peers).toEqual([{ mtls: {} }]);
      expect(docs[1].spec).toEqual({ host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
      expect(docs[2].spec).toEqual({ host: 'kubernetes.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });
      const permissiveDocs = yaml.loadAll(find(permissive, 'ConfigMap', 'istio-security-custom-resources').data['custom-resources.yaml']) as any[];
      expect(permissiveDocs.map((d) => d.spec)).toEqual([{ peers: [{ mtls: { mode: 'PERMISSIVE' } }] }]);
    });
  });

  describe('ingress gateway Service', () => {
    const service = (props: IstioProps) => find(synthObjects(props), 'Service', 'istio-ingressgateway');
    const nodePorts = (svc: Manifest) => Object.fromEntries(svc.spec.ports.filter((p: any) => p.nodePort).map((p: any) => [p.name, p.nodePort]));

    test('LoadBalancer by default, with the release node ports', () => {
      const svc = find(permissive, 'Service', 'istio-ingressgateway');
      expect(svc.spec.type).toBe('LoadBalancer');
      expect(nodePorts(svc)).toEqual({ http2: 31380, https: 31390, tcp: 31400 });
    });

    test('NodePort keeps 31380/31390/31400 and the values JSON records the type', () => {
      const objs = synthObjects({ ingressGateway: { type: 'NodePort' } });
      const svc = find(objs, 'Service', 'istio-ingressgateway');
      expect(svc.spec.type).toBe('NodePort');
      expect(nodePorts(svc)).toEqual({ http2: 31380, https: 31390, tcp: 31400 });
      expect(injectorValues(objs).gateways['istio-ingressgateway'].type).toBe('NodePort');
    });

    test('ClusterIP has no nodePort anywhere in the output', () => {
      const objs = synthObjects({ ingressGateway: { type: 'ClusterIP' } });
      expect(find(objs, 'Service', 'istio-ingressgateway').spec.type).toBe('ClusterIP');
      const withNodePort = objs.filter((o) => o.kind === 'Service' && o.spec.ports.some((p: any) => 'nodePort' in p));
      expect(withNodePort.map((o) => o.metadata.name)).toEqual([]);
    });

    test('node ports, load balancer IP and source ranges, annotations and external traffic policy', () => {
      const svc = service({
        ingressGateway: {
          nodePorts: { http2: 30080, https: 30443, tcp: 30400 },
          loadBalancerIP: '10.0.0.7',
          loadBalancerSourceRanges: ['10.0.0.0/8'],
          serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
          externalTrafficPolicy: 'Local',
        },
      });
      expect(nodePorts(svc)).toEqual({ http2: 30080, https: 30443, tcp: 30400 });
      expect(svc.spec.loadBalancerIP).toBe('10.0.0.7');
      expect(svc.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
      expect(svc.spec.externalTrafficPolicy).toBe('Local');
      expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    });
  });

  describe('images', () => {
    test('hub and tag reach every Istio image and the Job names', () => {
      const objs = synthObjects({ hub: 'registry.example.com/istio', tag: '1.2.2-patched' });
      const images = objs.filter((o) => o.spec?.template?.spec).flatMap((o) => o.spec.template.spec.containers.map((c: any) => c.image));
      const istio = images.filter((i: string) => /\/(citadel|galley|kubectl|mixer|pilot|proxyv2|sidecar_injector):/.test(i));
      expect(istio.length).toBeGreaterThan(10);
      for (const i of istio) expect(i).toMatch(/^registry\.example\.com\/istio\/[a-z_v0-9]+:1\.2\.2-patched$/);
      expect(find(objs, 'Job', 'istio-security-post-install-1.2.2-patched')).toBeDefined();
      const v = injectorValues(objs);
      expect([v.global.hub, v.global.tag]).toEqual(['registry.example.com/istio', '1.2.2-patched']);
    });
  });

  describe('per-component settings', () => {
    test('replicas, resources, autoscaling, node selector and tolerations', () => {
      const objs = synthObjects({
        values: {
          galley: { replicaCount: 3, nodeSelector: { pool: 'infra' }, tolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }] },
          pilot: { autoscaleMin: 2, autoscaleMax: 7, resources: { requests: { cpu: '500m', memory: '2Gi' } } },
        },
      });
      const galley = find(objs, 'Deployment', 'istio-galley');
      expect(galley.spec.replicas).toBe(3);
      expect(galley.spec.template.spec.tolerations).toEqual([{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }]);
      const terms = galley.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      expect(terms[0].matchExpressions).toContainEqual({ key: 'pool', operator: 'In', values: ['infra'] });
      const hpa = find(objs, 'HorizontalPodAutoscaler', 'istio-pilot');
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 7]);
      expect(container(find(objs, 'Deployment', 'istio-pilot'), 'discovery').resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' } });
      // Nothing else moves: the other components keep the demo settings.
      expect(find(objs, 'Deployment', 'istio-citadel').spec.template.spec.tolerations).toBeUndefined();
    });

    test('turning autoscaling off removes the HPA and sets replicas', () => {
      const objs = synthObjects({ values: { pilot: { autoscaleEnabled: false, replicaCount: 2 } } });
      expect(objs.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).not.toContain('istio-pilot');
      expect(find(objs, 'Deployment', 'istio-pilot').spec.replicas).toBe(2);
    });
  });

  describe('bad input is refused with the prop path, the value and what is allowed', () => {
    const cases: Array<[string, IstioProps | any, RegExp]> = [
      ['an unknown prop', { modes: 'strict' }, /modes: got "strict", expected no such key \(allowed: version, mode, delivery/],
      ['an invalid mode', { mode: 'mtls' }, /mode: got "mtls", expected one of permissive, strict/],
      ['an invalid delivery', { delivery: 'helm' }, /delivery: got "helm", expected one of release, gitops/],
      ['an invalid gateway type', { ingressGateway: { type: 'External' } }, /ingressGateway\.type: got "External", expected one of LoadBalancer, NodePort, ClusterIP/],
      ['a node port below the range', { ingressGateway: { nodePorts: { http2: 8080 } } }, /ingressGateway\.nodePorts\.http2: got 8080, expected a whole number from 30000 to 32767/],
      ['a node port above the range', { ingressGateway: { nodePorts: { tcp: 40000 } } }, /ingressGateway\.nodePorts\.tcp: got 40000/],
      ['a node port used twice', { ingressGateway: { nodePorts: { http2: 31390 } } }, /ingressGateway\.nodePorts\.http2: got 31390, expected a node port not already used by port https/],
      ['an unknown node port name', { ingressGateway: { nodePorts: { http: 31000 } } }, /ingressGateway\.nodePorts\.http: got 31000, expected no such key \(allowed: http2, https, tcp\)/],
      ['zero replicas', { values: { galley: { replicaCount: 0 } } }, /values\.galley\.replicaCount: got 0, expected a whole number of at least 1/],
      ['negative replicas', { values: { pilot: { autoscaleMin: -1 } } }, /values\.pilot\.autoscaleMin: got -1, expected a whole number of at least 1/],
      ['min above max', { values: { mixer: { policy: { autoscaleMin: 6, autoscaleMax: 3 } } } }, /values\.mixer\.policy\.autoscaleMin: got 6, expected at most autoscaleMax \(3\)/],
      ['an unknown values key', { values: { pilot: { replicas: 2 } } }, /values\.pilot\.replicas: got 2, expected a key of the Istio 1\.2 chart values \(allowed under values\.pilot: .*replicaCount/],
      ['a value of the wrong type', { values: { galley: { replicaCount: true } } }, /values\.galley\.replicaCount: got true, expected a number \(like the chart's default 1\)/],
      ['a replica count that is not a number', { values: { galley: { replicaCount: 'two' } } }, /values\.galley\.replicaCount: got "two", expected a whole number of at least 1/],
      ['a map where the chart has a scalar', { values: { global: { hub: { registry: 'x' } } } }, /values\.global\.hub: got \{"registry":"x"\}, expected a string/],
      ['mtls contradicting the mode', { mode: 'permissive', values: { global: { mtls: { enabled: true } } } }, /values\.global\.mtls\.enabled: got true, expected false with mode permissive \(set mode instead\)/],
      ['an empty hub', { hub: '' }, /hub: got "", expected a non-empty string/],
    ];

    test.each(cases)('fails when given %s', (_name, props, message) => {
      const app = Testing.app();
      expect(() => new Istio(app, 'istio', props)).toThrow(message);
      // The error names the construct path, and nothing was added to the app.
      expect(() => new Istio(Testing.app(), 'istio', props)).toThrow(/^\[istio\] /);
      expect(app.node.children).toHaveLength(0);
    });
  });
});

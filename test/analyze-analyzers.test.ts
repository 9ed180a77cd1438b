/**
 * One describe per analyzer: the smallest configurations that trigger it and the closest ones that must not, run
 * through `analyze` with only that analyzer, so each assertion is about one rule.
 */
import { analyze, Finding } from '../lib/analyze';

type Obj = Record<string, any>;

const meta = (name: string, namespace?: string, extra: Obj = {}) => ({ name, ...(namespace ? { namespace } : {}), ...extra });
const net = (kind: string, name: string, namespace: string | undefined, spec: Obj, metadata: Obj = {}): Obj =>
  ({ apiVersion: 'networking.istio.io/v1alpha3', kind, metadata: meta(name, namespace, metadata), spec });
const svc = (name: string, namespace: string | undefined, spec: Obj, metadata: Obj = {}): Obj =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name, namespace, metadata), spec });
const pod = (name: string, namespace: string | undefined, labels: Obj, containers: string[], annotations?: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta(name, namespace, { labels, ...(annotations ? { annotations } : {}) }),
  spec: { containers: containers.map((c) => ({ name: c, image: c === 'istio-proxy' ? 'docker.io/istio/proxyv2:1.2.2' : 'app:1' })) },
});
const deployment = (name: string, namespace: string | undefined, labels: Obj, containers: Obj[], annotations?: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, namespace),
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels, ...(annotations ? { annotations } : {}) }, spec: { containers } } },
});
const namespace = (name: string, labels?: Obj): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } });
const auth = (kind: 'Policy' | 'MeshPolicy', name: string, ns: string | undefined, spec: Obj): Obj =>
  ({ apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata: meta(name, ns), spec });
const rbac = (kind: string, name: string, ns: string | undefined, spec: Obj): Obj =>
  ({ apiVersion: 'rbac.istio.io/v1alpha1', kind, metadata: meta(name, ns), spec });

/** Findings of one analyzer, as `code origin` strings (sorted). */
function run(analyzer: string, objects: Obj[], options: Parameters<typeof analyze>[1] = {}): string[] {
  return analyze(objects, { analyzers: [analyzer], ...options }).map((f) => `${f.code} ${f.origin}`);
}
function findings(analyzer: string, objects: Obj[], options: Parameters<typeof analyze>[1] = {}): Finding[] {
  return analyze(objects, { analyzers: [analyzer], ...options });
}

describe('virtualservice.DestinationRuleAnalyzer (IST0101 host+subset)', () => {
  const dr = net('DestinationRule', 'reviews', 'default', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const route = (subset: string, host = 'reviews') => ({ http: [{ route: [{ destination: { host, subset } }] }] });

  test('a subset the DestinationRule defines, by short name or FQDN, is fine', () => {
    expect(run('virtualservice.DestinationRuleAnalyzer', [dr,
      net('VirtualService', 'a', 'default', route('v1')),
      net('VirtualService', 'b', 'default', route('v1', 'reviews.default.svc.cluster.local'))])).toEqual([]);
  });

  test('fails when a route, a TCP route or a mirror names an undefined subset', () => {
    const f = findings('virtualservice.DestinationRuleAnalyzer', [dr,
      net('VirtualService', 'http', 'default', route('v2')),
      net('VirtualService', 'tcp', 'default', { tcp: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] }),
      net('VirtualService', 'mirror', 'default', { http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], mirror: { host: 'reviews', subset: 'v9' } }] })]);
    expect(f.map((x) => [x.origin, x.message])).toEqual([
      ['VirtualService http.default', 'Referenced host+subset in destinationrule not found: "reviews+v2"'],
      ['VirtualService mirror.default', 'Referenced host+subset in destinationrule not found: "reviews+v9"'],
      ['VirtualService tcp.default', 'Referenced host+subset in destinationrule not found: "reviews+v3"'],
    ]);
    expect(f.every((x) => x.code === 'IST0101' && x.level === 'Error')).toBe(true);
  });

  test('fails when the DestinationRule with the subset is for the same name in another namespace', () => {
    expect(run('virtualservice.DestinationRuleAnalyzer', [dr, net('VirtualService', 'a', 'other', route('v1'))]))
      .toEqual(['IST0101 VirtualService a.other']);
  });
});

describe('virtualservice.GatewayAnalyzer (IST0101 gateway)', () => {
  const gw = net('Gateway', 'gw', 'web', { selector: { istio: 'ingressgateway' }, servers: [] });
  test('mesh, a gateway of the namespace and ns/name are fine; a missing one is reported', () => {
    const f = findings('virtualservice.GatewayAnalyzer', [gw,
      net('VirtualService', 'ok', 'web', { hosts: ['*'], gateways: ['mesh', 'gw'] }),
      net('VirtualService', 'cross', 'other', { hosts: ['*'], gateways: ['web/gw'] }),
      net('VirtualService', 'bad', 'other', { hosts: ['*'], gateways: ['gw'] })]);
    expect(f.map((x) => `${x.origin}: ${x.message}`)).toEqual(['VirtualService bad.other: Referenced gateway not found: "gw"']);
  });
});

describe('virtualservice.DestinationHostAnalyzer (IST0101 host, IST0112)', () => {
  const one = svc('ratings', 'default', { ports: [{ name: 'http', port: 9080 }] });
  const two = svc('reviews', 'default', { ports: [{ name: 'http', port: 9080 }, { name: 'grpc', port: 9090 }] });
  const vs = (name: string, destination: Obj, ns = 'default') => net('VirtualService', name, ns, { hosts: [name], http: [{ route: [{ destination }] }] });

  test('Services and ServiceEntry hosts (also wildcards) are found; single-port services need no port', () => {
    const se = net('ServiceEntry', 'ext', 'default', { hosts: ['*.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }] });
    expect(run('virtualservice.DestinationHostAnalyzer', [one, two, se,
      vs('a', { host: 'ratings' }),
      vs('b', { host: 'reviews', port: { number: 9090 } }),
      vs('c', { host: 'api.example.com' }),
      vs('d', { host: 'ratings.default.svc.cluster.local' }, 'other')])).toEqual([]);
  });

  test('fails for an unknown host, a port the service lacks, and a multi-port service without a port', () => {
    const f = findings('virtualservice.DestinationHostAnalyzer', [one, two,
      vs('unknown', { host: 'details' }),
      vs('port', { host: 'ratings', port: { number: 80 } }),
      vs('ambiguous', { host: 'reviews' })]);
    expect(f.map((x) => `${x.code} ${x.origin}: ${x.message}`)).toEqual([
      'IST0101 VirtualService port.default: Referenced host:port not found: "ratings:80"',
      'IST0101 VirtualService unknown.default: Referenced host not found: "details"',
      'IST0112 VirtualService ambiguous.default: This VirtualService routes to a service "reviews" that exposes multiple ports [9080 9090]. '
        + 'Specifying a port in the destination is required to disambiguate.',
    ]);
  });

  test('a ServiceEntry exported only to its namespace is not visible from others', () => {
    const se = net('ServiceEntry', 'ext', 'team1', { hosts: ['api.example.com'], exportTo: ['.'], ports: [{ number: 443, name: 'https' }] });
    expect(run('virtualservice.DestinationHostAnalyzer', [se, vs('a', { host: 'api.example.com' }, 'team1'), vs('b', { host: 'api.example.com' }, 'team2')]))
      .toEqual(['IST0101 VirtualService b.team2']);
  });
});

describe('virtualservice.ConflictingMeshGatewayHostsAnalyzer (IST0109)', () => {
  test('two mesh VirtualServices for one host conflict, each is reported with both names', () => {
    const f = findings('virtualservice.ConflictingMeshGatewayHostsAnalyzer', [
      net('VirtualService', 'a', 'foo', { hosts: ['ratings'] }),
      net('VirtualService', 'b', 'bar', { hosts: ['ratings.foo.svc.cluster.local'], gateways: ['mesh', 'gw'] })]);
    expect(f.map((x) => x.origin)).toEqual(['VirtualService a.foo', 'VirtualService b.bar']);
    expect(f[0].message).toContain('The VirtualServices bar/b,foo/a associated with mesh gateway define the same host */ratings.foo.svc.cluster.local');
  });

  test('gateway-only VirtualServices and ones kept to their namespace do not conflict', () => {
    expect(run('virtualservice.ConflictingMeshGatewayHostsAnalyzer', [
      net('VirtualService', 'a', 'foo', { hosts: ['ratings'] }),
      net('VirtualService', 'b', 'foo', { hosts: ['ratings'], gateways: ['gw'] }),
      net('VirtualService', 'c', 'bar', { hosts: ['ratings.foo.svc.cluster.local'], exportTo: ['.'] })])).toEqual([]);
  });
});

describe('auth.ServiceRoleBindingAnalyzer and auth.ServiceRoleServicesAnalyzer (IST0101)', () => {
  test('a binding to a missing role is reported; to an existing one, or without roleRef, not', () => {
    expect(run('auth.ServiceRoleBindingAnalyzer', [
      rbac('ServiceRole', 'reader', 'default', { rules: [] }),
      rbac('ServiceRoleBinding', 'ok', 'default', { roleRef: { kind: 'ServiceRole', name: 'reader' }, subjects: [{ user: '*' }] }),
      rbac('ServiceRoleBinding', 'other-ns', 'prod', { roleRef: { kind: 'ServiceRole', name: 'reader' }, subjects: [{ user: '*' }] }),
      rbac('ServiceRoleBinding', 'no-ref', 'default', { subjects: [{ user: '*' }] })])).toEqual(['IST0101 ServiceRoleBinding other-ns.prod']);
  });

  test('role services match a Service by name, FQDN, prefix* or *suffix; others are reported', () => {
    const f = findings('auth.ServiceRoleServicesAnalyzer', [
      svc('productpage', 'default', { ports: [{ name: 'http', port: 9080 }] }),
      rbac('ServiceRole', 'r', 'default', {
        rules: [{ services: ['productpage', 'productpage.default.svc.cluster.local', 'product*', '*.default.svc.cluster.local', '*', 'ratings'], methods: ['GET'] }],
      })]);
    expect(f.map((x) => x.message)).toEqual(['Referenced service not found: "ratings"']);
  });
});

describe('gateway.IngressGatewayPortAnalyzer (IST0101 selector, IST0104)', () => {
  const gw = (selector: Obj, ports: number[]) => net('Gateway', 'gw', 'default', {
    selector, servers: ports.map((number) => ({ port: { number, name: `http-${number}`, protocol: 'HTTP' }, hosts: ['*'] })),
  });

  test('without the installation, Istio\'s default ingress gateway is assumed: its ports pass, others do not', () => {
    expect(run('gateway.IngressGatewayPortAnalyzer', [gw({ istio: 'ingressgateway' }, [80, 443])])).toEqual([]);
    const f = findings('gateway.IngressGatewayPortAnalyzer', [gw({ istio: 'ingressgateway' }, [80, 8080])]);
    expect(f.map((x) => `${x.code} ${x.level} ${x.message}`))
      .toEqual(['IST0104 Warning The gateway refers to a port that is not exposed on the workload (pod selector istio=ingressgateway; port 8080)']);
  });

  test('fails when no pod matches the selector', () => {
    expect(findings('gateway.IngressGatewayPortAnalyzer', [gw({ istio: 'ingresstypo', app: 'x' }, [80])]).map((x) => x.message))
      .toEqual(['Referenced selector not found: "app=x,istio=ingresstypo"']);
  });

  test('a custom gateway Deployment counts as its pods; its Service\'s port (not targetPort) is what matters', () => {
    const labels = { app: 'private-gw' };
    const objects = [
      deployment('private-gw', 'edge', labels, [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.2.2' }]),
      svc('private-gw', 'edge', { selector: labels, ports: [{ name: 'http2', port: 8080, targetPort: 80 }] }),
    ];
    expect(run('gateway.IngressGatewayPortAnalyzer', [...objects, gw(labels, [8080])])).toEqual([]);
    expect(run('gateway.IngressGatewayPortAnalyzer', [...objects, gw(labels, [80])])).toEqual(['IST0104 Gateway gw.default']);
  });

  test('with the installation, its gateway is used instead of the default one', () => {
    const installation = [
      pod('ilb', 'istio-system', { istio: 'ilbgateway' }, ['istio-proxy']),
      svc('ilb', 'istio-system', { selector: { istio: 'ilbgateway' }, ports: [{ name: 'grpc', port: 15011 }] }),
    ];
    expect(run('gateway.IngressGatewayPortAnalyzer', [gw({ istio: 'ilbgateway' }, [15011])], { installation })).toEqual([]);
    expect(run('gateway.IngressGatewayPortAnalyzer', [gw({ istio: 'ingressgateway' }, [80])], { installation })).toEqual(['IST0101 Gateway gw.default']);
  });
});

describe('gateway.SecretAnalyzer (IST0101 credentialName)', () => {
  const gw = (credentialName: string) => net('Gateway', 'gw', 'default', {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName } }],
  });
  const secret = (name: string, ns: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque' });

  test('the secret must be in the gateway pods\' namespace', () => {
    expect(run('gateway.SecretAnalyzer', [gw('cert'), secret('cert', 'istio-system')])).toEqual([]);
    expect(findings('gateway.SecretAnalyzer', [gw('cert'), secret('cert', 'default')]).map((x) => x.message))
      .toEqual(['Referenced credentialName not found: "cert"']);
  });
});

describe('injection.Analyzer (IST0102, IST0103)', () => {
  test('unlabelled namespaces and proxy-less pods of enabled ones are reported; opted-out pods and system namespaces not', () => {
    const f = findings('injection.Analyzer', [
      namespace('on', { 'istio-injection': 'enabled' }), namespace('off', { 'istio-injection': 'disabled' }),
      namespace('unsaid'), namespace('kube-system'),
      pod('injected', 'on', {}, ['app', 'istio-proxy']), pod('bare', 'on', {}, ['app']),
      pod('opted-out', 'on', {}, ['app'], { 'sidecar.istio.io/inject': 'false' }), pod('elsewhere', 'off', {}, ['app']),
      deployment('template', 'on', { app: 't' }, [{ name: 'app', image: 'app:1' }])]);
    expect(f.map((x) => `${x.code} ${x.origin}`)).toEqual(['IST0102 Namespace unsaid', 'IST0103 Pod bare.on']);
    expect(f[0].message).toBe('The namespace is not enabled for Istio injection. Run \'kubectl label namespace unsaid istio-injection=enabled\' '
      + 'to enable it, or \'kubectl label namespace unsaid istio-injection=disabled\' to explicitly mark it as not needing injection');
  });
});

describe('injection.ImageAnalyzer (IST0105)', () => {
  const injector = (tag: string) => ({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' },
    data: { values: JSON.stringify({ global: { hub: 'docker.io/istio', tag, proxy: { image: 'proxyv2' } } }) },
  });
  const proxied = (name: string, image: string, annotations?: Obj) => ({
    ...pod(name, 'on', {}, []), metadata: meta(name, 'on', annotations ? { annotations } : {}),
    spec: { containers: [{ name: 'app', image: 'app:1' }, { name: 'istio-proxy', image }] },
  });

  test('pods of enabled namespaces must run the injector\'s image, unless they ask for their own', () => {
    const f = findings('injection.ImageAnalyzer', [injector('1.2.2'), namespace('on', { 'istio-injection': 'enabled' }),
      proxied('old', 'docker.io/istio/proxyv2:1.2.0'), proxied('current', 'docker.io/istio/proxyv2:1.2.2'),
      proxied('custom', 'my/proxy:1', { 'sidecar.istio.io/proxyImage': 'my/proxy:1' })]);
    expect(f.map((x) => `${x.origin}: ${x.message}`)).toEqual(['Pod old.on: The image of the Istio proxy running on the pod does not match the image '
      + 'defined in the injection configuration (pod image: docker.io/istio/proxyv2:1.2.0; injection configuration image: docker.io/istio/proxyv2:1.2.2). '
      + 'This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pod.']);
  });

  test('the installation\'s injector counts; templates injected at synth time are checked wherever they are', () => {
    const injected = deployment('web', 'default', { app: 'web' }, [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.2.2' }],
      { 'sidecar.istio.io/status': '{}' });
    expect(run('injection.ImageAnalyzer', [injected], { installation: [injector('1.2.2')] })).toEqual([]);
    expect(run('injection.ImageAnalyzer', [injected], { installation: [injector('1.2.3')] })).toEqual(['IST0105 Deployment web.default']);
    expect(run('injection.ImageAnalyzer', [injected])).toEqual([]);
  });
});

describe('service.PortNameAnalyzer (IST0118)', () => {
  test('ports named <protocol>[-suffix], UDP and well-known ports pass; others are reported as Info', () => {
    const f = findings('service.PortNameAnalyzer', [svc('s', 'default', {
      ports: [
        { name: 'http-web', port: 80 }, { name: 'GRPC', port: 81 }, { name: 'grpc-web-x', port: 82 }, { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'smtp', port: 25 }, { name: 'web', port: 8080, targetPort: 'web' }, { port: 9000 },
      ],
    })]);
    expect(f.map((x) => `${x.level} ${x.message}`)).toEqual([
      'Info Port name  (port: 9000, targetPort: 0) doesn\'t follow the naming convention of Istio port.',
      'Info Port name web (port: 8080, targetPort: web) doesn\'t follow the naming convention of Istio port.',
    ]);
  });

  test('the control plane and Kubernetes\' namespaces are left alone', () => {
    expect(run('service.PortNameAnalyzer', [
      svc('a', 'kube-system', { ports: [{ name: 'x', port: 1 }] }),
      svc('b', 'istio-system', { ports: [{ name: 'x', port: 1 }] }, { labels: { istio: 'pilot' } }),
      svc('c', 'apps', { ports: [{ name: 'x', port: 1 }] }, { labels: { release: 'istio' } })])).toEqual([]);
  });
});

describe('sidecar.DefaultSelectorAnalyzer (IST0111) and sidecar.SelectorAnalyzer (IST0101, IST0110)', () => {
  const sidecar = (name: string, ns: string, labels?: Obj) => net('Sidecar', name, ns, {
    ...(labels ? { workloadSelector: { labels } } : {}), egress: [{ hosts: ['./*'] }],
  });

  test('two selector-less Sidecars in a namespace conflict; one, or one per namespace, does not', () => {
    const f = findings('sidecar.DefaultSelectorAnalyzer', [sidecar('a', 'x'), sidecar('b', 'x'), sidecar('c', 'y'), sidecar('d', 'y', { app: 'd' })]);
    expect(f.map((x) => `${x.code} ${x.origin}`)).toEqual(['IST0111 Sidecar a.x', 'IST0111 Sidecar b.x']);
    expect(f[0].message).toBe('The Sidecars [a b] in namespace "x" have no workload selector, which can lead to undefined behavior.');
  });

  test('selectors must match a pod of the namespace (a Deployment\'s pods count); two selecting one pod conflict', () => {
    const f = findings('sidecar.SelectorAnalyzer', [
      deployment('web', 'x', { app: 'web', tier: 'front' }, [{ name: 'web', image: 'web:1' }]),
      pod('db-0', 'x', { app: 'db' }, ['db']),
      sidecar('web', 'x', { app: 'web' }), sidecar('front', 'x', { tier: 'front' }), sidecar('db', 'x', { app: 'db' }),
      sidecar('nothing', 'x', { app: 'gone' }), sidecar('elsewhere', 'y', { app: 'db' })]);
    expect(f.map((x) => `${x.code} ${x.origin}`)).toEqual([
      'IST0101 Sidecar elsewhere.y', 'IST0101 Sidecar nothing.x', 'IST0110 Sidecar front.x', 'IST0110 Sidecar web.x']);
    expect(f[2].message).toBe('The Sidecars [front web] in namespace "x" select the same workload pod "web", which can lead to undefined behavior.');
  });
});

describe('deployment.ServiceAssociationAnalyzer (IST0116, IST0117)', () => {
  const web = (annotations?: Obj) => deployment('web', 'default', { app: 'web' }, [{ name: 'web', image: 'web:1' }], annotations);
  const inject = { 'sidecar.istio.io/inject': 'true' };

  test('a mesh deployment needs a Service; one outside the mesh does not', () => {
    expect(run('deployment.ServiceAssociationAnalyzer', [web(inject)])).toEqual(['IST0117 Deployment web.default']);
    expect(run('deployment.ServiceAssociationAnalyzer', [web()])).toEqual([]);
    expect(run('deployment.ServiceAssociationAnalyzer', [web(), namespace('default', { 'istio-injection': 'enabled' })]))
      .toEqual(['IST0117 Deployment web.default']);
  });

  test('Services using one port with different protocols are reported; a Service in another namespace does not count', () => {
    const f = findings('deployment.ServiceAssociationAnalyzer', [web(inject),
      svc('web-tcp', 'default', { selector: { app: 'web' }, ports: [{ name: 'tcp', port: 53 }] }),
      svc('web-udp', 'default', { selector: { app: 'web' }, ports: [{ name: 'udp', port: 53, protocol: 'UDP' }] }),
      svc('web-other', 'other', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'UDP' }] })]);
    expect(f.map((x) => `${x.code} ${x.origin}: ${x.message}`)).toEqual([
      'IST0116 Deployment web.default: This deployment is associated with multiple services using port 53 but different protocols: [default/web-tcp default/web-udp]']);
  });
});

describe('auth.JwtAnalyzer (IST0119)', () => {
  const policy = (targets: Obj[]) => auth('Policy', 'jwt', 'default', { targets, origins: [{ jwt: { issuer: 'me', jwksUri: 'https://example.com/jwks' } }] });
  const service = svc('api', 'default', { ports: [{ name: 'http-api', port: 80 }, { name: 'grpc', port: 81 }, { name: 'https', port: 443, protocol: 'UDP' }] });

  test('every port of a targeted service must be TCP http, http2 or https', () => {
    expect(findings('auth.JwtAnalyzer', [service, policy([{ name: 'api' }])]).map((x) => x.message)).toEqual([
      'Authentication policy with JWT targets Service with invalid port specification (port: 443, name: https, protocol: UDP, targetPort: 0).',
      'Authentication policy with JWT targets Service with invalid port specification (port: 81, name: grpc, protocol: , targetPort: 0).',
    ]);
  });

  test('only the targeted ports are checked; a policy without JWT or for an unknown service is not', () => {
    expect(run('auth.JwtAnalyzer', [service, policy([{ name: 'api', ports: [{ number: 80 }] }])])).toEqual([]);
    expect(run('auth.JwtAnalyzer', [service, policy([{ name: 'api', ports: [{ name: 'grpc' }] }])])).toEqual(['IST0119 Policy jwt.default']);
    expect(run('auth.JwtAnalyzer', [service, auth('Policy', 'mtls', 'default', { targets: [{ name: 'api' }], peers: [{ mtls: {} }] })])).toEqual([]);
    expect(run('auth.JwtAnalyzer', [service, policy([{ name: 'unknown' }])])).toEqual([]);
  });
});

describe('auth.MTLSAnalyzer (IST0113, IST0114, IST0115)', () => {
  const app = [
    svc('api', 'shop', { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }] }),
    deployment('api', 'shop', { app: 'api' }, [{ name: 'api', image: 'api:1' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.2.2' }]),
  ];
  const dr = (name: string, ns: string, host: string, mode: string, extra: Obj = {}) =>
    net('DestinationRule', name, ns, { host, trafficPolicy: { tls: { mode }, ...extra } });
  const strictMesh = auth('MeshPolicy', 'default', undefined, { peers: [{ mtls: {} }] });

  test('a strict mesh with the mesh-wide ISTIO_MUTUAL rule is consistent', () => {
    expect(run('auth.MTLSAnalyzer', [...app, strictMesh, dr('default', 'istio-system', '*.local', 'ISTIO_MUTUAL')])).toEqual([]);
  });

  test('fails when a strict mesh has no mesh-wide rule, or a rule sends mTLS without a policy', () => {
    const f = findings('auth.MTLSAnalyzer', [...app, strictMesh]);
    expect(f.map((x) => `${x.origin}: ${x.message}`)).toEqual(['MeshPolicy default: A DestinationRule and Policy are in conflict with regards to mTLS '
      + 'for host *.svc.cluster.local. The DestinationRule "(none)" specifies that mTLS must be false but the Policy object "default" specifies Strict.']);
    expect(run('auth.MTLSAnalyzer', [...app, dr('api', 'shop', 'api', 'ISTIO_MUTUAL')])).toEqual(['IST0113 DestinationRule api.shop']);
  });

  test('a namespace rule that turns mTLS off under a strict mesh conflicts; permissive policies accept both', () => {
    const objects = [...app, dr('default', 'istio-system', '*.local', 'ISTIO_MUTUAL'), dr('api', 'shop', 'api', 'DISABLE')];
    expect(run('auth.MTLSAnalyzer', [...objects, strictMesh])).toEqual(['IST0113 DestinationRule api.shop', 'IST0113 MeshPolicy default']);
    expect(run('auth.MTLSAnalyzer', [...objects, auth('MeshPolicy', 'default', undefined, { peers: [{ mtls: { mode: 'PERMISSIVE' } }] })])).toEqual([]);
  });

  test('IST0115 when a rule sends mTLS to a service whose pods have no sidecar', () => {
    const bare = [
      svc('legacy', 'shop', { selector: { app: 'legacy' }, ports: [{ name: 'http', port: 80 }] }),
      deployment('legacy', 'shop', { app: 'legacy' }, [{ name: 'legacy', image: 'legacy:1' }]),
    ];
    const f = findings('auth.MTLSAnalyzer', [...app, ...bare, strictMesh, dr('default', 'istio-system', '*.local', 'ISTIO_MUTUAL')]);
    expect(f.map((x) => `${x.code} ${x.origin}: ${x.message}`)).toEqual(['IST0115 DestinationRule default.istio-system: DestinationRule istio-system/default '
      + 'uses mTLS for workload legacy.shop.svc.cluster.local:80 that has no sidecar. Traffic from workloads with sidecars will fail.']);
    // Pods the injector will give a sidecar (labelled namespace) have one.
    expect(run('auth.MTLSAnalyzer', [...app, ...bare, namespace('shop', { 'istio-injection': 'enabled' }), strictMesh,
      dr('default', 'istio-system', '*.local', 'ISTIO_MUTUAL')])).toEqual([]);
  });

  test('the most specific rule decides: a host\'s own rule over a wildcard one, whatever their order', () => {
    const bare = [
      svc('legacy', 'shop', { selector: { app: 'legacy' }, ports: [{ name: 'http', port: 80 }] }),
      deployment('legacy', 'shop', { app: 'legacy' }, [{ name: 'legacy', image: 'legacy:1' }]),
    ];
    expect(run('auth.MTLSAnalyzer', [...app, ...bare, strictMesh,
      dr('default', 'istio-system', '*.local', 'ISTIO_MUTUAL'), dr('legacy', 'istio-system', 'legacy.shop.svc.cluster.local', 'DISABLE')])).toEqual([]);
  });

  test('a port-level setting overrides its rule for that port (Istio names no rule for it)', () => {
    const f = findings('auth.MTLSAnalyzer', [...app, strictMesh, dr('default', 'istio-system', '*.local', 'ISTIO_MUTUAL'),
      dr('api', 'shop', 'api', 'ISTIO_MUTUAL', { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] })]);
    expect(f.map((x) => `${x.code} ${x.origin}: ${x.message}`)).toEqual(['IST0113 MeshPolicy default: A DestinationRule and Policy are in conflict with '
      + 'regards to mTLS for host api.shop.svc.cluster.local:80. The DestinationRule "(none)" specifies that mTLS must be false but the Policy object '
      + '"default" specifies Strict.']);
  });

  test('IST0114 when a Policy names a port the service does not have', () => {
    const f = findings('auth.MTLSAnalyzer', [...app, auth('Policy', 'p', 'shop', { targets: [{ name: 'api', ports: [{ name: 'grpc' }] }], peers: [{ mtls: {} }] })]);
    expect(f.map((x) => `${x.code} ${x.level} ${x.message}`))
      .toEqual(['IST0114 Warning Port name grpc could not be found for host api.shop.svc.cluster.local, which means the Policy won\'t be enforced.']);
  });
});

import { Chart, Testing } from 'cdk8s';
import {
  ClusterRbacConfig, DestinationRule, EnvoyFilter, Gateway, MeshPolicy, Policy, ServiceEntry, ServiceRole, ServiceRoleBinding,
  Sidecar, VirtualService,
} from '../lib/resources';

const chart = () => new Chart(Testing.app(), 'test');

describe('typed Istio resources', () => {
  describe('render apiVersion, kind, metadata and spec', () => {
    test.each([
      ['Gateway', 'networking.istio.io/v1alpha3', (c: Chart) => new Gateway(c, 'g', {
        metadata: { name: 'g' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
      })],
      ['VirtualService', 'networking.istio.io/v1alpha3', (c: Chart) => new VirtualService(c, 'v', {
        metadata: { name: 'v' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] },
      })],
      ['DestinationRule', 'networking.istio.io/v1alpha3', (c: Chart) => new DestinationRule(c, 'd', {
        metadata: { name: 'd' }, spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      })],
      ['ServiceEntry', 'networking.istio.io/v1alpha3', (c: Chart) => new ServiceEntry(c, 's', {
        metadata: { name: 's' }, spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', location: 'MESH_EXTERNAL' },
      })],
      ['Sidecar', 'networking.istio.io/v1alpha3', (c: Chart) => new Sidecar(c, 'sc', { metadata: { name: 'default' }, spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } })],
      ['EnvoyFilter', 'networking.istio.io/v1alpha3', (c: Chart) => new EnvoyFilter(c, 'e', {
        metadata: { name: 'e' }, spec: { filters: [{ filterType: 'HTTP', filterName: 'envoy.lua', filterConfig: { inlineCode: '' } }] },
      })],
      ['Policy', 'authentication.istio.io/v1alpha1', (c: Chart) => new Policy(c, 'p', { metadata: { name: 'p' }, spec: { targets: [{ name: 'grafana' }], peers: [{ mtls: {} }] } })],
      ['MeshPolicy', 'authentication.istio.io/v1alpha1', (c: Chart) => new MeshPolicy(c, 'm', { metadata: { name: 'default' }, spec: { peers: [{ mtls: { mode: 'PERMISSIVE' } }] } })],
      ['ServiceRole', 'rbac.istio.io/v1alpha1', (c: Chart) => new ServiceRole(c, 'r', { metadata: { name: 'viewer' }, spec: { rules: [{ services: ['*'], methods: ['GET'] }] } })],
      ['ServiceRoleBinding', 'rbac.istio.io/v1alpha1', (c: Chart) => new ServiceRoleBinding(c, 'b', {
        metadata: { name: 'bind' }, spec: { subjects: [{ user: '*' }], roleRef: { kind: 'ServiceRole', name: 'viewer' } },
      })],
      ['ClusterRbacConfig', 'rbac.istio.io/v1alpha1', (c: Chart) => new ClusterRbacConfig(c, 'c', {
        metadata: { name: 'default' }, spec: { mode: 'ON_WITH_INCLUSION', inclusion: { namespaces: ['default'] } },
      })],
    ])('%s', (kind, apiVersion, make) => {
      const c = chart();
      const o = make(c);
      const [json] = Testing.synth(c);
      expect(json.kind).toBe(kind);
      expect(json.apiVersion).toBe(apiVersion);
      expect(json.spec).toEqual((o as any).toJson().spec);
      expect(Object.keys(json).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    });
  });

  describe('refuse what the Istio API refuses, naming the field', () => {
    const cases: Array<[string, (c: Chart) => unknown, RegExp]> = [
      ['a VirtualService has no hosts', (c) => new VirtualService(c, 'v', { metadata: { name: 'v' }, spec: { hosts: [], http: [{ route: [{ destination: { host: 'a' } }] }] } }), /spec\.hosts: is required/],
      ['a VirtualService has no routes', (c) => new VirtualService(c, 'v', { metadata: { name: 'v' }, spec: { hosts: ['a'] } }), /spec: needs at least one of http, tcp or tls routes/],
      ['weights do not sum to 100', (c) => new VirtualService(c, 'v', {
        metadata: { name: 'v' }, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', subset: 'v1' }, weight: 50 }, { destination: { host: 'a', subset: 'v2' }, weight: 40 }] }] },
      }), /spec\.http\[0\]\.route: weights sum to 90, expected 100/],
      ['a weight is out of range', (c) => new VirtualService(c, 'v', {
        metadata: { name: 'v' }, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a' }, weight: 120 }] }] },
      }), /spec\.http\[0\]\.route\[0\]\.weight: got 120, expected a whole percentage from 0 to 100/],
      ['a route and a redirect are both set', (c) => new VirtualService(c, 'v', {
        metadata: { name: 'v' }, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a' } }], redirect: { uri: '/b' } }] },
      }), /spec\.http\[0\]: route and redirect are mutually exclusive/],
      ['a string match sets exact and prefix', (c) => new VirtualService(c, 'v', {
        metadata: { name: 'v' }, spec: { hosts: ['a'], http: [{ match: [{ uri: { exact: '/a', prefix: '/b' } }], route: [{ destination: { host: 'a' } }] }] },
      }), /spec\.http\[0\]\.match\[0\]\.uri: exact and prefix are mutually exclusive/],
      ['a destination port is out of range', (c) => new VirtualService(c, 'v', {
        metadata: { name: 'v' }, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', port: { number: 70000 } } }] }] },
      }), /spec\.http\[0\]\.route\[0\]\.destination\.port\.number: got 70000, expected a port number from 1 to 65535/],
      ['a Gateway server has no port number', (c) => new Gateway(c, 'g', {
        metadata: { name: 'g' }, spec: { servers: [{ port: { number: 0, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
      }), /spec\.servers\[0\]\.port\.number: got 0/],
      ['a Gateway server has no hosts', (c) => new Gateway(c, 'g', {
        metadata: { name: 'g' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [] }] },
      }), /spec\.servers\[0\]\.hosts: is required/],
      ['a SIMPLE TLS server has no certificate', (c) => new Gateway(c, 'g', {
        metadata: { name: 'g' }, spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE' } }] },
      }), /spec\.servers\[0\]\.tls\.serverCertificate: is required/],
      ['a Gateway protocol is unknown', (c) => new Gateway(c, 'g', {
        metadata: { name: 'g' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'SMTP' as any }, hosts: ['*'] }] },
      }), /spec\.servers\[0\]\.port\.protocol: got "SMTP", expected one of HTTP, HTTPS/],
      ['a DestinationRule has no host', (c) => new DestinationRule(c, 'd', { metadata: { name: 'd' }, spec: { host: '' } }), /spec\.host: is required/],
      ['a DestinationRule names a subset twice', (c) => new DestinationRule(c, 'd', {
        metadata: { name: 'd' }, spec: { host: 'a', subsets: [{ name: 'v1' }, { name: 'v1' }] },
      }), /spec\.subsets\[1\]\.name: "v1" is used twice/],
      ['a TLS mode is unknown', (c) => new DestinationRule(c, 'd', { metadata: { name: 'd' }, spec: { host: 'a', trafficPolicy: { tls: { mode: 'STRICT' as any } } } }), /spec\.trafficPolicy\.tls\.mode: got "STRICT", expected one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL/],
      ['a ServiceEntry has no hosts', (c) => new ServiceEntry(c, 's', { metadata: { name: 's' }, spec: { hosts: [], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } }), /spec\.hosts: is required/],
      ['a STATIC ServiceEntry has no endpoints', (c) => new ServiceEntry(c, 's', { metadata: { name: 's' }, spec: { hosts: ['a'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'STATIC' } }), /spec\.endpoints: is required/],
      ['a ServiceEntry resolution is unknown', (c) => new ServiceEntry(c, 's', { metadata: { name: 's' }, spec: { hosts: ['a'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'EDS' as any } }), /spec\.resolution: got "EDS", expected one of NONE, STATIC, DNS/],
      ['a Sidecar egress host has no namespace', (c) => new Sidecar(c, 's', { metadata: { name: 's' }, spec: { egress: [{ hosts: ['reviews'] }] } }), /spec\.egress\[0\]\.hosts: "reviews" must be namespace\/host/],
      ['an EnvoyFilter inserts relative to nothing', (c) => new EnvoyFilter(c, 'e', {
        metadata: { name: 'e' }, spec: { filters: [{ filterType: 'HTTP', filterName: 'x', insertPosition: { index: 'BEFORE' } }] },
      }), /spec\.filters\[0\]\.insertPosition\.relativeTo: is required with index BEFORE/],
      ['a Policy peer sets mtls and jwt', (c) => new Policy(c, 'p', { metadata: { name: 'p' }, spec: { peers: [{ mtls: {}, jwt: { issuer: 'x' } }] } }), /spec\.peers\[0\]: set exactly one of mtls, jwt/],
      ['a Policy target port has number and name', (c) => new Policy(c, 'p', { metadata: { name: 'p' }, spec: { targets: [{ name: 'a', ports: [{ number: 80, name: 'http' }] }] } }), /spec\.targets\[0\]\.ports\[0\]: number and name are mutually exclusive/],
      ['a MeshPolicy has targets', (c) => new MeshPolicy(c, 'm', { metadata: { name: 'default' }, spec: { targets: [{ name: 'a' }] } }), /spec\.targets: a MeshPolicy applies to the whole mesh/],
      ['a MeshPolicy has a namespace', (c) => new MeshPolicy(c, 'm', { metadata: { name: 'default', namespace: 'x' }, spec: {} }), /metadata\.namespace: got "x", expected none: MeshPolicy is cluster-scoped/],
      ['a ServiceRole has no rules', (c) => new ServiceRole(c, 'r', { metadata: { name: 'r' }, spec: { rules: [] } }), /spec\.rules: is required/],
      ['a ServiceRoleBinding has no subjects', (c) => new ServiceRoleBinding(c, 'b', { metadata: { name: 'b' }, spec: { subjects: [], roleRef: { kind: 'ServiceRole', name: 'r' } } }), /spec\.subjects: is required/],
      ['a ServiceRoleBinding has no role name', (c) => new ServiceRoleBinding(c, 'b', { metadata: { name: 'b' }, spec: { subjects: [{ user: '*' }], roleRef: { kind: 'ServiceRole', name: '' } } }), /spec\.roleRef\.name: is required/],
      ['a ClusterRbacConfig mode is unknown', (c) => new ClusterRbacConfig(c, 'c', { metadata: { name: 'default' }, spec: { mode: 'ENABLED' as any } }), /spec\.mode: got "ENABLED", expected one of OFF, ON/],
      ['a ClusterRbacConfig includes nothing', (c) => new ClusterRbacConfig(c, 'c', { metadata: { name: 'default' }, spec: { mode: 'ON_WITH_INCLUSION' } }), /spec\.inclusion: is required/],
    ];
    test.each(cases)('fails when %s', (_name, make, message) => {
      const c = chart();
      expect(() => make(c)).toThrow(message);
      expect(c.node.children).toHaveLength(0);
    });

    test('the error names the construct path', () => {
      expect(() => new DestinationRule(chart(), 'reviews', { metadata: { name: 'reviews' }, spec: { host: '' } })).toThrow(/^\[test\/reviews\] spec\.host: is required$/);
    });
  });
});

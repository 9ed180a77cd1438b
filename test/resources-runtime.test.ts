import { Chart, Testing } from 'cdk8s';
import {
  ClusterRbacConfig, DestinationRule, EnvoyFilter, Gateway, MeshPolicy, Policy, ServiceEntry, ServiceRole, ServiceRoleBinding,
  Sidecar, validateDestinationRuleSpec, validateVirtualServiceSpec, VirtualService,
} from '../lib/resources';

// JavaScript callers (and TypeScript callers holding `any`) get no help from the compiler: these specs are what
// such code can hand the constructors, so they are typed `any` on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any */

const chart = () => new Chart(Testing.app(), 'test');
const http = (extra: any = {}) => ({ route: [{ destination: { host: 'reviews' } }], ...extra });
const vs = (spec: any) => (c: Chart) => new VirtualService(c, 'vs', { metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http: [http()], ...spec } });
const dr = (spec: any) => (c: Chart) => new DestinationRule(c, 'dr', { metadata: { name: 'reviews' }, spec: { host: 'reviews', ...spec } });
const gw = (server: any, spec: any = {}) => (c: Chart) => new Gateway(c, 'gw', {
  metadata: { name: 'gw' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], ...server }], ...spec },
});
const se = (spec: any) => (c: Chart) => new ServiceEntry(c, 'se', {
  metadata: { name: 'se' }, spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', ...spec },
});

describe('typed Istio resources check their input at run time', () => {
  describe('accept complete, valid specs', () => {
    test('a VirtualService using every checked field', () => {
      const c = chart();
      vs({
        hosts: ['reviews', 'reviews.default.svc.cluster.local'],
        gateways: ['mesh', 'istio-system/ingress', 'bookinfo-gateway'],
        http: [{
          name: 'main',
          match: [{ uri: { prefix: '/api' }, headers: { 'x-user': { exact: 'jason' } }, port: 9080, sourceLabels: { app: 'productpage' }, gateways: ['mesh'], ignoreUriCase: true }],
          route: [{ destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }],
          rewrite: { uri: '/' },
          timeout: '10s',
          retries: { attempts: 3, perTryTimeout: '2.5s', retryOn: 'gateway-error,connect-failure' },
          fault: { delay: { fixedDelay: '7s', percentage: { value: 0.5 } }, abort: { httpStatus: 503, percentage: { value: 10 } } },
          mirror: { host: 'reviews', subset: 'v3' },
          corsPolicy: { allowOrigin: ['*'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-user'], maxAge: '24h', allowCredentials: false },
          headers: { request: { set: { 'x-a': 'b' } }, response: { remove: ['x-c'] } },
        }],
        tcp: [{ match: [{ port: 27017, destinationSubnets: ['10.0.0.0/8'] }], route: [{ destination: { host: 'mongo' } }] }],
        tls: [{ match: [{ sniHosts: ['*.example.com'], port: 443 }], route: [{ destination: { host: 'api.example.com' } }] }],
        exportTo: ['*'],
      })(c);
      expect(Testing.synth(c)).toHaveLength(1);
    });

    test('a DestinationRule using every traffic policy', () => {
      const policy = {
        loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '0s' }, minimumRingSize: 1024 } },
        connectionPool: {
          tcp: { maxConnections: 100, connectTimeout: '30ms', tcpKeepalive: { probes: 3, time: '7200s', interval: '75s' } },
          http: { http1MaxPendingRequests: 10, http2MaxRequests: 100, maxRequestsPerConnection: 1, maxRetries: 3, idleTimeout: '1h', h2UpgradePolicy: 'UPGRADE' },
        },
        outlierDetection: { consecutiveErrors: 7, interval: '5m', baseEjectionTime: '15m', maxEjectionPercent: 100, minHealthPercent: 0 },
        tls: { mode: 'MUTUAL', clientCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', subjectAltNames: ['spiffe://x'], sni: 'a.example.com' },
        portLevelSettings: [{ port: { number: 80 }, loadBalancer: { simple: 'LEAST_CONN' } }],
      };
      const c = chart();
      dr({ host: '*.default.svc.cluster.local', trafficPolicy: policy, subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }], exportTo: ['.'] })(c);
      expect(Testing.synth(c)).toHaveLength(1);
    });

    test('the other kinds, with their optional fields', () => {
      const c = chart();
      gw({ hosts: ['bookinfo.example.com', 'prod/*.example.com'], tls: { httpsRedirect: true } }, { selector: { istio: 'ingressgateway' } })(c);
      new Gateway(c, 'gw-tls', { metadata: { name: 'gw-tls' }, spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'cert', minProtocolVersion: 'TLSV1_2' } }] } });
      se({ addresses: ['240.0.0.1'], endpoints: [{ address: 'us.api.example.com', ports: { https: 8443 }, labels: { region: 'us' } }], location: 'MESH_EXTERNAL', exportTo: ['*'] })(c);
      new ServiceEntry(c, 'static', { metadata: { name: 'static' }, spec: { hosts: ['db.internal'], addresses: ['10.1.0.0/16'], ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }], resolution: 'STATIC', endpoints: [{ address: '10.1.2.3' }, { address: 'unix:///var/run/pg.sock' }] } });
      new Sidecar(c, 'sc', { metadata: { name: 'default' }, spec: {
        workloadSelector: { labels: { app: 'ratings' } },
        ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, defaultEndpoint: '127.0.0.1:8080' }],
        egress: [{ port: { number: 3306, protocol: 'MYSQL', name: 'mysql' } as any, bind: '127.0.0.1', hosts: ['*/mysql.foo.com'] }, { hosts: ['./*', 'istio-system/*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      } });
      new EnvoyFilter(c, 'ef', { metadata: { name: 'ef' }, spec: { workloadLabels: { app: 'reviews' }, filters: [{ listenerMatch: { portNumber: 9080, listenerType: 'SIDECAR_INBOUND', address: ['10.0.0.0/8'] }, insertPosition: { index: 'BEFORE', relativeTo: 'envoy.router' }, filterType: 'HTTP', filterName: 'envoy.lua', filterConfig: { inlineCode: '' } }] } });
      new Policy(c, 'p', { metadata: { name: 'p' }, spec: { targets: [{ name: 'reviews', ports: [{ number: 9080 }, { name: 'http' }] }], peers: [{ mtls: { mode: 'PERMISSIVE' } }], origins: [{ jwt: { issuer: 'https://example.com', jwksUri: 'https://example.com/jwks', audiences: ['a'] } }], principalBinding: 'USE_ORIGIN' } });
      new ServiceRole(c, 'r', { metadata: { name: 'r' }, spec: { rules: [{ services: ['*'], methods: ['GET'], ports: [80], constraints: [{ key: 'destination.labels[version]', values: ['v1'] }] }] } });
      new ServiceRoleBinding(c, 'b', { metadata: { name: 'b' }, spec: { subjects: [{ properties: { 'source.namespace': 'default' } }], roleRef: { kind: 'ServiceRole', name: 'r' } } });
      new ClusterRbacConfig(c, 'crc', { metadata: { name: 'default' }, spec: { mode: 'ON_WITH_EXCLUSION', exclusion: { namespaces: ['istio-system'] } } });
      expect(Testing.synth(c).map((o) => o.kind)).toEqual([
        'Gateway', 'Gateway', 'ServiceEntry', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'Policy', 'ServiceRole', 'ServiceRoleBinding', 'ClusterRbacConfig',
      ]);
    });
  });

  describe('refuse what JavaScript callers can pass, naming the field, the value and what is allowed', () => {
    const cases: Array<[string, (c: Chart) => unknown, string]> = [
      // shapes and types
      ['the spec is a string', (c) => new DestinationRule(c, 'dr', { metadata: { name: 'd' }, spec: 'reviews' as any }), '[test/dr] spec: got "reviews", expected a map (the DestinationRule spec)'],
      ['the spec is missing', (c) => new VirtualService(c, 'vs', { metadata: { name: 'v' } } as any), '[test/vs] spec: got undefined, expected a map (the VirtualService spec)'],
      ['the props are missing', (c) => new Gateway(c, 'gw', undefined as any), '[test/gw] props: got undefined, expected a map of metadata and spec'],
      ['a spec field is misspelt', vs({ host: 'reviews' }), '[test/vs] spec.host: got "reviews", expected no such field (a VirtualService spec has hosts, gateways, http, tls, tcp, exportTo)'],
      ['hosts is a string', vs({ hosts: 'reviews' }), '[test/vs] spec.hosts: got "reviews", expected a list'],
      ['a host is a number', vs({ hosts: [42] }), '[test/vs] spec.hosts[0]: got 42, expected a string'],
      ['a weight is a string', vs({ http: [{ route: [{ destination: { host: 'a' }, weight: '50' }, { destination: { host: 'b' }, weight: 50 }] }] }), '[test/vs] spec.http[0].route[0].weight: got "50", expected a whole percentage from 0 to 100'],
      ['a route is a map', vs({ http: [{ route: { destination: { host: 'a' } } }] }), '[test/vs] spec.http[0].route: got {"destination":{"host":"a"}}, expected a list'],
      ['a port number is a string', gw({ port: { number: '80', name: 'http', protocol: 'HTTP' } }), '[test/gw] spec.servers[0].port.number: got "80", expected a port number from 1 to 65535'],
      ['a boolean is a string', gw({ tls: { httpsRedirect: 'yes' } }), '[test/gw] spec.servers[0].tls.httpsRedirect: got "yes", expected true or false'],
      ['a retry count is fractional', vs({ http: [http({ retries: { attempts: 1.5 } })] }), '[test/vs] spec.http[0].retries.attempts: got 1.5, expected a whole number of at least 0'],
      // names and hosts
      ['the object name is not a DNS subdomain', (c) => new DestinationRule(c, 'dr', { metadata: { name: 'Reviews_V1' }, spec: { host: 'reviews' } }), '[test/dr] metadata.name: got "Reviews_V1", expected a DNS-1123 subdomain'],
      ['a metadata label key has a space', (c) => new DestinationRule(c, 'dr', { metadata: { name: 'd', labels: { 'my app': 'x' } }, spec: { host: 'reviews' } }), '[test/dr] metadata.labels: got "my app", expected label keys that are qualified names'],
      ['a host has an empty label', dr({ host: 'reviews..svc' }), '[test/dr] spec.host: got "reviews..svc", expected a host name such as reviews'],
      ['a host has a wildcard inside', vs({ hosts: ['a.*.example.com'] }), '[test/vs] spec.hosts[0]: got "a.*.example.com", expected a host name'],
      ['a mesh VirtualService uses *', vs({ hosts: ['*'] }), '[test/vs] spec.hosts[0]: got "*", expected a host other than * for routes of the mesh'],
      ['a gateway reference has two slashes', vs({ gateways: ['a/b/c'] }), '[test/vs] spec.gateways[0]: got "a/b/c", expected mesh, a Gateway name (optionally fully qualified) or namespace/name'],
      ['a subset name has an underscore', dr({ subsets: [{ name: 'v_1' }] }), '[test/dr] spec.subsets[0].name: got "v_1", expected a DNS label'],
      ['a destination subset has a space', vs({ http: [{ route: [{ destination: { host: 'reviews', subset: 'v 1' } }] }] }), '[test/vs] spec.http[0].route[0].destination.subset: got "v 1", expected a DNS label'],
      ['a Gateway host is a short name', gw({ hosts: ['reviews'] }), '[test/gw] spec.servers[0].hosts[0]: got "reviews", expected a host such as *, *.example.com'],
      ['two Gateway servers share a port name', (c) => new Gateway(c, 'gw', { metadata: { name: 'gw' }, spec: { servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }, { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } }), '[test/gw] spec.servers[1].port.name: "http" is used by servers[0] too'],
      ['a Sidecar egress namespace is invalid', (c) => new Sidecar(c, 'sc', { metadata: { name: 's' }, spec: { egress: [{ hosts: ['Bad_NS/*'] }] } }), '[test/sc] spec.egress[0].hosts[0]: got "Bad_NS/*", expected namespace/host'],
      ['a ServiceEntry host is *', se({ hosts: ['*'] }), '[test/se] spec.hosts[0]: got "*", expected a host name such as api.example.com or *.example.com (not * alone)'],
      // durations
      ['a timeout is in words', vs({ http: [http({ timeout: '10 seconds' })] }), '[test/vs] spec.http[0].timeout: got "10 seconds", expected a duration of at least 1ms in whole milliseconds'],
      ['a timeout is below a millisecond', vs({ http: [http({ timeout: '500us' })] }), '[test/vs] spec.http[0].timeout: got "500us"'],
      ['a per-try timeout is a number', vs({ http: [http({ retries: { attempts: 3, perTryTimeout: 2 } })] }), '[test/vs] spec.http[0].retries.perTryTimeout: got 2, expected a duration'],
      ['a fault delay is zero', vs({ http: [http({ fault: { delay: { fixedDelay: '0s' } } })] }), '[test/vs] spec.http[0].fault.delay.fixedDelay: got "0s", expected a duration of at least 1ms'],
      ['a connect timeout has no unit', dr({ trafficPolicy: { connectionPool: { tcp: { connectTimeout: '30' } } } }), '[test/dr] spec.trafficPolicy.connectionPool.tcp.connectTimeout: got "30", expected a duration'],
      ['an ejection interval has a space', dr({ trafficPolicy: { outlierDetection: { interval: '5 m' } } }), '[test/dr] spec.trafficPolicy.outlierDetection.interval: got "5 m"'],
      ['a base ejection time is negative', dr({ subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { baseEjectionTime: '-15m' } } }] }), '[test/dr] spec.subsets[0].trafficPolicy.outlierDetection.baseEjectionTime: got "-15m", expected a duration of at least 1ms'],
      // ports, numbers, labels
      ['a match port is out of range', vs({ http: [http({ match: [{ port: 0 }] })] }), '[test/vs] spec.http[0].match[0].port: got 0, expected a port number from 1 to 65535'],
      ['a port-level setting port is too big', dr({ trafficPolicy: { portLevelSettings: [{ port: { number: 65536 }, tls: { mode: 'DISABLE' } }] } }), '[test/dr] spec.trafficPolicy.portLevelSettings[0].port.number: got 65536'],
      ['an ejection percentage is above 100', dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 101 } } }), '[test/dr] spec.trafficPolicy.outlierDetection.maxEjectionPercent: got 101, expected a whole number from 0 to 100'],
      ['a fault percentage is above 100', vs({ http: [http({ fault: { abort: { httpStatus: 503, percentage: { value: 150 } } } })] }), '[test/vs] spec.http[0].fault.abort.percentage.value: got 150, expected a number from 0 to 100'],
      ['a Gateway selector key has a space', gw({}, { selector: { 'my istio': 'ingressgateway' } }), '[test/gw] spec.selector: got "my istio", expected label keys that are qualified names'],
      ['a subset label value is too long', dr({ subsets: [{ name: 'v1', labels: { version: 'v'.repeat(64) } }] }), '[test/dr] spec.subsets[0].labels.version: got "vvvv'],
      ['a source label value is a number', vs({ http: [http({ match: [{ sourceLabels: { version: 1 } }] })] }), '[test/vs] spec.http[0].match[0].sourceLabels.version: got 1, expected a label value: a string'],
      ['a workload selector label key is invalid', (c) => new Sidecar(c, 'sc', { metadata: { name: 's' }, spec: { workloadSelector: { labels: { '-app': 'x' } }, egress: [{ hosts: ['./*'] }] } }), '[test/sc] spec.workloadSelector.labels: got "-app"'],
      // Istio's other rules
      ['exportTo names a namespace', dr({ exportTo: ['default'] }), '[test/dr] spec.exportTo[0]: got "default", expected . (its own namespace) or * (all namespaces)'],
      ['exportTo has two entries', dr({ exportTo: ['.', '*'] }), '[test/dr] spec.exportTo: got [".","*"], expected one entry (. or *): Istio 1.2 takes no more'],
      ['a traffic policy is empty', dr({ trafficPolicy: {} }), '[test/dr] spec.trafficPolicy: set at least one of loadBalancer, connectionPool, outlierDetection, tls, portLevelSettings'],
      ['a consistent hash has no key', dr({ trafficPolicy: { loadBalancer: { consistentHash: {} } } }), '[test/dr] spec.trafficPolicy.loadBalancer.consistentHash: set one of httpHeaderName, httpCookie, useSourceIp'],
      ['a redirect has neither uri nor authority', vs({ http: [{ redirect: {} }] }), '[test/vs] spec.http[0].redirect: set uri, authority or both'],
      ['a CORS method is unknown', vs({ http: [http({ corsPolicy: { allowMethods: ['FETCH'] } })] }), '[test/vs] spec.http[0].corsPolicy.allowMethods[0]: got "FETCH", expected one of GET, HEAD, POST'],
      ['a TLS route has no SNI hosts', vs({ http: undefined, tls: [{ match: [{ sniHosts: [] }], route: [{ destination: { host: 'a' } }] }] }), '[test/vs] spec.tls[0].match[0].sniHosts: is required'],
      ['a ServiceEntry endpoint names an unknown port', se({ endpoints: [{ address: 'a.example.com', ports: { http: 8080 } }] }), '[test/se] spec.endpoints[0].ports.http: names no port of spec.ports (https)'],
      ['a STATIC endpoint address is a name', se({ resolution: 'STATIC', endpoints: [{ address: 'db.example.com' }] }), '[test/se] spec.endpoints[0].address: got "db.example.com", expected an IP address, or unix:///absolute/path'],
      ['a NONE ServiceEntry has endpoints', se({ resolution: 'NONE', endpoints: [{ address: '10.0.0.1' }] }), '[test/se] spec.endpoints: must be empty with resolution NONE'],
      ['two ServiceEntry ports share a number', se({ ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }, { number: 443, name: 'tls', protocol: 'TLS' }] }), '[test/se] spec.ports[1].number: 443 is used twice'],
      ['a Sidecar default endpoint is remote', (c) => new Sidecar(c, 'sc', { metadata: { name: 's' }, spec: { ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, defaultEndpoint: '10.0.0.1:8080' }], egress: [{ hosts: ['./*'] }] } }), '[test/sc] spec.ingress[0].defaultEndpoint: got "10.0.0.1:8080", expected 127.0.0.1:<port> or :<port>'],
      ['an EnvoyFilter has no filter config', (c) => new EnvoyFilter(c, 'ef', { metadata: { name: 'e' }, spec: { filters: [{ filterType: 'HTTP', filterName: 'envoy.lua' }] } }), '[test/ef] spec.filters[0].filterConfig: is required'],
      ['an EnvoyFilter listener type is unknown', (c) => new EnvoyFilter(c, 'ef', { metadata: { name: 'e' }, spec: { filters: [{ listenerMatch: { listenerType: 'INBOUND' as any }, filterType: 'HTTP', filterName: 'x', filterConfig: {} }] } }), '[test/ef] spec.filters[0].listenerMatch.listenerType: got "INBOUND", expected one of ANY, SIDECAR_INBOUND, SIDECAR_OUTBOUND, GATEWAY'],
      ['a Policy target is not a DNS label', (c) => new Policy(c, 'p', { metadata: { name: 'p' }, spec: { targets: [{ name: 'reviews.default' }] } }), '[test/p] spec.targets[0].name: got "reviews.default", expected a DNS label'],
      ['a JWT issuer is used twice', (c) => new Policy(c, 'p', { metadata: { name: 'p' }, spec: { origins: [{ jwt: { issuer: 'i' } }, { jwt: { issuer: 'i' } }] } }), '[test/p] spec.origins[1].jwt.issuer: "i" is already defined at spec.origins[0].jwt'],
      ['a JWKS URI is not a URL', (c) => new Policy(c, 'p', { metadata: { name: 'p' }, spec: { origins: [{ jwt: { issuer: 'i', jwksUri: 'example.com/jwks' } }] } }), '[test/p] spec.origins[0].jwt.jwksUri: got "example.com/jwks", expected an http:// or https:// URL'],
      ['a MeshPolicy peer is null', (c) => new MeshPolicy(c, 'm', { metadata: { name: 'default' }, spec: { peers: [{ mtls: null as any }] } }), '[test/m] spec.peers[0].mtls: got null, expected a map of mode, allowTls'],
      ['a ServiceRole port is a string', (c) => new ServiceRole(c, 'r', { metadata: { name: 'r' }, spec: { rules: [{ services: ['*'], ports: ['80' as any] }] } }), '[test/r] spec.rules[0].ports[0]: got "80", expected a port number from 1 to 65535'],
      ['a binding property is a number', (c) => new ServiceRoleBinding(c, 'b', { metadata: { name: 'b' }, spec: { subjects: [{ properties: { 'source.port': 80 as any } }], roleRef: { kind: 'ServiceRole', name: 'r' } } }), '[test/b] spec.subjects[0].properties.source.port: got 80, expected a string'],
      ['a ClusterRbacConfig namespace list is a string', (c) => new ClusterRbacConfig(c, 'c', { metadata: { name: 'default' }, spec: { mode: 'ON_WITH_INCLUSION', inclusion: { namespaces: 'default' as any } } }), '[test/c] spec.inclusion.namespaces: got "default", expected a list of strings'],
    ];

    test.each(cases)('fails when %s', (_name, make, message) => {
      const c = chart();
      let error: Error | undefined;
      try { make(c); } catch (e) { error = e as Error; }
      expect(error?.message).toBeDefined();
      expect(error!.message.startsWith(message)).toBe(true);
      // Nothing was added to the chart.
      expect(c.node.children).toHaveLength(0);
    });

    test('fails when a value is long, quoting only a short prefix of it', () => {
      const host = `${'a'.repeat(40)}.`.repeat(200);
      const c = chart();
      expect(() => dr({ host })(c)).toThrow(/^\[test\/dr\] spec\.host: got "a{40}\.a{38}…", expected a host name/);
    });

    test('the validate functions also check without a construct', () => {
      expect(() => validateDestinationRuleSpec({ host: 'reviews', trafficPolicy: { connectionPool: { tcp: { connectTimeout: 'soon' } } } })).toThrow(
        /^spec\.trafficPolicy\.connectionPool\.tcp\.connectTimeout: got "soon", expected a duration of at least 1ms/);
      expect(() => validateVirtualServiceSpec(null as any, 'virtualService')).toThrow(/^virtualService: got null, expected a map \(the VirtualService spec\)$/);
    });
  });
});

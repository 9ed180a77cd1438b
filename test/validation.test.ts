import { IstioOptionError, resolveOptions } from '../lib/options';
import {
  affinity, annotationKey, cidr, cidrList, compilePattern, dns1035Label, dns1123Label, dns1123Subdomain, envVarName, fqdn,
  gatewayReference, goDuration, imageReference, imageRepositoryPrefix, imageTag, ipAddress, istioDuration, labelKey, labelSelector,
  labelSelectorRequirement, labelValue, matchesPattern, MAX_REPLICAS, namespacedHost, nodePort, nodeSelectorRequirement,
  parseGoDuration, podAffinityTerm, port, portList, preview, prometheusDuration, quantity, quantityValue, qualifiedName,
  resourceQuantity, secondsDuration, Segment, toleration, tolerations, quote, validateValues, VALUE_RULES, weightedPodAffinityTerm,
  wildcardDomain,
} from '../lib/validation';

type Tree = Record<string, any>;

/** A fresh demo values tree (a plain JSON copy: validation must not depend on anything but the data). */
const demo = (): Tree => JSON.parse(JSON.stringify(resolveOptions({}).values));

/** The demo tree with one value replaced (or deleted with `undefined`). */
function withValue(path: Segment[], value: unknown, tree: Tree = demo()): Tree {
  let node: any = tree;
  for (const s of path.slice(0, -1)) node = node[s];
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return tree;
}

/** The error `validateValues` throws (fails the test when it throws none, or another kind). */
function errorOf(values: Tree, options?: Parameters<typeof validateValues>[1]): IstioOptionError {
  try {
    validateValues(values, options);
  } catch (e) {
    expect(e).toBeInstanceOf(IstioOptionError);
    return e as IstioOptionError;
  }
  throw new Error('validateValues accepted the values');
}

describe('validateValues', () => {
  test('a subchart\'s copy of global is checked where it differs from the top-level global', () => {
    const long = `registry.example.com/${'a'.repeat(240)}`;
    const values = demo();
    expect((values.pilot as Tree).global).toEqual(values.global);
    ((values.pilot as Tree).global as Tree).hub = long;
    expect(errorOf(values).message).toMatch(/^values\.pilot\.global\.hub: got "registry\.example\.com\/a+/);
    // The same value in both: reported once, at the top level.
    (values.global as Tree).hub = long;
    for (const [k, v] of Object.entries(values)) if (k !== 'global' && v && typeof v === 'object' && 'global' in (v as Tree)) (v as Tree).global = values.global;
    expect(errorOf(values).message).toMatch(/^values\.global\.hub: got "registry\.example\.com\/a+/);
  });

  describe('accepts what Kubernetes accepts', () => {
    test('every value of the demo defaults passes', () => {
      expect(() => validateValues(demo())).not.toThrow();
    });

    test.each([
      ['strict mode', { mode: 'strict' as const }],
      ['a NodePort ingress gateway', { ingressGateway: { type: 'NodePort' as const, nodePorts: { http2: 30080 } } }],
      ['a ClusterIP ingress gateway', { ingressGateway: { type: 'ClusterIP' as const } }],
      ['a load balancer with source ranges and annotations', {
        ingressGateway: { loadBalancerIP: '10.0.0.7', loadBalancerSourceRanges: ['10.0.0.0/8', 'fd00::/8'], serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } },
      }],
      ['everything on (the configuration validate-k8s checks)', {
        mode: 'strict' as const,
        values: {
          gateways: { 'istio-ilbgateway': { enabled: true } },
          global: {
            meshExpansion: { enabled: true }, sds: { enabled: true, useTrustworthyJwt: true, udsPath: 'unix:/var/run/sds/uds_path' },
            priorityClassName: 'system-cluster-critical', imagePullSecrets: ['regcred'], proxy: { enableCoreDump: true },
          },
          pilot: { autoscaleEnabled: false, replicaCount: 2 },
          grafana: { ingress: { enabled: true, hosts: ['grafana.example.com'] }, security: { enabled: true }, persist: true },
          kiali: { ingress: { enabled: true } },
          prometheus: { ingress: { enabled: true }, service: { nodePort: { enabled: true } } },
          tracing: { ingress: { enabled: true } },
        },
      }],
    ])('the resolved values of %s pass', (_name, props) => {
      expect(() => validateValues(resolveOptions(props).values)).not.toThrow();
    });

    test('settings users write pass: tolerations, anti-affinity, resources, env, IP ranges, durations', () => {
      let v = demo();
      v = withValue(['galley', 'tolerations'], [
        { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' },
        { operator: 'Exists' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ], v);
      v = withValue(['pilot', 'podAntiAffinityLabelSelector'], [{ key: 'app', operator: 'In', values: 'pilot,galley', topologyKey: 'kubernetes.io/hostname' }], v);
      v = withValue(['pilot', 'podAntiAffinityTermLabelSelector'], [{ key: 'security', operator: 'Exists', topologyKey: 'failure-domain.beta.kubernetes.io/zone' }], v);
      v = withValue(['pilot', 'resources'], { requests: { cpu: '0.5', memory: '2Gi' }, limits: { cpu: 2, memory: '3e9', 'example.com/gpu': '1' } }, v);
      v = withValue(['global', 'proxy', 'includeIPRanges'], '10.0.0.0/8,172.16.0.0/12,fd00::/8', v);
      v = withValue(['global', 'proxy', 'excludeInboundPorts'], '8080,9090', v);
      v = withValue(['global', 'proxy', 'dnsRefreshRate'], '60s', v);
      v = withValue(['security', 'workloadCertTtl'], '1h30m', v);
      v = withValue(['global', 'hub'], 'registry.example.com:5000/istio', v);
      v = withValue(['global', 'tag'], '1.2.2-patched_1', v);
      v = withValue(['pilot', 'image'], 'registry.example.com/other/pilot@sha256:' + 'ab'.repeat(32), v);
      v = withValue(['sidecarInjectorWebhook', 'neverInjectSelector'], [{ matchExpressions: [{ key: 'openshift.io/build.name', operator: 'Exists' }] }], v);
      expect(() => validateValues(v)).not.toThrow();
    });

    test('a gateway of any name is checked like the release ones', () => {
      const v = demo();
      const custom = JSON.parse(JSON.stringify(v.gateways['istio-ingressgateway']));
      custom.labels = { app: 'my-gateway', istio: 'my-gateway' };
      custom.ports = custom.ports.map((p: Tree) => (p.nodePort ? { ...p, nodePort: p.nodePort - 1000 } : p));
      v.gateways['my-gateway'] = custom;
      expect(() => validateValues(v)).not.toThrow();
      v.gateways['my-gateway'].ports[3].nodePort = 70000;
      const e = errorOf(v);
      expect(e.path).toBe('values.gateways.my-gateway.ports[3].nodePort');
      expect(e.message).toBe('values.gateways.my-gateway.ports[3].nodePort: got 70000, expected a whole number from 30000 to 32767 (the cluster\'s node-port range; set nodePortRange if yours differs)');
    });

    test('every rule of the table matches a value of the demo tree or of a fully set tree (no dead patterns)', () => {
      const full = demo();
      Object.assign(full.global, { istioNamespace: 'istio-system', configRootNamespace: 'istio-config', defaultConfigVisibilitySettings: ['*'], refreshInterval: '1h' });
      Object.assign(full.pilot, { replicaCount: 2 });
      full.global.defaultResources.limits = { cpu: '100m' };
      Object.assign(full, { istiocoredns: { enabled: false, coreDNSImage: 'coredns/coredns:1.1.2', coreDNSPluginImage: 'istio/coredns-plugin:0.2-istio-1.1' } });
      full.gateways['istio-ingressgateway'].externalTrafficPolicy = 'Local';
      full.gateways['istio-ingressgateway'].ports[0].protocol = 'TCP';
      full.gateways['istio-ingressgateway'].meshExpansionPorts[0].nodePort = 30111;
      full.gateways['istio-ingressgateway'].meshExpansionPorts[0].protocol = 'TCP';
      full.grafana.service.loadBalancerIP = '10.0.0.8';
      full.sidecarInjectorWebhook.alwaysInjectSelector = [{ matchLabels: { inject: 'yes' } }];
      expect(() => validateValues(full)).not.toThrow();
      const paths: Segment[][] = [];
      const walk = (node: unknown, at: Segment[]) => {
        paths.push(at);
        if (Array.isArray(node)) node.forEach((x, i) => walk(x, [...at, i]));
        else if (node && typeof node === 'object') for (const [k, x] of Object.entries(node)) walk(x, [...at, k]);
      };
      walk(full, []);
      const dead = VALUE_RULES.filter((rule) => !paths.some((p) => matchesPattern(rule.path, p))).map((rule) => rule.path);
      expect(dead).toEqual([]);
    });
  });

  describe('refuses what Kubernetes or Istio would refuse, naming the path, the value and what is allowed', () => {
    const ig = ['gateways', 'istio-ingressgateway'];
    const cases: Array<[string, Segment[], unknown, string, string]> = [
      // resource quantities
      ['a quantity has a space', ['pilot', 'resources', 'requests', 'memory'], '2 GB', 'values.pilot.resources.requests.memory: got "2 GB"', 'expected a non-negative Kubernetes quantity such as 100m, 0.5, 128Mi, 1Gi or 2e3 (a number and an optional suffix, no space)'],
      ['a quantity is negative', ['global', 'proxy', 'resources', 'limits', 'cpu'], '-1', 'values.global.proxy.resources.limits.cpu: got "-1"', 'expected a non-negative Kubernetes quantity'],
      ['a request exceeds its limit', [...ig, 'resources', 'requests', 'cpu'], '3', 'values.gateways.istio-ingressgateway.resources.requests.cpu: got "3"', 'expected at most the cpu limit (2000m)'],
      ['a resource name has a space', ['pilot', 'resources', 'requests'], { 'my cpu': '1' }, 'values.pilot.resources.requests: got "my cpu"', 'expected resource names such as cpu, memory'],
      ['resources hold an unknown key', ['pilot', 'resources'], { request: { cpu: '1' } }, 'values.pilot.resources.request: got {"cpu":"1"}', 'expected no such key (resources have requests, limits)'],
      // labels, selectors, annotations
      ['a label key has a space', [...ig, 'labels'], { 'my label': 'x', istio: 'ingressgateway' }, 'values.gateways.istio-ingressgateway.labels: got "my label"', 'expected label keys that are qualified names: an optional DNS subdomain prefix and /'],
      ['a label value is too long', [...ig, 'labels', 'app'], 'a'.repeat(64), 'values.gateways.istio-ingressgateway.labels.app: got "aaaa', 'expected a label value: a string, empty or 1 to 63 letters'],
      ['a node selector key has a space', ['galley', 'nodeSelector'], { 'node pool': 'infra' }, 'values.galley.nodeSelector: got "node pool"', 'expected node label keys that are qualified names'],
      ['a node selector value is a number', ['global', 'defaultNodeSelector'], { pool: 1 }, 'values.global.defaultNodeSelector.pool: got 1', 'expected a label value: a string'],
      ['an annotation key has a space', [...ig, 'serviceAnnotations'], { 'my annotation': 'x' }, 'values.gateways.istio-ingressgateway.serviceAnnotations: got "my annotation"', 'expected annotation keys that are qualified names'],
      ['an annotation value is a boolean', ['mixer', 'podAnnotations'], { 'sidecar.istio.io/inject': false }, 'values.mixer.podAnnotations.sidecar.istio.io/inject: got false', 'expected a string (annotation values are strings'],
      ['an inject selector has values with Exists', ['sidecarInjectorWebhook', 'alwaysInjectSelector'], [{ matchExpressions: [{ key: 'inject', operator: 'Exists', values: ['x'] }] }],
        'values.sidecarInjectorWebhook.alwaysInjectSelector[0].matchExpressions[0].values: got ["x"]', 'expected no values with operator Exists'],
      // ports
      ['a port is above 65535', [...ig, 'ports', 2, 'port'], 70000, 'values.gateways.istio-ingressgateway.ports[2].port: got 70000', 'expected a port number: a whole number from 1 to 65535'],
      ['a node port is outside the range', [...ig, 'ports', 2, 'nodePort'], 80, 'values.gateways.istio-ingressgateway.ports[2].nodePort: got 80', 'expected a whole number from 30000 to 32767 (the cluster\'s node-port range; set nodePortRange if yours differs)'],
      ['a node port is used twice in a Service', [...ig, 'ports', 2, 'nodePort'], 31380, 'values.gateways.istio-ingressgateway.ports[2].nodePort: got 31380', 'expected a node port not already used by port http2'],
      ['a port number is used twice in a Service', [...ig, 'ports', 2, 'port'], 80, 'values.gateways.istio-ingressgateway.ports[2].port: got 80', 'expected a port number not already used by port http2'],
      ['a port name is used twice', [...ig, 'ports', 2, 'name'], 'http2', 'values.gateways.istio-ingressgateway.ports[2].name: got "http2"', 'expected a name not already used by ports[1]'],
      ['a port name is not a DNS label', [...ig, 'ports', 2, 'name'], 'HTTPS', 'values.gateways.istio-ingressgateway.ports[2].name: got "HTTPS"', 'expected a DNS-1123 label'],
      ['a Service has no ports', ['gateways', 'istio-egressgateway', 'ports'], [], 'values.gateways.istio-egressgateway.ports: got []', 'expected a list of at least one Service port'],
      ['a target port is out of range', [...ig, 'ports', 0, 'targetPort'], 0, 'values.gateways.istio-ingressgateway.ports[0].targetPort: got 0', 'expected a port number from 1 to 65535 or a container port name'],
      ['the monitoring port is a string', ['global', 'monitoringPort'], '15014', 'values.global.monitoringPort: got "15014"', 'expected a port number'],
      ['an application port list has a bad port', [...ig, 'applicationPorts'], '8080,0', 'values.gateways.istio-ingressgateway.applicationPorts: got "8080,0"', 'expected a comma-separated list of ports from 1 to 65535'],
      ['an inbound port list has spaces', ['global', 'proxy', 'excludeInboundPorts'], '80, 8080', 'values.global.proxy.excludeInboundPorts: got "80, 8080"', '(no spaces)'],
      // images
      ['the hub is null', ['global', 'hub'], null, 'values.global.hub: got null', 'expected a registry path such as docker.io/istio'],
      ['the hub has upper-case letters', ['global', 'hub'], 'docker.io/Istio', 'values.global.hub: got "docker.io/Istio"', 'expected a registry path'],
      ['a tag holds a colon', ['global', 'tag'], '1.2:2', 'values.global.tag: got "1.2:2"', 'expected an image tag: 1 to 128 letters, digits, _, . and -'],
      ['an addon tag is empty', ['kiali', 'tag'], '', 'values.kiali.tag: got ""', 'expected an image tag'],
      ['a component image carries a tag', ['pilot', 'image'], 'pilot:1.0', 'values.pilot.image: got "pilot:1.0"', 'expected an image name such as pilot (lower-case, no tag: global.hub and global.tag are added)'],
      ['a full image reference is malformed', ['mixer', 'image'], 'docker.io/istio/Mixer:1.2.2', 'values.mixer.image: got "docker.io/istio/Mixer:1.2.2"', 'expected an image reference: [registry/]repository[:tag][@digest]'],
      ['the Grafana repository is upper-case', ['grafana', 'image', 'repository'], 'Grafana/Grafana', 'values.grafana.image.repository: got "Grafana/Grafana"', 'expected an image repository'],
      ['the hub makes image references too long', ['global', 'hub'], `registry.example.com/${'a'.repeat(230)}`, 'values.global.hub: got "registry.example.com/aaaa', 'expected a registry path that makes a valid image reference with kubectl:1.2.2 (at most 255 characters)'],
      ['the pull policy is unknown', ['global', 'imagePullPolicy'], 'Sometimes', 'values.global.imagePullPolicy: got "Sometimes"', 'expected one of Always, IfNotPresent, Never'],
      ['a pull secret is not a Secret name', ['global', 'imagePullSecrets'], ['my_secret'], 'values.global.imagePullSecrets[0]: got "my_secret"', 'expected a DNS-1123 subdomain'],
      // enums
      ['the outbound traffic policy is unknown', ['global', 'outboundTrafficPolicy', 'mode'], 'DENY_ALL', 'values.global.outboundTrafficPolicy.mode: got "DENY_ALL"', 'expected one of ALLOW_ANY, REGISTRY_ONLY'],
      ['the access log encoding is unknown', ['global', 'proxy', 'accessLogEncoding'], 'XML', 'values.global.proxy.accessLogEncoding: got "XML"', 'expected one of TEXT, JSON'],
      ['a gateway Service type is unknown', [...ig, 'type'], 'External', 'values.gateways.istio-ingressgateway.type: got "External"', 'expected one of LoadBalancer, NodePort, ClusterIP'],
      ['an addon Service type is unknown', ['grafana', 'service', 'type'], 'Ingress', 'values.grafana.service.type: got "Ingress"', 'expected one of LoadBalancer, NodePort, ClusterIP'],
      ['the proxy log level is unknown', ['global', 'proxy', 'logLevel'], 'verbose', 'values.global.proxy.logLevel: got "verbose"', "expected empty (Envoy's default) or one of trace, debug, info, warning, error, critical, off"],
      ['a control plane log level is unknown', ['global', 'logging', 'level'], 'default:verbose', 'values.global.logging.level: got "default:verbose"', 'expected comma-separated scope:level pairs'],
      ['a switch is a string', ['grafana', 'enabled'], 'yes', 'values.grafana.enabled: got "yes"', 'expected true or false'],
      // replicas and autoscaling
      ['a replica count is absurd', ['galley', 'replicaCount'], 1e6, 'values.galley.replicaCount: got 1000000', `expected a whole number of at least 1 and at most ${MAX_REPLICAS}`],
      ['the autoscaler minimum is zero', ['pilot', 'autoscaleMin'], 0, 'values.pilot.autoscaleMin: got 0', 'expected a whole number of at least 1'],
      ['the autoscaler minimum exceeds the maximum', ['mixer', 'policy', 'autoscaleMin'], 6, 'values.mixer.policy.autoscaleMin: got 6', 'expected at most autoscaleMax (5)'],
      ['the CPU target is zero', ['pilot', 'cpu', 'targetAverageUtilization'], 0, 'values.pilot.cpu.targetAverageUtilization: got 0', 'expected a whole number from 1 to 100 (percent of the CPU request)'],
      // IP ranges
      ['an IP range has a space', ['global', 'proxy', 'includeIPRanges'], '10.0.0.0/8, 172.16.0.0/12', 'values.global.proxy.includeIPRanges: got "10.0.0.0/8, 172.16.0.0/12"', 'expected a comma-separated list of CIDR blocks'],
      ['an IP range has a prefix above 32', ['global', 'proxy', 'includeIPRanges'], '10.0.0.0/33', 'values.global.proxy.includeIPRanges: got "10.0.0.0/33"', ', * for all, or empty'],
      ['excluded ranges use *', ['global', 'proxy', 'excludeIPRanges'], '*', 'values.global.proxy.excludeIPRanges: got "*"', '(no spaces), or empty'],
      ['a load balancer source range is not a CIDR', [...ig, 'loadBalancerSourceRanges'], ['10.0.0.1'], 'values.gateways.istio-ingressgateway.loadBalancerSourceRanges[0]: got "10.0.0.1"', 'expected a CIDR block such as 10.0.0.0/8'],
      ['a load balancer IP is not an address', [...ig, 'loadBalancerIP'], '10.0.0.300', 'values.gateways.istio-ingressgateway.loadBalancerIP: got "10.0.0.300"', 'expected an IPv4 or IPv6 address'],
      // durations
      ['the DNS refresh rate is in minutes', ['global', 'proxy', 'dnsRefreshRate'], '5m', 'values.global.proxy.dnsRefreshRate: got "5m"', 'expected a whole number of seconds followed by s, such as 300s'],
      ['a Go duration is in words', ['pilot', 'keepaliveMaxServerConnectionAge'], '30 minutes', 'values.pilot.keepaliveMaxServerConnectionAge: got "30 minutes"', 'expected a Go duration such as 300ms, 1.5h or 1h2m3.5s'],
      ['the certificate TTL is zero', ['security', 'workloadCertTtl'], '0s', 'values.security.workloadCertTtl: got "0s"', 'longer than 0'],
      ['the Prometheus retention mixes units', ['prometheus', 'retention'], '1h30m', 'values.prometheus.retention: got "1h30m"', 'expected a Prometheus duration'],
      // environment
      ['an env name starts with a digit', ['pilot', 'env'], { '1_THREADS': '2' }, 'values.pilot.env: got "1_THREADS"', 'expected environment variable names: letters, digits, _, - and ., not starting with a digit'],
      ['an env value is a map', [...ig, 'env'], { ISTIO_META_ROUTER_MODE: { mode: 'sni-dnat' } }, 'values.gateways.istio-ingressgateway.env.ISTIO_META_ROUTER_MODE: got {"mode":"sni-dnat"}', 'expected a string, number, boolean or null'],
      // tolerations
      ['a toleration has a value with Exists', ['galley', 'tolerations'], [{ key: 'k', operator: 'Exists', value: 'v' }], 'values.galley.tolerations[0].value: got "v"', 'expected no value with operator Exists'],
      ['a toleration has seconds without NoExecute', ['global', 'defaultTolerations'], [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }], 'values.global.defaultTolerations[0].tolerationSeconds: got 60', 'expected none unless effect is NoExecute'],
      ['a toleration effect is unknown', ['pilot', 'tolerations'], [{ key: 'k', operator: 'Exists', effect: 'NoRun' }], 'values.pilot.tolerations[0].effect: got "NoRun"', 'expected one of NoSchedule, PreferNoSchedule, NoExecute or empty (all effects)'],
      ['a toleration has no key with Equal', ['pilot', 'tolerations'], [{ operator: 'Equal', value: 'v' }], 'values.pilot.tolerations[0].key: got undefined', 'expected a taint key (only a toleration with operator Exists may leave it empty)'],
      ['tolerations are a map', ['pilot', 'tolerations'], { key: 'k' }, 'values.pilot.tolerations: got {"key":"k"}', 'expected a list of tolerations'],
      // anti-affinity terms
      ['an anti-affinity term has In without values', ['pilot', 'podAntiAffinityLabelSelector'], [{ key: 'app', operator: 'In', topologyKey: 'kubernetes.io/hostname' }], 'values.pilot.podAntiAffinityLabelSelector[0].values: got undefined', 'expected at least one value with operator In'],
      ['an anti-affinity term has no topology key', ['galley', 'podAntiAffinityTermLabelSelector'], [{ key: 'app', operator: 'Exists' }], 'values.galley.podAntiAffinityTermLabelSelector[0].topologyKey: got undefined', 'expected a node label key such as kubernetes.io/hostname (Kubernetes requires one)'],
      ['an anti-affinity operator is unknown', ['galley', 'podAntiAffinityLabelSelector'], [{ key: 'app', operator: 'Equals', values: 'a', topologyKey: 'kubernetes.io/hostname' }], 'values.galley.podAntiAffinityLabelSelector[0].operator: got "Equals"', 'expected one of In, NotIn, Exists, DoesNotExist'],
      // gateways
      ['a gateway name is not a Service name', ['gateways', 'My_Gateway'], { enabled: false }, 'values.gateways: got "My_Gateway"', 'expected gateway names that are Service names: a DNS-1035 label'],
      ['a ClusterIP gateway sets an external traffic policy', ['gateways', 'istio-egressgateway', 'externalTrafficPolicy'], 'Local', 'values.gateways.istio-egressgateway.externalTrafficPolicy: got "Local"', 'expected none with type ClusterIP'],
      ['an enabled gateway has no labels', [...ig, 'labels'], {}, 'values.gateways.istio-ingressgateway.labels: got {}', 'expected at least one label (the gateway Deployment selects its pods by them)'],
      ['two Secret volumes share a mount path', ['gateways', 'istio-egressgateway', 'secretVolumes', 1, 'mountPath'], '/etc/istio/egressgateway-certs', 'values.gateways.istio-egressgateway.secretVolumes[1].mountPath: got "/etc/istio/egressgateway-certs"', 'expected a mountPath not already used by secretVolumes[0]'],
      // the sidecar proxy and addons
      ['statsd is enabled without a host', ['global', 'proxy', 'envoyStatsd'], { enabled: true, host: null, port: 9125 }, 'values.global.proxy.envoyStatsd.host: got null', 'expected a host name such as statsd-svc.istio-system (required when enabled)'],
      ['the arch weight is above 100', ['global', 'arch', 'amd64'], 200, 'values.global.arch.amd64: got 200', 'expected a whole number from 0 (never scheduled) to 100'],
      ['a context path is relative', ['grafana', 'contextPath'], 'grafana', 'values.grafana.contextPath: got "grafana"', 'expected an absolute URL path such as /grafana'],
      ['an ingress host is not a DNS name', ['kiali', 'ingress', 'hosts'], ['kiali local'], 'values.kiali.ingress.hosts[0]: got "kiali local"', 'expected a DNS-1123 subdomain'],
      ['the Prometheus node port is outside the range', ['prometheus', 'service', 'nodePort'], { enabled: true, port: 9090 }, 'values.prometheus.service.nodePort.port: got 9090', 'expected a whole number from 30000 to 32767'],
    ];

    test.each(cases)('fails when %s', (_name, path, value, gotText, expectedText) => {
      // GIVEN the demo values with one value changed
      const values = withValue(path, value);
      // WHEN they are validated
      const e = errorOf(values);
      // THEN the message names the path and the value, and says what is allowed
      expect(e.message).toContain(gotText);
      expect(e.message).toContain(expectedText);
      expect(e.message.indexOf(gotText)).toBe(0);
    });

    test('fails when two Services of the installation share a node port (node ports are cluster-wide)', () => {
      let v = withValue(['gateways', 'istio-egressgateway', 'type'], 'NodePort');
      v = withValue(['gateways', 'istio-egressgateway', 'ports', 0, 'nodePort'], 31380, v);
      const e = errorOf(v);
      expect(e.path).toBe('values.gateways.istio-egressgateway.ports[0].nodePort');
      expect(e.message).toContain('expected a node port not already used by values.gateways.istio-ingressgateway.ports[1].nodePort (node ports are cluster-wide)');
      // A disabled or ClusterIP Service claims no node port.
      expect(() => validateValues(withValue(['gateways', 'istio-egressgateway', 'enabled'], false, v))).not.toThrow();
    });

    test('fails when mesh expansion adds a node port the Service already uses', () => {
      let v = withValue(['gateways', 'istio-ingressgateway', 'meshExpansionPorts', 0, 'nodePort'], 31380);
      expect(() => validateValues(v)).not.toThrow(); // mesh expansion off: the port is not in the Service
      v = withValue(['global', 'meshExpansion', 'enabled'], true, v);
      expect(errorOf(v).message).toBe('values.gateways.istio-ingressgateway.meshExpansionPorts[0].nodePort: got 31380, expected a node port not already used by port http2');
    });

    test('fails when a node port is outside a cluster-specific range, and accepts it inside', () => {
      const v = withValue(['gateways', 'istio-ingressgateway', 'ports', 1, 'nodePort'], 20080);
      expect(() => validateValues(v, { nodePortRange: [20000, 22767] })).toThrow(
        'values.gateways.istio-ingressgateway.ports[2].nodePort: got 31390, expected a whole number from 20000 to 22767 (the cluster\'s node-port range; set nodePortRange if yours differs)');
      const inRange = withValue(['gateways', 'istio-ingressgateway', 'ports'], [{ port: 80, name: 'http2', nodePort: 20080 }], v);
      expect(() => validateValues(inRange, { nodePortRange: [20000, 22767] })).not.toThrow();
      expect(() => validateValues(inRange, { nodePortRange: { min: 20000, max: 22767 } })).not.toThrow();
      expect(() => validateValues(inRange)).toThrow('expected a whole number from 30000 to 32767');
    });

    test('fails when the node port range itself is invalid', () => {
      expect(() => validateValues(demo(), { nodePortRange: [32767, 30000] })).toThrow(/^nodePortRange: got \[32767,30000\], expected two whole port numbers \[min, max\] with min at most max/);
      expect(() => validateValues(demo(), { nodePortRange: [0, 70000] as any })).toThrow(/^nodePortRange: /);
      expect(() => validateValues(demo(), { nodePortRange: { min: 30000, max: 70000 } })).toThrow(/^nodePortRange\.max: got 70000, expected a port number from 1 to 65535/);
      expect(() => validateValues(demo(), { nodePortRange: { min: 31000, max: 30000 } })).toThrow(/^nodePortRange\.min: got 31000, expected at most max \(30000\)$/);
      expect(() => validateValues(demo(), { nodePortRange: { min: 30000, max: 32767, from: 1 } as any })).toThrow(/^nodePortRange\.from: got 1, expected no such key \(allowed: min, max\)$/);
    });

    test('fails when the values are not a map', () => {
      expect(() => validateValues([] as any)).toThrow('values: got [], expected a map of the chart values');
    });

    test('fails when a long value is given, quoting only a short prefix of it', () => {
      const long = `${'x'.repeat(10000)} y`;
      const e = errorOf(withValue(['gateways', 'istio-ingressgateway', 'labels', 'app'], long));
      expect(e.message.startsWith('values.gateways.istio-ingressgateway.labels.app: got "xxx')).toBe(true);
      expect(e.message).toContain('…", expected a label value');
      expect(e.message.length).toBeLessThan(300);
      const hugeMap = Object.fromEntries(Array.from({ length: 500 }, (_x, i) => [`key ${i}`, 'v']));
      const e2 = errorOf(withValue(['pilot', 'nodeSelector'], hugeMap));
      expect(e2.message.length).toBeLessThan(300);
    });
  });
});

describe('Kubernetes validators (lib/validation/k8s.ts)', () => {
  const accepts = (check: (v: unknown) => string | undefined, values: unknown[]) => {
    for (const v of values) expect([v, check(v)]).toEqual([v, undefined]);
  };
  const refuses = (check: (v: unknown) => string | undefined, values: unknown[]) => {
    for (const v of values) expect([v, typeof check(v)]).toEqual([v, 'string']);
  };

  test('resource quantities follow Kubernetes\' grammar', () => {
    accepts(quantity, ['100m', '1Gi', '2e3', '0.5', '1.5Gi', '.5', '5.', '+1', '1E3', '128974848', '1e-3', '10n', '1u', '1k', '2Ei', 1, 0.5]);
    refuses(quantity, ['2 GB', '1GB', 'Gi', '', '1.2.3', 'abc', '1 ', ' 1', '1gi', '1e', '1K', 'e3', NaN, Infinity, null, {}, '1m'.repeat(40)]);
    refuses(resourceQuantity, ['-1', '-100m', -1]);
    expect(quantityValue('100m')).toBeCloseTo(0.1);
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('2e3')).toBe(2000);
    expect(quantityValue('1.5k')).toBe(1500);
    expect(quantityValue('4G')).toBe(4e9);
  });

  test('names: qualified names, label values, annotation keys, DNS labels and subdomains', () => {
    accepts(qualifiedName, ['app', 'kubernetes.io/arch', 'a.b-c_d', 'A', 'example.com/Name_1', 'a'.repeat(63), `${'a'.repeat(253)}/b`]);
    refuses(qualifiedName, ['', 'my key', '-a', 'a-', 'a/b/c', '/a', 'Example.com/a', 'a'.repeat(64), 'k8s.io/', `${'a'.repeat(254)}/b`, 1]);
    accepts(labelKey, ['istio', 'sidecar.istio.io/inject']);
    refuses(labelKey, ['my label']);
    accepts(labelValue, ['', 'v1', 'a'.repeat(63), '1.9', 'A_b.c-D']);
    refuses(labelValue, ['a'.repeat(64), 'has space', '-x', 'x.', 1, null, true]);
    accepts(annotationKey, ['Example.com/A', 'cloud.google.com/load-balancer-type']);
    refuses(annotationKey, ['a b', 'x/y/z']);
    accepts(dns1123Label, ['a', 'istio-system', '0a', 'a'.repeat(63)]);
    refuses(dns1123Label, ['', 'A', 'a.b', '-a', 'a-', 'a'.repeat(64), 'a_b']);
    accepts(dns1123Subdomain, ['a', 'a.b', 'cluster.local', 'x-1.y-2']);
    refuses(dns1123Subdomain, ['', 'a..b', '.a', 'a.', 'A.b', 'a'.repeat(254)]);
    accepts(dns1035Label, ['istio-ingressgateway', 'a']);
    refuses(dns1035Label, ['1gw', 'gw-', 'My_Gateway', 'a'.repeat(64)]);
    accepts(envVarName, ['PILOT_PUSH_THROTTLE', 'Plugins', 'a.b-c', '_x', '.x', '-x']);
    refuses(envVarName, ['1X', 'A B', 'A=B', '', 1]);
  });

  test('image references, registry paths and tags follow docker\'s reference grammar', () => {
    accepts(imageReference, [
      'pilot', 'istio/pilot', 'docker.io/istio/pilot:1.2.2', 'localhost:5000/a/b:tag', 'gcr.io/istio-release/pilot:release-1.2-latest-daily',
      `a@sha256:${'a'.repeat(64)}`, `docker.io/istio/pilot:1.2.2@sha256:${'0'.repeat(64)}`, 'quay.io/kiali/kiali:v0.20', 'Registry.Example.com:443/x__y/z-z:_tag', 'a.b/c--d',
    ]);
    refuses(imageReference, [
      'Pilot', 'docker.io/istio/pilot:1.2:2', 'pilot:', 'pilot:-x', `pilot:${'a'.repeat(129)}`, 'a b', '', 'docker.io/', '/pilot', 'a@sha256:xyz',
      'x'.repeat(256), 'a//b', 'a/_b', null, 42,
    ]);
    accepts(imageRepositoryPrefix, ['docker.io/istio', 'gcr.io/istio-release', 'localhost:5000', 'istio', 'registry.example.com:5000/a/b']);
    refuses(imageRepositoryPrefix, [null, '', 'docker.io/Istio', 'docker.io/istio/', 'docker.io/istio:1.2', 'a b', 'x'.repeat(255)]);
    accepts(imageTag, ['1.2.2', 'v2.8.0', 1.9, 2, '_x', 'A-b.C_d', 'a'.repeat(128)]);
    refuses(imageTag, ['1.2:2', '-x', '.x', '', 'a'.repeat(129), -1, null, 'a b']);
  });

  test('ports and node ports', () => {
    accepts(port, [1, 80, 65535]);
    refuses(port, [0, 65536, 80.5, '80', -1, null]);
    expect(nodePort()(30000)).toBeUndefined();
    expect(nodePort()(32768)).toBe('a whole number from 30000 to 32767 (the cluster\'s node-port range; set nodePortRange if yours differs)');
    expect(nodePort([20000, 20010])(20010)).toBeUndefined();
    expect(nodePort([20000, 20010])(20011)).toBe('a whole number from 20000 to 20010 (the cluster\'s node-port range; set nodePortRange if yours differs)');
  });

  test('IP addresses, CIDR blocks and comma-separated lists (IPv4 and IPv6)', () => {
    accepts(ipAddress, ['10.0.0.7', '0.0.0.0', '::1', '::', 'fe80::1', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', '2001:db8::8a2e:370:7334']);
    refuses(ipAddress, ['1:2:3:4:5:6:7:8:9', '1.2.3', '1.2.3.4.5', '::1::', 'gggg::1', 'localhost', '256.1.1.1', '01.1.1.1', '1:2:3:4:5:6:7', '', 7]);
    accepts(cidr, ['10.0.0.0/8', '0.0.0.0/0', 'fd00::/8', '::/0', '2001:db8::1/128', '::ffff:10.0.0.0/104', '10.0.0.1/32']);
    refuses(cidr, ['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '10.0.0/8', 'fd00::/129', '010.0.0.0/8', '10.0.0.0/08', 'fd00:::/8', ' 10.0.0.0/8', '10.0.0.0/-1']);
    accepts(cidrList({ star: true }), ['*', '', '10.0.0.0/8', '10.0.0.0/8,fd00::/8']);
    refuses(cidrList({ star: true }), ['*,10.0.0.0/8', '10.0.0.0/8,', '10.0.0.0/8 ', ',']);
    refuses(cidrList(), ['*']);
    accepts(portList({ star: true }), ['*', '', '80', '80,8080,65535']);
    refuses(portList(), ['*', '0', '65536', '80,', '80;8080', '080', ' 80']);
  });

  test('Go durations as time.ParseDuration reads them', () => {
    expect(parseGoDuration('1h2m3.5s')).toBe(BigInt(3723.5e9));
    expect(parseGoDuration('300ms')).toBe(BigInt(3e8));
    expect(parseGoDuration('-1.5h')).toBe(BigInt(-5400e9));
    expect(parseGoDuration('0')).toBe(BigInt(0));
    expect(parseGoDuration('+0')).toBe(BigInt(0));
    for (const us of ['1us', '1µs', '1μs']) expect(parseGoDuration(us)).toBe(BigInt(1000));
    expect(parseGoDuration('.5s')).toBe(BigInt(5e8));
    expect(parseGoDuration('5.s')).toBe(BigInt(5e9));
    expect(parseGoDuration('1.000000001s')).toBe(BigInt(1000000001));
    expect(parseGoDuration('2562047h47m16.854775807s')).toBe((BigInt(1) << BigInt(63)) - BigInt(1));
    for (const bad of ['', '1', '1d', '1 h', 'h', '.s', '1.5', '+', '-', '5m3', '1hh', '2562047h47m16.854775808s', '1e3s', 5]) {
      expect([bad, parseGoDuration(bad)]).toEqual([bad, undefined]);
    }
    accepts(goDuration, ['10m', '0', '1h30m']);
    refuses(goDuration, ['10 m', 'ten minutes']);
  });

  test('Istio, Envoy and Prometheus durations', () => {
    accepts(istioDuration, ['1ms', '10s', '1.5s', '5m', '1h', '1.001s']);
    refuses(istioDuration, ['0s', '500us', '1.0005s', '-1s', '10 s', '10', 10]);
    accepts(secondsDuration, ['300s', '1s']);
    refuses(secondsDuration, ['5m', '0s', '1.5s', '300', 300]);
    accepts(prometheusDuration, ['6h', '15s', '100ms', '2w', '1y']);
    refuses(prometheusDuration, ['1h30m', '1.5h', '6 h', '6']);
  });

  test('tolerations mirror Kubernetes\' rules', () => {
    expect(tolerations([{ operator: 'Exists' }, { key: 'a', value: 'b' }, { key: 'a', operator: 'Equal', value: '', effect: '' },
      { key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }])).toBeUndefined();
    expect(toleration({ key: 'a', operator: 'In' })).toEqual({ at: '.operator', value: 'In', expected: 'one of Exists, Equal (unset means Equal)' });
    expect(toleration({ key: 'a b', operator: 'Exists' })?.at).toBe('.key');
    expect(toleration({ key: 'a', value: 'has space' })?.at).toBe('.value');
    expect(toleration({ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1.5 })).toEqual({ at: '.tolerationSeconds', value: 1.5, expected: 'a whole number of seconds' });
    expect(toleration({ key: 'a', operator: 'Exists', tolerations: 1 })?.expected).toMatch(/^no such key \(a toleration has key, operator, value, effect, tolerationSeconds\)$/);
    expect(tolerations([{ operator: 'Exists' }, 'x'])).toEqual({ at: '[1]', value: 'x', expected: 'a toleration: a map of key, operator, value, effect, tolerationSeconds' });
  });

  test('label selector requirements, selectors and affinity terms', () => {
    expect(labelSelectorRequirement({ key: 'app', operator: 'In', values: ['a', 'b'] })).toBeUndefined();
    expect(labelSelectorRequirement({ key: 'app', operator: 'NotIn', values: [] })?.expected).toBe('at least one value with operator NotIn');
    expect(labelSelectorRequirement({ key: 'app', operator: 'DoesNotExist', values: ['a'] })?.expected).toBe('no values with operator DoesNotExist');
    expect(labelSelectorRequirement({ key: 'app', operator: 'In', values: ['a b'] })?.at).toBe('.values[0]');
    expect(labelSelectorRequirement({ key: 'app', operator: 'Gt', values: ['1'] })?.at).toBe('.operator');
    expect(nodeSelectorRequirement({ key: 'cores', operator: 'Gt', values: ['4'] })).toBeUndefined();
    expect(nodeSelectorRequirement({ key: 'cores', operator: 'Lt', values: ['4', '5'] })?.expected).toBe('exactly one whole number (as a string) with operator Lt');
    expect(labelSelector({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'v', operator: 'Exists' }] })).toBeUndefined();
    expect(labelSelector({ matchLabel: { app: 'x' } })?.at).toBe('.matchLabel');
    expect(labelSelector({ matchExpressions: [{ key: 'v', operator: 'Exists' }, { key: 'w', operator: 'In' }] })?.at).toBe('.matchExpressions[1].values');
    expect(podAffinityTerm({ labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['default'] })).toBeUndefined();
    expect(podAffinityTerm({ labelSelector: {}, topologyKey: '' })?.at).toBe('.topologyKey');
    expect(podAffinityTerm({ topologyKey: 'k', namespaces: ['Default'] })?.at).toBe('.namespaces[0]');
    expect(weightedPodAffinityTerm({ weight: 0, podAffinityTerm: { topologyKey: 'k' } })?.at).toBe('.weight');
    expect(weightedPodAffinityTerm({ weight: 100, podAffinityTerm: { topologyKey: 'k' } })).toBeUndefined();
    const good = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'beta.kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [{ key: 'beta.kubernetes.io/arch', operator: 'In', values: ['amd64'] }] } }],
      },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'pilot' } }, topologyKey: 'kubernetes.io/hostname' }] },
    };
    expect(affinity(good)).toBeUndefined();
    expect(affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } })).toEqual({
      at: '.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', value: [], expected: 'at least one node selector term',
    });
    expect(affinity({ ...good, podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'k' } }] } }))
      .toEqual({ at: '.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight', value: 101, expected: 'a whole number from 1 to 100' });
    expect(affinity({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'k', operator: 'Exists', values: ['x'] }] } }] } })?.at)
      .toBe('.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values');
  });
});

describe('Istio validators (lib/validation/istio.ts)', () => {
  const ok = (check: (v: unknown) => string | undefined, values: unknown[]) => values.forEach((v) => expect([v, check(v)]).toEqual([v, undefined]));
  const bad = (check: (v: unknown) => string | undefined, values: unknown[]) => values.forEach((v) => expect([v, typeof check(v)]).toEqual([v, 'string']));

  test('hosts, gateway references', () => {
    ok(wildcardDomain, ['*', '*.example.com', 'reviews', 'reviews.default.svc.cluster.local', '*-foo.example.com', 'Reviews']);
    bad(wildcardDomain, ['', 'a.*.com', '*.', 'foo..com', 'a_b', `${'x'.repeat(64)}.com`, 'x.'.repeat(128), 1]);
    ok(fqdn, ['mesh', 'bookinfo-gateway.default.svc.cluster.local']);
    bad(fqdn, ['*.example.com', '']);
    ok(namespacedHost(), ['./*', 'istio-system/*', '*/*.example.com', '~/*', 'ns/reviews.default.svc.cluster.local']);
    bad(namespacedHost(), ['reviews', 'ns/reviews', 'Bad_NS/*', '/x.com', 'ns/']);
    ok(namespacedHost({ gateway: true }), ['*', 'bookinfo.example.com', 'prod/*', '10.0.0.7', '*.example.com']);
    bad(namespacedHost({ gateway: true }), ['reviews', '~/*', 'ns/reviews']);
    ok(gatewayReference, ['mesh', 'bookinfo-gateway', 'istio-system/ingress', 'gw.default.svc.cluster.local']);
    bad(gatewayReference, ['a/b/c', 'ns/', 'my gateway']);
  });
});

describe('patterns and previews', () => {
  test('globs over values paths', () => {
    expect(compilePattern('gateways.*.ports[*].nodePort')).toEqual([
      { kind: 'key', name: 'gateways' }, { kind: 'anyKey' }, { kind: 'key', name: 'ports' }, { kind: 'anyIndex' }, { kind: 'key', name: 'nodePort' },
    ]);
    expect(matchesPattern('gateways.*.ports[*].nodePort', ['gateways', 'x', 'ports', 2, 'nodePort'])).toBe(true);
    expect(matchesPattern('gateways.*.ports[*].nodePort', ['gateways', 'x', 'ports', '2', 'nodePort'])).toBe(false);
    expect(matchesPattern('gateways.*.ports[*].nodePort', ['gateways', 'x', 'y', 'ports', 2, 'nodePort'])).toBe(false);
    expect(matchesPattern('**.resources.requests', ['pilot', 'resources', 'requests'])).toBe(true);
    expect(matchesPattern('**.resources.requests', ['gateways', 'x', 'sds', 'resources', 'requests'])).toBe(true);
    expect(matchesPattern('**.resources.requests', ['resources', 'requests', 'cpu'])).toBe(false);
    expect(matchesPattern('**', [])).toBe(true);
    expect(matchesPattern('*.service.type', ['grafana', 'service', 'type'])).toBe(true);
    expect(matchesPattern('*.service.type', ['a', 'grafana', 'service', 'type'])).toBe(false);
  });

  test('long values are quoted by a short prefix', () => {
    expect(preview('short')).toBe('short');
    expect(preview('x'.repeat(200))).toBe(`${'x'.repeat(79)}…`);
    expect(JSON.stringify(preview(Array.from({ length: 100 }, (_x, i) => i))).length).toBeLessThanOrEqual(84);
    expect((preview(Array.from({ length: 100 }, (_x, i) => i)) as unknown[]).slice(-1)).toEqual(['…']);
    const obj = preview(Object.fromEntries(Array.from({ length: 100 }, (_x, i) => [`k${i}`, 'v'.repeat(i)])));
    expect(JSON.stringify(obj).length).toBeLessThanOrEqual(84);
    expect(obj).toHaveProperty('…', '…');
    expect(preview({ a: 1 })).toEqual({ a: 1 });
    expect(quote(NaN)).toBe('"NaN"');
    expect(quote(BigInt(5))).toBe('"5n"');
    expect(quote(undefined)).toBe('undefined');
  });
});

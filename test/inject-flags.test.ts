import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import {
  defaultInjectionSettings, formatGoDuration, injectYaml, installationInjectionSettings, kubeInjectParamProblems, parseGoDuration,
  withKubeInjectParams,
} from '../lib/inject';
import { resolveOptions } from '../lib/options';
import { tmpDir } from './helpers';
import { runCli } from './run-cli';

/** Run the CLI with `input` on stdin. */
const runWithInput = (args: string[], input: string) => runCli(args, { input });

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: web\n    image: web:1\n    ports:\n    - containerPort: 8080\n';
const deployment = (name: string, podSpec: string, annotations = '') => 'apiVersion: apps/v1\nkind: Deployment\n'
  + `metadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n`
  + `    metadata:\n      labels: {app: ${name}}\n${annotations ? `      annotations: ${annotations}\n` : ''}    spec:\n${podSpec}`;
const CONTAINERS = '      containers:\n      - name: web\n        image: web:1\n        ports:\n        - containerPort: 8080\n';

function file(name: string, text: string): string {
  const f = path.join(tmpDir(), name);
  fs.writeFileSync(f, text);
  return f;
}

const podSpecOf = (o: any) => (o.kind === 'Pod' ? o.spec : o.spec.template.spec);
const proxyOf = (o: any) => podSpecOf(o).containers.find((c: any) => c.name === 'istio-proxy');
const initOf = (o: any) => podSpecOf(o).initContainers.find((c: any) => c.name === 'istio-init');
const argAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
const envOf = (c: any, name: string) => c.env.find((e: any) => e.name === name)?.value;

describe('inject: flags combine with --config and --mode (flags win)', () => {
  test('--config sets the installation, the flags override its settings', async () => {
    const config = file('istio.yaml', 'mode: strict\nhub: registry.example.com/istio\ntag: 1.2.2-custom\n');
    const r = await runCli(['inject', '-f', file('app.yaml', POD), '--config', config, '--status-port', '15099', '--interception-mode', 'TPROXY',
      '--duration', '10s', '--image-pull-policy', 'Always', '--exclude-inbound-ports', '9000', '--readiness-period-seconds', '7']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const pod = yaml.load(r.stdout) as any;
    const proxy = proxyOf(pod);
    // From the installation:
    expect(proxy.image).toBe('registry.example.com/istio/proxyv2:1.2.2-custom');
    expect(argAfter(proxy.args, '--controlPlaneAuthPolicy')).toBe('MUTUAL_TLS');
    expect(argAfter(proxy.args, '--discoveryAddress')).toBe('istio-pilot.istio-system:15011');
    // From the flags:
    expect(argAfter(proxy.args, '--statusPort')).toBe('15099');
    expect(proxy.readinessProbe.httpGet.port).toBe(15099);
    expect(proxy.readinessProbe.periodSeconds).toBe(7);
    expect(proxy.imagePullPolicy).toBe('Always');
    for (const f of ['--drainDuration', '--parentShutdownDuration', '--connectTimeout']) expect(argAfter(proxy.args, f)).toBe('10s');
    const init = initOf(pod);
    expect(argAfter(init.args, '-m')).toBe('TPROXY');
    expect(argAfter(init.args, '-d')).toBe('9000,15099');
  });

  test('--mode with --hub and --tag: the hub and tag reach both images', async () => {
    const r = await runCli(['inject', '-f', file('app.yaml', POD), '--mode', 'strict', '--hub', 'gcr.io/mine', '--tag', 't1']);
    expect(r.status).toBe(0);
    const pod = yaml.load(r.stdout) as any;
    expect(proxyOf(pod).image).toBe('gcr.io/mine/proxyv2:t1');
    expect(initOf(pod).image).toBe('gcr.io/mine/proxy_init:t1');
    expect(argAfter(proxyOf(pod).args, '--controlPlaneAuthPolicy')).toBe('MUTUAL_TLS');
  });

  test('the library: withKubeInjectParams puts parameters on an installation\'s settings without changing them', () => {
    const installation = installationInjectionSettings(resolveOptions({ mode: 'strict' }));
    const before = JSON.stringify(installation);
    const settings = withKubeInjectParams(installation, { statusPort: 123, privileged: true, duration: '2s' });
    expect(JSON.stringify(installation)).toBe(before);
    const [pod] = injectYaml(POD, settings);
    expect(argAfter(proxyOf(pod).args, '--statusPort')).toBe('123');
    expect(argAfter(proxyOf(pod).args, '--controlPlaneAuthPolicy')).toBe('MUTUAL_TLS');
    expect(proxyOf(pod).securityContext.privileged).toBe(true);
    expect(() => withKubeInjectParams(installation, { statusPort: 70000 })).toThrow(/statusPort: got 70000, expected a port number/);
  });
});

describe('inject: every flag is checked (usage error, exit 2, one line, nothing written)', () => {
  const app = () => file('app.yaml', POD);
  const cases: Array<[string, string, RegExp]> = [
    ['--status-port', 'abc', /--status-port: got "abc", expected a port number from 0 to 65535/],
    ['--status-port', '70000', /--status-port: got 70000, expected a port number/],
    ['--status-port', '-1', /--status-port: got "-1"/],
    ['--status-port', '1e3', /--status-port: got "1e3"/],
    ['--status-port', '0x10', /--status-port: got "0x10"/],
    ['--readiness-initial-delay-seconds', '-5', /--readiness-initial-delay-seconds: got "-5", expected a whole number of seconds/],
    ['--readiness-period-seconds', '2.5', /--readiness-period-seconds: got "2.5"/],
    ['--readiness-failure-threshold', 'many', /--readiness-failure-threshold: got "many", expected a whole number/],
    ['--readiness-failure-threshold', '99999999999', /--readiness-failure-threshold: got "99999999999"/],
    ['--duration', '5x', /--duration: got "5x", expected a Go duration/],
    ['--duration', '10', /--duration: got "10", expected a Go duration/],
    ['--duration', '', /--duration: got "", expected a Go duration/],
    ['--duration', '500us', /--duration: got "500us", expected at least 1ms/],
    ['--duration', '1.0005s', /--duration: got "1.0005s", expected whole milliseconds/],
    ['--include-ip-ranges', '10.0.0.0/33', /--include-ip-ranges: "10.0.0.0\/33" is not a CIDR/],
    ['--include-ip-ranges', '300.1.1.1/8', /"300.1.1.1\/8" is not a CIDR/],
    ['--include-ip-ranges', '10.0.0.0/8,', /--include-ip-ranges: "" is not a CIDR/],
    ['--include-ip-ranges', '10.0.0.0/8; iptables -F', /"10.0.0.0\/8; iptables -F" is not a CIDR/],
    ['--exclude-ip-ranges', '*', /--exclude-ip-ranges: "\*" is not a CIDR/],
    ['--include-inbound-ports', 'http', /--include-inbound-ports: "http" is not a port/],
    ['--include-inbound-ports', '0', /"0" is not a port/],
    ['--exclude-inbound-ports', '80,70000', /--exclude-inbound-ports: "70000" is not a port/],
    ['--exclude-inbound-ports', '*', /--exclude-inbound-ports: "\*" is not a port/],
    ['--kubevirt-interfaces', 'net1;reboot', /--kubevirt-interfaces: "net1;reboot" is not a network interface name/],
    ['--kubevirt-interfaces', 'averyveryverylongname', /is not a network interface name/],
    ['--hub', 'docker.io/istio proxy', /--hub: got "docker.io\/istio proxy", expected a registry and repository path/],
    ['--tag', '1.2:3', /--tag: got "1.2:3", expected an image tag/],
    ['--dns-search-namespace', '', /--dns-search-namespace: got "", expected a search domain/],
    ['--interception-mode', 'NONE', /Argument: interception-mode, Given: "NONE", Choices: "REDIRECT", "TPROXY"/],
    ['--image-pull-policy', 'Sometimes', /Argument: image-pull-policy, Given: "Sometimes"/],
  ];
  test.each(cases)('%s %j', async (flag, value, message) => {
    const r = await runCli(['inject', '-f', app(), flag, value]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at |TypeError|NaN/);
  });

  test('each problem is named in the one line, also with --config', async () => {
    const r = await runCli(['inject', '-f', app(), '--config', file('istio.yaml', 'mode: strict\n'), '--status-port', 'x', '--duration', 'y']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-istio: --status-port: got "x".*; --duration: got "y"/);
  });

  test('a single-value flag given twice is refused, a repeatable one is not', async () => {
    const twice = await runCli(['inject', '-f', app(), '--status-port', '1', '--status-port', '2']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/--status-port was given more than once \("1", "2"\); give it once/);
    const repeatable = await runCli(['inject', '-f', app(), '--dns-search-namespace', 'global', '--dns-search-namespace', 'svc.global']);
    expect(repeatable.status).toBe(0);
    expect(podSpecOf(yaml.load(repeatable.stdout)).dnsConfig.searches).toEqual(['global', 'svc.global']);
  });

  test('valid values: Go durations are written as Go writes them', async () => {
    const r = await runCli(['inject', '-f', app(), '--duration', '1500ms', '--status-port', '0', '--include-ip-ranges', '10.0.0.0/8,fd00::/8']);
    expect(r.status).toBe(0);
    const pod = yaml.load(r.stdout) as any;
    expect(argAfter(proxyOf(pod).args, '--drainDuration')).toBe('1.5s');
    expect(proxyOf(pod).readinessProbe).toBeUndefined();
    expect(argAfter(initOf(pod).args, '-i')).toBe('10.0.0.0/8,fd00::/8');
  });

  test('Go durations: parsed and formatted as Go\'s time package does', () => {
    const fmt = (s: string) => { const ns = parseGoDuration(s); return ns === undefined ? undefined : formatGoDuration(ns); };
    expect(['45s', '1m0s', '90s', '1h', '1.5s', '1500ms', '100ms', '0', '1us', '2h45m0.5s', '.5m'].map(fmt))
      .toEqual(['45s', '1m0s', '1m30s', '1h0m0s', '1.5s', '1.5s', '100ms', '0s', '1µs', '2h45m0.5s', '30s']);
    for (const bad of ['', '1', 's', '.s', '1x', '1s ', ' 1s', '9999999999999h']) expect(parseGoDuration(bad)).toBeUndefined();
  });

  test('the library refuses the same parameters, naming them', () => {
    expect(kubeInjectParamProblems({ statusPort: Number.NaN, duration: 'soon', includeIPRanges: '1.2.3.4' })).toEqual([
      'includeIPRanges: "1.2.3.4" is not a CIDR (an address and a prefix length, as 10.0.0.0/8 or fd00::/8); use * for all',
      'statusPort: got NaN, expected a port number from 0 to 65535 (0 disables the readiness probe)',
      'duration: got "soon", expected a Go duration, as 10s, 1m30s or 500ms',
    ]);
    expect(() => defaultInjectionSettings({ readinessPeriodSeconds: -1 })).toThrow(/readinessPeriodSeconds: got -1/);
  });
});

describe('inject: --include-inbound-ports and --kubevirt-interfaces take effect', () => {
  test('--include-inbound-ports becomes the pod annotation Istio 1.2.2 reads: iptables -b and the proxy\'s metadata', async () => {
    const r = await runCli(['inject', '-f', file('app.yaml', POD), '--include-inbound-ports', '8080,9090']);
    expect(r.status).toBe(0);
    const pod = yaml.load(r.stdout) as any;
    expect(argAfter(initOf(pod).args, '-b')).toBe('8080,9090');
    expect(envOf(proxyOf(pod), 'ISTIO_META_INCLUDE_INBOUND_PORTS')).toBe('8080,9090');
    expect(pod.metadata.annotations['traffic.sidecar.istio.io/includeInboundPorts']).toBe('8080,9090');
    // Without the flag, the containers' ports (as Istio 1.2.2 does).
    const plain = yaml.load((await runCli(['inject', '-f', file('app.yaml', POD)])).stdout) as any;
    expect(argAfter(initOf(plain).args, '-b')).toBe('8080');
  });

  test('--include-inbound-ports "*" captures every port (the capture port is set)', async () => {
    const pod = yaml.load((await runCli(['inject', '-f', file('app.yaml', POD), '--include-inbound-ports', '*'])).stdout) as any;
    expect(argAfter(initOf(pod).args, '-b')).toBe('*');
  });

  test('a pod\'s own annotation wins over the flag', async () => {
    const app = file('app.yaml', deployment('web', CONTAINERS, '{traffic.sidecar.istio.io/includeInboundPorts: "7070"}'));
    const d = yaml.load((await runCli(['inject', '-f', app, '--include-inbound-ports', '8080'])).stdout) as any;
    expect(argAfter(initOf(d).args, '-b')).toBe('7070');
  });

  test('--kubevirt-interfaces adds iptables -k', async () => {
    const r = await runCli(['inject', '-f', file('app.yaml', POD), '--kubevirt-interfaces', 'net1,net2']);
    expect(r.status).toBe(0);
    const pod = yaml.load(r.stdout) as any;
    expect(argAfter(initOf(pod).args, '-k')).toBe('net1,net2');
    const plain = yaml.load((await runCli(['inject', '-f', file('app.yaml', POD)])).stdout) as any;
    expect(initOf(plain).args).not.toContain('-k');
  });
});

describe('inject: workloads left alone or refused, by name', () => {
  test('skip messages name the workload (kind name.namespace)', async () => {
    const app = file('app.yaml', deployment('edge', `      hostNetwork: true\n${CONTAINERS}`));
    const r = await runCli(['inject', '-f', app]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('Skipping Deployment edge.shop: it uses the host network (the sidecar\'s iptables rules would change the node\'s routing)\n');
    expect(podSpecOf(yaml.load(r.stdout)).containers).toHaveLength(1);
  });

  test('a lone container named istio-proxy does not get a second one (Istio 1.2.2 would add it)', async () => {
    const gateway = deployment('gw', '      containers:\n      - name: istio-proxy\n        image: docker.io/istio/proxyv2:1.2.2\n');
    const r = await runCli(['inject', '-f', file('gw.yaml', gateway)]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('Skipping Deployment gw.shop: it has a container named istio-proxy already (injected before)\n');
    const d = yaml.load(r.stdout) as any;
    expect(podSpecOf(d).containers.map((c: any) => c.name)).toEqual(['istio-proxy']);
    expect(podSpecOf(d).initContainers).toBeUndefined();
  });

  test('injecting twice changes nothing the second time', async () => {
    const once = await runCli(['inject', '-f', file('app.yaml', POD)]);
    const twice = await runCli(['inject', '-f', file('once.yaml', once.stdout)]);
    expect(twice.status).toBe(0);
    expect(twice.stderr).toMatch(/^Skipping Pod web\.shop: it has a container named istio-proxy already/);
    expect(yaml.load(twice.stdout)).toEqual(yaml.load(once.stdout));
  });

  test('an init container already named istio-init is refused, not duplicated', async () => {
    const app = file('app.yaml', deployment('half', `      initContainers:\n      - name: istio-init\n        image: x:1\n${CONTAINERS}`));
    const r = await runCli(['inject', '-f', app]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cdk8s-istio: --filename .*app\.yaml: Deployment half\.shop: the pod already has a container named "istio-init", which the sidecar adds/);
  });

  test('a volume already named istio-envoy is refused', async () => {
    const app = file('app.yaml', deployment('vol', `${CONTAINERS}      volumes:\n      - name: istio-envoy\n        emptyDir: {}\n`));
    const r = await runCli(['inject', '-f', app]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Deployment vol\.shop: the pod already has a volume named "istio-envoy"/);
  });

  test('sidecar.istio.io/inject: "false" is injected anyway, as istioctl 1.2.2 kube-inject does (the annotation is the webhook\'s)', async () => {
    const app = file('app.yaml', deployment('optout', CONTAINERS, '{sidecar.istio.io/inject: "false"}'));
    const r = await runCli(['inject', '-f', app]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(podSpecOf(yaml.load(r.stdout)).containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['spec: 5', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: m}\nspec: 5\n', /Deployment m: spec: got 5, expected a map/],
    ['containers not a list', deployment('m', '      containers: {name: web}\n'), /Deployment m\.shop: spec\.template\.spec\.containers: got \{"name":"web"\}, expected a list/],
    ['a container not a map', deployment('m', '      containers: [web]\n'), /spec\.template\.spec\.containers\[0\]: got "web", expected a container \(a map\)/],
    ['ports not a list', deployment('m', '      containers:\n      - name: web\n        ports: 80\n'), /containers\[0\]\.ports: got 80, expected a list/],
    ['containerPort a string', deployment('m', '      containers:\n      - name: web\n        ports: [{containerPort: http}]\n'), /ports\[0\]\.containerPort: got "http", expected a whole number/],
    ['an annotation not a string', deployment('m', CONTAINERS, '{status.sidecar.istio.io/port: 15020}'), /spec\.template\.metadata\.annotations\.status\.sidecar\.istio\.io\/port: got 15020, expected a string \(quote it\)/],
    ['template.spec a string', 'kind: Deployment\nmetadata: {name: m}\nspec:\n  template:\n    spec: none\n', /spec\.template\.spec: got "none", expected a map/],
    ['metadata a list', 'kind: Pod\nmetadata: [a]\nspec: {containers: []}\n', /Pod \(unnamed\): metadata: got \["a"\], expected a map/],
    ['hostNetwork a string', deployment('m', `      hostNetwork: "yes"\n${CONTAINERS}`), /spec\.template\.spec\.hostNetwork: got "yes", expected true or false/],
    ['a document that is a string', 'hello\n', /document 1: got "hello", expected a Kubernetes object \(a map\)/],
    ['a kind that is a number', 'kind: 5\n', /document 1: kind: got 5, expected a string/],
    ['List items not a list', 'kind: List\nitems: 5\n', /List: items: got 5, expected a list/],
    ['a List item that is not a map', 'kind: List\nitems: [5]\n', /List: items\[0\]: got 5, expected a Kubernetes object/],
    ['CronJob jobTemplate a string', 'kind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: x}\n', /CronJob c: spec\.jobTemplate: got "x", expected a map/],
  ];
  test.each(malformed)('a malformed workload (%s) is one line, not a TypeError', async (_name, text, message) => {
    const r = await runCli(['inject', '-f', file('app.yaml', text)]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/TypeError|internal error|\n\s+at /);
  });

  test('a huge workload name is cut in messages', async () => {
    const name = 'w'.repeat(5000);
    const r = await runCli(['inject', '-f', file('app.yaml', deployment(name, `      hostNetwork: true\n${CONTAINERS}`))]);
    expect(r.status).toBe(0);
    expect(r.stderr.length).toBeLessThan(300);
  });
});

describe('inject: stdin', () => {
  test('-f - reads the manifest from stdin', async () => {
    const r = await runWithInput(['inject', '-f', '-'], POD);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(podSpecOf(yaml.load(r.stdout)).containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
  });

  test('--filename - with a bad manifest names stdin', async () => {
    const r = await runWithInput(['inject', '--filename', '-'], 'kind: Pod\nspec: [\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cdk8s-istio: --filename - \(stdin\): not valid YAML or JSON: /);
  });

  test('--config - reads the installation from stdin', async () => {
    const r = await runWithInput(['inject', '-f', file('app.yaml', POD), '--config', '-'], 'mode: strict\n');
    expect(r.status).toBe(0);
    expect(argAfter(proxyOf(yaml.load(r.stdout)).args, '--controlPlaneAuthPolicy')).toBe('MUTUAL_TLS');
  });

  test('stdin is read once: - for both --config and --filename is a usage error', async () => {
    const r = await runWithInput(['inject', '-f', '-', '--config', '-'], 'mode: strict\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/stdin was read already by another flag; give - to one flag only/);
  });
});

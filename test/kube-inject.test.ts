import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { describeWithShared, REFERENCE, RunResult, runTool, tmpDir } from './helpers';
import { runCli } from './run-cli';

const GOLDEN = path.join(REFERENCE, 'kube-inject');

/**
 * The cases Istio 1.2.2's `TestIntoResourceFile` ran, with the parameters each set, as our CLI's flags. Most cases
 * set the defaults; the TPROXY case leaves the others at Go's zero values (empty string, 0), hence ZERO.
 *
 * Istio's `includeInboundPorts` parameter is left out: it sets `global.proxy.includeInboundPorts`, which the 1.2.2
 * template never reads (the golden files show the containers' ports), whereas our `--include-inbound-ports` takes
 * effect, as the pod annotation (test/inject-flags.test.ts).
 */
const ZERO = ['--include-ip-ranges', '', '--status-port', '0',
  '--readiness-initial-delay-seconds', '0', '--readiness-period-seconds', '0', '--readiness-failure-threshold', '0'];
const CASES: Array<[string, string, string[]]> = [
  ['hello.yaml', 'hello.yaml.injected', []],
  ['hello.yaml.injected', 'hello.yaml.injected', []],
  ['hello-namespace.yaml', 'hello-namespace.yaml.injected', []],
  ['hello-proxy-override.yaml', 'hello-proxy-override.yaml.injected', []],
  ['hello.yaml', 'hello-tproxy.yaml.injected', [...ZERO, '--interception-mode', 'TPROXY']],
  ['hello.yaml', 'hello-config-map-name.yaml.injected', []],
  ['frontend.yaml', 'frontend.yaml.injected', []],
  ['hello-service.yaml', 'hello-service.yaml.injected', []],
  ['hello.yaml', 'hello-always.yaml.injected', ['--image-pull-policy', 'Always']],
  ['hello.yaml', 'hello-never.yaml.injected', ['--image-pull-policy', 'Never']],
  ['hello-ignore.yaml', 'hello-ignore.yaml.injected', []],
  ['multi-init.yaml', 'multi-init.yaml.injected', []],
  ['enable-core-dump.yaml', 'enable-core-dump.yaml.injected', ['--enable-core-dump']],
  ['auth.yaml', 'auth.yaml.injected', []],
  ['auth.non-default-service-account.yaml', 'auth.non-default-service-account.yaml.injected', []],
  ['auth.yaml', 'auth.cert-dir.yaml.injected', []],
  ['job.yaml', 'job.yaml.injected', []],
  ['replicaset.yaml', 'replicaset.yaml.injected', []],
  ['cronjob.yaml', 'cronjob.yaml.injected', []],
  ['pod.yaml', 'pod.yaml.injected', []],
  ['hello-host-network.yaml', 'hello-host-network.yaml.injected', []],
  ['list.yaml', 'list.yaml.injected', []],
  ['deploymentconfig.yaml', 'deploymentconfig.yaml.injected', []],
  ['deploymentconfig-multi.yaml', 'deploymentconfig-multi.yaml.injected', []],
  ['format-duration.yaml', 'format-duration.yaml.injected', ['--duration', '42s']],
  ['traffic-params.yaml', 'traffic-params.yaml.injected', [
    '--include-ip-ranges', '127.0.0.1/24,10.96.0.1/24', '--exclude-ip-ranges', '10.96.0.2/24,10.96.0.3/24',
    '--exclude-inbound-ports', '4,5,6', '--status-port', '0',
    '--readiness-initial-delay-seconds', '0', '--readiness-period-seconds', '0', '--readiness-failure-threshold', '0']],
  ['traffic-params-empty-includes.yaml', 'traffic-params-empty-includes.yaml.injected', ['--include-ip-ranges', '', '--exclude-ip-ranges', '']],
  ['traffic-annotations.yaml', 'traffic-annotations.yaml.injected', []],
  ['traffic-annotations-wildcards.yaml', 'traffic-annotations-wildcards.yaml.injected', []],
  ['traffic-annotations-empty-includes.yaml', 'traffic-annotations-empty-includes.yaml.injected', []],
  ['status_params.yaml', 'status_params.yaml.injected', [
    '--status-port', '123', '--readiness-initial-delay-seconds', '100', '--readiness-period-seconds', '200', '--readiness-failure-threshold', '300']],
  ['status_annotations.yaml', 'status_annotations.yaml.injected', []],
  ['kubevirtInterfaces.yaml', 'kubevirtInterfaces.yaml.injected', []],
  ['kubevirtInterfaces_list.yaml', 'kubevirtInterfaces_list.yaml.injected', []],
  ['hello.yaml', 'hello-template-in-values.yaml.injected', [
    '--dns-search-namespace', 'global', '--dns-search-namespace', '{{ valueOrDefault .DeploymentMeta.Namespace "default" }}.global']],
];

/** `TestRewriteAppProbe`'s cases (folder app_probe/): probe rewriting on, its other parameters as that test sets them. */
const REWRITE = ['--rewrite-app-http-probe', '--include-ip-ranges', '',
  '--readiness-initial-delay-seconds', '2', '--readiness-period-seconds', '30'];
for (const name of ['hello-probes', 'hello-readiness', 'named_port', 'one_container', 'two_container', 'ready_only', 'https-probes',
  'hello-probes-with-flag-unset-in-annotation']) {
  CASES.push([`app_probe/${name}.yaml`, `app_probe/${name}.yaml.injected`, REWRITE]);
}
// The pod's annotation turns rewriting on although the parameter is off.
CASES.push(['app_probe/hello-probes-with-flag-set-in-annotation.yaml', 'app_probe/hello-probes-with-flag-set-in-annotation.yaml.injected', REWRITE.slice(1)]);

/** The status annotation's version is a hash of the template; Istio's test blanks it before comparing, as we do. */
const stripVersion = (text: string) => text.replace(/\\?"version\\?":\\?"[0-9a-f]*\\?"/g, '"version":""');

describeWithShared('cdk8s-istio inject, against Istio 1.2.2\'s kube-inject golden files', () => {
  const present = CASES.filter(([input, want]) => fs.existsSync(path.join(GOLDEN, input)) && fs.existsSync(path.join(GOLDEN, want)));

  // Every case is injected first; then one comparator run checks them all (each case's objects renamed apart, as the
  // comparator matches objects by kind, namespace and name), and each test reads its own part of the report.
  const runs: RunResult[] = [];
  let report: { different: Array<{ id: string; diffs: unknown[] }>; missing: string[]; extra: string[]; duplicates: string[] };
  const tagOf = (i: number) => `case${i}-`;
  const renamed = (doc: any, tag: string): any => (doc?.kind === 'List' && Array.isArray(doc.items)
    ? { ...doc, items: doc.items.map((d: any) => renamed(d, tag)) }
    : { ...doc, metadata: { ...(doc.metadata ?? {}), name: `${tag}${doc.metadata?.name ?? ''}` } });
  beforeAll(async () => {
    const reference: unknown[] = [];
    const actual: unknown[] = [];
    for (const [i, [input, want, flags]] of present.entries()) {
      const r = await runCli(['inject', '--filename', path.join(GOLDEN, input), '--hub', 'docker.io/istio', '--tag', 'unittest', ...flags]);
      runs.push(r);
      if (r.status !== 0) continue;
      actual.push(...(yaml.loadAll(stripVersion(r.stdout)) as any[]).filter((d) => d).map((d) => renamed(d, tagOf(i))));
      reference.push(...(yaml.loadAll(stripVersion(fs.readFileSync(path.join(GOLDEN, want), 'utf8'))) as any[]).filter((d) => d).map((d) => renamed(d, tagOf(i))));
    }
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'reference.yaml'), reference.map((d) => yaml.dump(d)).join('---\n'));
    fs.writeFileSync(path.join(dir, 'actual.yaml'), actual.map((d) => yaml.dump(d)).join('---\n'));
    const cmp = runTool('compare-manifests.mjs', ['--drop-empty', '--json', '--reference', path.join(dir, 'reference.yaml'), '--actual', path.join(dir, 'actual.yaml')]);
    report = JSON.parse(cmp.stdout);
  });

  test.each(present.map(([input, want, flags], i) => [input, want, flags, i] as const))('%s -> %s %j', (_input, _want, _flags, i) => {
    const r = runs[i];
    expect(r.stderr).not.toMatch(/Error|error:/);
    expect(r.status).toBe(0);
    const mine = (id: string) => id.includes(`/${tagOf(i)}`);
    expect({ missing: report.missing.filter(mine), extra: report.extra.filter(mine), duplicates: report.duplicates.filter(mine) })
      .toEqual({ missing: [], extra: [], duplicates: [] });
    expect(report.different.filter((d) => mine(d.id))).toEqual([]);
  });

  test.each([
    ['traffic-annotations-bad-includeipranges.yaml', 'traffic.sidecar.istio.io/includeOutboundIPRanges'],
    ['traffic-annotations-bad-excludeipranges.yaml', 'traffic.sidecar.istio.io/excludeOutboundIPRanges'],
    ['traffic-annotations-bad-includeinboundports.yaml', 'traffic.sidecar.istio.io/includeInboundPorts'],
    ['traffic-annotations-bad-excludeinboundports.yaml', 'traffic.sidecar.istio.io/excludeInboundPorts'],
    ['traffic-annotations-bad-excludeoutboundports.yaml', 'traffic.sidecar.istio.io/excludeOutboundPorts'],
  ])('fails when %s has a bad annotation, naming it', async (input, annotation) => {
    const r = await runCli(['inject', '--filename', path.join(GOLDEN, input), '--hub', 'docker.io/istio', '--tag', 'unittest']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`for annotation '${annotation}'`);
  });
});

describe('cdk8s-istio inject', () => {
  test('fails when the file is missing', async () => {
    const r = await runCli(['inject', '--filename', '/nonexistent/app.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--filename \/nonexistent\/app.yaml: cannot read the file/);
  });

  test('StatefulSets and DaemonSets get the sidecar, written as Go\'s types write them (status counters at zero)', async () => {
    const dir = tmpDir();
    const app = path.join(dir, 'app.yaml');
    const workload = (kind: string, extra: string) => `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n${extra}  selector: {matchLabels: {app: w}}\n`
      + '  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: w, image: w:1}]\n';
    fs.writeFileSync(app, `${workload('StatefulSet', '  serviceName: w\n')}---\n${workload('DaemonSet', '')}`);
    const r = await runCli(['inject', '--filename', app]);
    expect(r.status).toBe(0);
    const [sts, ds] = yaml.loadAll(r.stdout) as any[];
    for (const o of [sts, ds]) expect(o.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['w', 'istio-proxy']);
    expect(sts.status).toEqual({ replicas: 0 });
    expect(ds.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  test('the installation\'s options drive the sidecar when --config names them', async () => {
    const dir = tmpDir();
    const app = path.join(dir, 'app.yaml');
    fs.writeFileSync(app, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n');
    const config = path.join(dir, 'istio.yaml');
    fs.writeFileSync(config, 'mode: strict\nhub: registry.example.com/istio\ntag: 1.2.2-custom\n');
    const r = await runCli(['inject', '--filename', app, '--config', config]);
    expect(r.status).toBe(0);
    const pod = yaml.load(r.stdout) as any;
    const proxy = pod.spec.containers.find((c: any) => c.name === 'istio-proxy');
    expect(proxy.image).toBe('registry.example.com/istio/proxyv2:1.2.2-custom');
    expect(proxy.args[proxy.args.indexOf('--controlPlaneAuthPolicy') + 1]).toBe('MUTUAL_TLS');
    expect(proxy.args[proxy.args.indexOf('--discoveryAddress') + 1]).toBe('istio-pilot.istio-system:15011');
  });
});

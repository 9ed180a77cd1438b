import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { CLI, readTree, runCliProcess, tmpDir } from './helpers';
import { runCli } from './run-cli';

describe('cdk8s-istio CLI', () => {
  test('--help explains every command and flag', async () => {
    const top = await runCli(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('cdk8s-istio synth');
    // One line break at the end, as console.log writes the help.
    expect(top.stdout).toMatch(/[^\n]\n$/);
    const synth = await runCli(['synth', '--help']);
    expect(synth.status).toBe(0);
    for (const flag of ['--output', '--config', '--mode', '--gateway-type', '--hub', '--tag', '--delivery', '--argocd-sync-waves', '--profile', '--values', '--set', '--set-string', '--istio-version']) {
      expect(synth.stdout).toContain(flag);
    }
  });

  test('synth writes the CRDs file and the installation file, and says what it wrote', async () => {
    const out = path.join(tmpDir(), 'out');
    const r = await runCli(['synth', '--output', out]);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.cdk8s-istio-files.json', '0000-istio-crds.k8s.yaml', '0001-istio.k8s.yaml']);
    expect(r.stdout).toContain('0000-istio-crds.k8s.yaml: 28 objects');
  });

  test('flags and a config file become props; flags win over the file', async () => {
    const dir = tmpDir();
    const config = path.join(dir, 'istio.yaml');
    fs.writeFileSync(config, 'mode: strict\ningressGateway:\n  type: NodePort\nvalues:\n  pilot:\n    autoscaleMin: 2\n');
    const out = path.join(dir, 'out');
    const r = await runCli(['synth', '--output', out, '--config', config, '--gateway-type', 'ClusterIP', '--tag', '1.2.2-custom']);
    expect(r.stderr.replace(/^.*warning: Secret kiali .*\n/m, '')).toBe('');
    expect(r.status).toBe(0);
    const objs = yaml.loadAll(fs.readFileSync(path.join(out, '0001-istio.k8s.yaml'), 'utf8')) as any[];
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'istio-ingressgateway');
    expect(svc.spec.type).toBe('ClusterIP');
    const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'istio-pilot');
    expect(hpa.spec.minReplicas).toBe(2);
    const values = JSON.parse(objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'istio-sidecar-injector').data.values);
    expect([values.global.mtls.enabled, values.global.tag]).toEqual([true, '1.2.2-custom']);
  });

  test('a JSON config file works too', async () => {
    const dir = tmpDir();
    const config = path.join(dir, 'istio.json');
    fs.writeFileSync(config, JSON.stringify({ values: { grafana: { enabled: false } } }));
    const out = path.join(dir, 'out');
    expect((await runCli(['synth', '--output', out, '--config', config])).status).toBe(0);
    expect(fs.readFileSync(path.join(out, '0001-istio.k8s.yaml'), 'utf8')).not.toMatch(/name: grafana$/m);
  });

  describe('bad input is refused before anything is written', () => {
    let dir: string;
    let out: string;
    let before: Record<string, string>;
    beforeEach(() => {
      dir = tmpDir();
      out = path.join(dir, 'out');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'existing.yaml'), 'kind: Keep\n');
      before = readTree(out);
    });
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };

    const cases: Array<[string, () => string[], RegExp]> = [
      ['an unknown flag', () => ['--gateway', 'NodePort'], /Unknown argument: gateway/],
      ['an invalid --mode', () => ['--mode', 'mtls'], /Argument: mode, Given: "mtls", Choices: "permissive", "strict"/],
      ['an invalid --gateway-type', () => ['--gateway-type', 'External'], /Argument: gateway-type, Given: "External", Choices: "LoadBalancer", "NodePort", "ClusterIP"/],
      ['an invalid --delivery', () => ['--delivery', 'helm'], /Argument: delivery, Given: "helm"/],
      ['a missing config file', () => ['--config', path.join(dir, 'nope.yaml')], /--config .*nope\.yaml: cannot read the file \(ENOENT\)/],
      ['an unparsable config file', () => ['--config', write('bad.yaml', 'mode: [strict\n')], /--config .*bad\.yaml: not valid YAML or JSON/],
      ['a config file that is not a map', () => ['--config', write('list.yaml', '- strict\n')], /--config .*list\.yaml: got \["strict"\], expected a map of cdk8s-istio props/],
      ['an unknown key in the config file', () => ['--config', write('typo.yaml', 'mod: strict\n')], /--config .*typo\.yaml: mod: got "strict", expected no such key/],
      ['an unknown values key in the config file', () => ['--config', write('typo2.yaml', 'values:\n  pilot:\n    replica: 2\n')], /values\.pilot\.replica: got 2, expected a key of the Istio 1\.2 chart values/],
      ['an invalid enum in the config file', () => ['--config', write('enum.yaml', 'mode: mtls\n')], /mode: got "mtls", expected one of permissive, strict/],
      ['a node port outside 30000-32767', () => ['--config', write('np.yaml', 'ingressGateway:\n  nodePorts:\n    http2: 80\n')], /ingressGateway\.nodePorts\.http2: got 80, expected a whole number from 30000 to 32767/],
      ['a node port used twice', () => ['--config', write('np2.yaml', 'ingressGateway:\n  nodePorts:\n    tcp: 31380\n')], /ingressGateway\.nodePorts\.tcp: got 31380, expected a node port not already used by port http2/],
      ['zero replicas', () => ['--config', write('r.yaml', 'values:\n  kiali:\n    replicaCount: 0\n')], /values\.kiali\.replicaCount: got 0, expected a whole number of at least 1/],
      ['negative autoscaling', () => ['--config', write('r2.yaml', 'values:\n  pilot:\n    autoscaleMax: -3\n')], /values\.pilot\.autoscaleMax: got -3/],
      ['min above max', () => ['--config', write('mm.yaml', 'values:\n  pilot:\n    autoscaleMin: 9\n')], /values\.pilot\.autoscaleMin: got 9, expected at most autoscaleMax \(5\)/],
    ];

    /** Usage errors (flags) exit with 2, refused input (the config's content) with 1. */
    const USAGE = new Set(['an unknown flag', 'an invalid --mode', 'an invalid --gateway-type', 'an invalid --delivery']);
    test.each(cases)('fails when given %s, leaving the output folder untouched', async (name, args, message) => {
      const r = await runCli(['synth', '--output', out, ...args()]);
      expect(r.status).toBe(USAGE.has(name) ? 2 : 1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^cdk8s-istio: /);
      expect(readTree(out)).toEqual(before);
      // No staging folder is left behind either.
      expect(fs.readdirSync(dir).filter((f) => f.includes('staging'))).toEqual([]);
    });
  });

  test('a successful synth leaves files it did not write alone (test/output-safety.test.ts covers stale files it wrote)', async () => {
    const out = path.join(tmpDir(), 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, '0002-istio-custom-resources.k8s.yaml'), 'kind: NotOurs\n');
    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: []\n');
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.cdk8s-istio-files.json', '0000-istio-crds.k8s.yaml', '0001-istio.k8s.yaml', '0002-istio-custom-resources.k8s.yaml', 'kustomization.yaml']);
  });
});

describe('the packaged CLI (build/cli, a process of its own) and the in-process runner the other tests use agree', () => {
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: web:1, ports: [{containerPort: 8080}]}]}\n';
  const BROKEN = 'apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: { name: reviews }\n'
    + 'spec: { hosts: [reviews], http: [{ route: [{ destination: { host: reviews, subset: bogus } }] }] }\n';
  const cases: Array<[string, string[], string | undefined, number]> = [
    ['--help', ['--help'], undefined, 0],
    ['a usage error', ['synth', '--mode', 'mtls'], undefined, 2],
    ['inject from stdin', ['inject', '-f', '-'], POD, 0],
    ['analyze with findings (exit 3), from stdin', ['analyze', '-o', 'json', '-'], BROKEN, 3],
    ['an analyze usage error', ['analyze', '-', '-o', 'xml'], BROKEN, 2],
  ];
  test.each(cases)('%s: the same exit status and bytes', async (_name, args, input, status) => {
    const child = runCliProcess(args, { input: input ?? '' });
    expect(child.status).toBe(status);
    expect(await runCli(args, { input })).toEqual(child);
  });

  test('a default synth loads none of the Node.js modules the bundle defers to their first use', () => {
    // scripts/build-cli.js makes crypto, child_process, net (and the yaml package) load when first used: together
    // about 10 ms of every start, and a synth uses none of them. A preload records what the bundle requires.
    const dir = tmpDir();
    const preload = path.join(dir, 'record-requires.js');
    const record = path.join(dir, 'requires.json');
    fs.writeFileSync(preload, [
      'const Module = require("module"); const seen = new Set(); const orig = Module.prototype.require;',
      'Module.prototype.require = function (id) { seen.add(id); return orig.apply(this, arguments); };',
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify([...seen])));`,
    ].join('\n'));
    const r = spawnSync(process.execPath, ['--require', preload, CLI, 'synth', '--output', path.join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const required: string[] = JSON.parse(fs.readFileSync(record, 'utf8'));
    expect(required).toContain('path');
    expect(required.filter((m) => ['crypto', 'child_process', 'net'].includes(m))).toEqual([]);
  });

  test('the bundle holds the Kubernetes classes the library uses and leaves the others out', () => {
    // scripts/build-cli.js keeps the declarations of cdk8s-plus-25's k8s.js that build/lib/k8s.js reaches. The runs
    // above check that nothing the CLI needs went missing; this checks that the others did go.
    const bundle = fs.readFileSync(path.join(path.dirname(CLI), 'main.js'), 'latin1');
    // As esbuild writes them: `var KubeService=class _KubeService extends ...`, `function toJson_PodSpec(obj)`.
    const declaration = (name: string) => new RegExp(`\\bvar ${name}=class\\b|\\bfunction ${name}\\(`);
    const used = ['KubeDeployment', 'KubeService', 'KubeConfigMap', 'toJson_PodSpec', 'IntOrString'];
    const unused = ['KubeCronJob', 'KubeIngress', 'KubePersistentVolume', 'toJson_CronJobSpec'];
    expect([...used, ...unused].filter((name) => declaration(name).test(bundle))).toEqual(used);
  });

  test('synth: the same files, and the same lines about them', async () => {
    const dir = tmpDir();
    const child = runCliProcess(['synth', '--output', path.join(dir, 'child')]);
    expect(child.status).toBe(0);
    const inProcess = await runCli(['synth', '--output', path.join(dir, 'in-process')]);
    expect({ ...inProcess, stdout: inProcess.stdout.split('/in-process/').join('/child/') }).toEqual(child);
    expect(readTree(path.join(dir, 'in-process'))).toEqual(readTree(path.join(dir, 'child')));
  });
});

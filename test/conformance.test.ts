import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, RELEASE_FILE, runTool } from './helpers';
import { synthToDir } from './run-cli';

/** The last line of the comparator: `conformance: P% (E/T equal, W whitespace-only, D different, M missing, X extra)`. */
function summary(stdout: string) {
  const line = stdout.trim().split('\n').pop() ?? '';
  const m = /conformance: ([\d.]+)% \((\d+)\/(\d+) equal, (\d+) whitespace-only, (\d+) different, (\d+) missing, (\d+) extra\)/.exec(line);
  if (!m) throw new Error(`no summary line in:\n${stdout}`);
  const [, percent, equal, total, whitespace, different, missing, extra] = m.map(Number);
  return { line, percent, equal, total, whitespace, different, missing, extra };
}

describeWithShared('conformance with the Istio 1.2.2 release file (istio-demo.yaml)', () => {
  let out: string;
  beforeAll(async () => {
    out = await synthToDir();
  });

  test('the default synth equals the release object for object, nothing missing or extra', () => {
    const r = runTool('compare-manifests.mjs', ['--reference', RELEASE_FILE, '--actual', out, '--show', '10']);
    const s = summary(r.stdout);
    // Print the differences on failure: the comparator's own report says what to fix.
    if (r.status !== 0) throw new Error(r.stdout.split('\n').slice(-80).join('\n'));
    expect(s.total).toBe(153);
    expect(s.equal).toBe(153); // the comparator counts whitespace-only texts as equal, and reports them apart
    expect(s.different + s.missing + s.extra).toBe(0);
  });

  test('the committed dist/ is what `npm run synth` makes', () => {
    const dist = path.resolve(__dirname, '..', 'dist');
    // The CLI also records the files it wrote (`.cdk8s-istio-files.json`); `npm run synth` (cdk8s synth) does not.
    const names = fs.readdirSync(out).filter((f) => !f.startsWith('.')).sort();
    expect(fs.readdirSync(dist).sort()).toEqual(names);
    for (const f of names) {
      expect({ file: f, text: fs.readFileSync(path.join(dist, f), 'utf8') }).toEqual({ file: f, text: fs.readFileSync(path.join(out, f), 'utf8') });
    }
  });
});

/** The comparator's JSON report of an output against the release file. */
function report(out: string) {
  const r = runTool('compare-manifests.mjs', ['--reference', RELEASE_FILE, '--actual', out, '--json']);
  return JSON.parse(r.stdout) as { different: Array<{ id: string; diffs: Array<[string, unknown, unknown]> }>; missing: string[]; extra: string[] };
}

describeWithShared('option outputs against the release file', () => {
  test('strict differs from istio-demo.yaml in exactly the eleven objects istio-demo-auth.yaml changes (INVENTORY.md section 3)', async () => {
    const r = report(await synthToDir(['--mode', 'strict']));
    expect(r.missing).toEqual([]);
    expect(r.extra).toEqual([]);
    expect(r.different.map((d) => d.id).sort()).toEqual([
      'ConfigMap/istio-system/istio',
      'ConfigMap/istio-system/istio-security-custom-resources',
      'ConfigMap/istio-system/istio-sidecar-injector',
      'Deployment/istio-system/istio-egressgateway',
      'Deployment/istio-system/istio-galley',
      'Deployment/istio-system/istio-ingressgateway',
      'Deployment/istio-system/istio-pilot',
      'Deployment/istio-system/istio-policy',
      'Deployment/istio-system/istio-telemetry',
      'DestinationRule/istio-system/istio-policy',
      'DestinationRule/istio-system/istio-telemetry',
    ]);
    const paths = (id: string) => r.different.find((d) => d.id === id)!.diffs.map(([p]) => p);
    expect(paths('Deployment/istio-system/istio-galley')).toEqual(['.spec.template.spec.containers[0].command[8]']);
    expect(paths('DestinationRule/istio-system/istio-policy')).toEqual(['.spec.trafficPolicy.portLevelSettings']);
  });

  test('NodePort differs from the release only in the ingress Service type and the values JSON', async () => {
    const r = report(await synthToDir(['--gateway-type', 'NodePort']));
    expect(r.different.map((d) => [d.id, d.diffs.map(([p]) => p)])).toEqual([
      ['ConfigMap/istio-system/istio-sidecar-injector', ['.data.values["(parsed)"].gateways.istio-ingressgateway.type']],
      ['Service/istio-system/istio-ingressgateway', ['.spec.type']],
    ]);
  });
});

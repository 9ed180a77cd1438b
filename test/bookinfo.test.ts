import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { App } from 'cdk8s';
import * as yaml from 'js-yaml';
import { Bookinfo } from '../examples/bookinfo/bookinfo';
import { describeWithShared, readTree, REFERENCE, ROOT, runTool, tmpDir } from './helpers';

const BOOKINFO = path.join(REFERENCE, 'bookinfo');

/** `npm run bookinfo -- --output DIR FLAGS...`: the example's script (build/examples/bookinfo/main.js), a process of its own. */
function runBookinfoScript(flags: string[]): string {
  const out = tmpDir();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'examples', 'bookinfo', 'main.js'), '--output', out, ...flags], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

/** The files the script writes for `--mode` and `--no-inject` (the test below checks that it writes exactly these). */
function synthBookinfo(opts: { mode?: 'permissive' | 'strict'; inject?: boolean } = {}): string {
  const out = tmpDir();
  const app = new App({ outdir: out });
  new Bookinfo(app, 'bookinfo', { mode: opts.mode ?? 'permissive', injectSidecars: opts.inject ?? true });
  app.synth();
  return out;
}

describe('the Bookinfo example\'s script', () => {
  test('npm run bookinfo -- --mode strict --no-inject writes the files of the construct with those props', () => {
    const files = readTree(runBookinfoScript(['--mode', 'strict', '--no-inject']));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(files).toEqual(readTree(synthBookinfo({ mode: 'strict', inject: false })));
  });
});

describeWithShared('the Bookinfo example (examples/bookinfo) against the 1.2.2 release\'s sample', () => {
  test.each([
    ['permissive', 'destination-rule-all.yaml'],
    ['strict', 'destination-rule-all-mtls.yaml'],
  ] as const)('%s: every object equals the release files (sidecars aside), nothing extra', (mode, rules) => {
    const out = synthBookinfo({ mode, inject: false });
    const refs = ['bookinfo.yaml', 'bookinfo-gateway.yaml', rules, 'virtual-service-all-v1.yaml'].flatMap((f) => ['--reference', path.join(BOOKINFO, f)]);
    const r = runTool('compare-manifests.mjs', [...refs, '--actual', out]);
    if (r.status !== 0) throw new Error(r.stdout);
    expect(r.stdout).toMatch(/conformance: 100\.0% \(24\/24 equal/);
  });
});

describe('the Bookinfo example\'s sidecars', () => {
  test('every Deployment gets istio-init and istio-proxy; nothing else changes', () => {
    const out = synthBookinfo();
    const objs = yaml.loadAll(fs.readFileSync(path.join(out, 'bookinfo.k8s.yaml'), 'utf8')) as any[];
    const deployments = objs.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name)).toEqual(['details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'productpage-v1']);
    for (const d of deployments) {
      expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual([d.metadata.labels.app, 'istio-proxy']);
      expect(d.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-init']);
    }
    expect(objs.filter((o) => o.kind === 'Service').every((s) => !('template' in s.spec))).toBe(true);
  });
});

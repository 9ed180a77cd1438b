import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as yaml from 'js-yaml';
import { describeWithShared, REFERENCE, ROOT, runTool, tmpDir } from './helpers';

const BOOKINFO = path.join(REFERENCE, 'bookinfo');

function synthBookinfo(flags: string[]): string {
  const out = tmpDir();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'examples', 'bookinfo', 'main.js'), '--output', out, ...flags], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

describeWithShared('the Bookinfo example (examples/bookinfo) against the 1.2.2 release\'s sample', () => {
  test.each([
    ['permissive', [], 'destination-rule-all.yaml'],
    ['strict', ['--mode', 'strict'], 'destination-rule-all-mtls.yaml'],
  ])('%s: every object equals the release files (sidecars aside), nothing extra', (_mode, flags, rules) => {
    const out = synthBookinfo([...flags, '--no-inject']);
    const refs = ['bookinfo.yaml', 'bookinfo-gateway.yaml', rules, 'virtual-service-all-v1.yaml'].flatMap((f) => ['--reference', path.join(BOOKINFO, f)]);
    const r = runTool('compare-manifests.mjs', [...refs, '--actual', out]);
    if (r.status !== 0) throw new Error(r.stdout);
    expect(r.stdout).toMatch(/conformance: 100\.0% \(24\/24 equal/);
  });
});

describe('the Bookinfo example\'s sidecars', () => {
  test('every Deployment gets istio-init and istio-proxy; nothing else changes', () => {
    const out = synthBookinfo([]);
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

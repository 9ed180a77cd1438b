import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ROOT, tmpDir } from './helpers';

describe('the README library example (examples/library/main.ts)', () => {
  test('compiles and synthesizes a strict, NodePort installation in a user\'s own app', () => {
    const out = tmpDir();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'examples', 'library', 'main.js')], {
      cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['0000-istio-crds.k8s.yaml', '0001-istio.k8s.yaml']);
    const objs = yaml.loadAll(fs.readFileSync(path.join(out, '0001-istio.k8s.yaml'), 'utf8')) as any[];
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'istio-ingressgateway');
    expect(svc.spec.type).toBe('NodePort');
    expect(objs.find((o) => o.kind === 'Secret')).toBeUndefined();
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, RunResult, runTool, tmpDir } from './helpers';
import { synthToDir } from './run-cli';

/** A config file turning on the branches the demo profile leaves off (SDS, mesh expansion, ILB gateway, ingresses...). */
function everythingOnConfig(): string {
  const file = path.join(tmpDir(), 'everything-on.yaml');
  fs.writeFileSync(file, [
    'values:',
    '  gateways: { istio-ilbgateway: { enabled: true } }',
    '  global:',
    '    meshExpansion: { enabled: true }',
    '    sds: { enabled: true, useTrustworthyJwt: true, udsPath: "unix:/var/run/sds/uds_path" }',
    '    priorityClassName: system-cluster-critical',
    '    imagePullSecrets: [regcred]',
    '    proxy: { enableCoreDump: true }',
    '  pilot: { autoscaleEnabled: false, replicaCount: 2 }',
    '  security: { selfSigned: false, citadelHealthCheck: true }',
    '  grafana: { ingress: { enabled: true, hosts: [grafana.example.com] }, security: { enabled: true }, persist: true }',
    '  kiali: { ingress: { enabled: true } }',
    '  prometheus: { ingress: { enabled: true }, service: { nodePort: { enabled: true } } }',
    '  tracing: { ingress: { enabled: true } }',
    '',
  ].join('\n'));
  return file;
}

/** Every option combination the suite synthesizes, as CLI flags. */
export const COMBINATIONS: Array<[string, string[]]> = [
  ['default (demo, permissive, LoadBalancer)', []],
  ['strict', ['--mode', 'strict']],
  ['NodePort', ['--gateway-type', 'NodePort']],
  ['ClusterIP', ['--gateway-type', 'ClusterIP']],
  ['strict ClusterIP', ['--mode', 'strict', '--gateway-type', 'ClusterIP']],
  ['gitops', ['--delivery', 'gitops']],
  ['strict gitops with sync waves', ['--mode', 'strict', '--delivery', 'gitops', '--argocd-sync-waves']],
  ['custom hub and tag', ['--hub', 'registry.example.com/istio', '--tag', '1.2.2-custom']],
];

describeWithShared('every object is valid for Kubernetes 1.14 (strict schema: unknown fields fail)', () => {
  const EVERYTHING_ON = '<everything-on config file>';
  const cases: Array<[string, string[]]> = [...COMBINATIONS, ['everything on (strict, SDS, ILB, ingresses, core dumps...)', ['--mode', 'strict', '--config', EVERYTHING_ON]]];
  const validate = (folders: string[]) => runTool('validate-k8s.mjs', ['--kubernetes', '1.14.0', ...folders]);

  // Every combination is synthesized first, then one validator run checks all the folders (its start-up, reading
  // the schemas, is most of its time). When that run finds something, each combination is validated on its own, so
  // the failing ones fail with their own report.
  const outs: Array<string | Error> = [];
  let all: RunResult;
  beforeAll(async () => {
    for (const [, flags] of cases) {
      try {
        outs.push(await synthToDir(flags.map((f) => (f === EVERYTHING_ON ? everythingOnConfig() : f))));
      } catch (e) {
        outs.push(e as Error);
      }
    }
    all = validate(outs.filter((o): o is string => typeof o === 'string'));
  });

  test.each(cases.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    const out = outs[i];
    if (out instanceof Error) throw out;
    expect(all.stdout).toMatch(/^kubernetes 1\.14\.0 schema \(strict\): /m);
    const r = all.status === 0 ? all : validate([out]);
    const summary = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0) throw new Error(r.stdout);
    expect(summary).toMatch(/: \d+ valid, 0 invalid, \d+ custom resources without schema$/);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, runTool, synthToDir, tmpDir } from './helpers';

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
  test.each([...COMBINATIONS, ['everything on (strict, SDS, ILB, ingresses, core dumps...)', ['--mode', 'strict', '--config', EVERYTHING_ON]]])('%s', (_name, flags) => {
    const out = synthToDir(flags.map((f) => (f === EVERYTHING_ON ? everythingOnConfig() : f)));
    const r = runTool('validate-k8s.mjs', ['--kubernetes', '1.14.0', out]);
    const summary = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0) throw new Error(r.stdout);
    expect(summary).toMatch(/: \d+ valid, 0 invalid, \d+ custom resources without schema$/);
  });
});

import { describeWithShared, runTool, synthToDir } from './helpers';

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
  test.each(COMBINATIONS)('%s', (_name, flags) => {
    const out = synthToDir(flags);
    const r = runTool('validate-k8s.mjs', ['--kubernetes', '1.14.0', out]);
    const summary = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0) throw new Error(r.stdout);
    expect(summary).toMatch(/: \d+ valid, 0 invalid, \d+ custom resources without schema$/);
  });
});

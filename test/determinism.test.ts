import { readTree, runCliProcess, tmpDir } from './helpers';
import { runCli } from './run-cli';
import * as path from 'path';

describe('deterministic output', () => {
  // The second synth is a process of its own: its time zone and locale are set before anything runs.
  test('two synths, one in another time zone and locale, write identical bytes', async () => {
    const a = path.join(tmpDir(), 'a');
    const b = path.join(tmpDir(), 'b');
    expect((await runCli(['synth', '--output', a])).status).toBe(0);
    expect(runCliProcess(['synth', '--output', b], { env: { TZ: 'Asia/Shanghai', LC_ALL: 'C', LANG: 'C' } }).status).toBe(0);
    const ta = readTree(a);
    expect(Object.keys(ta).length).toBeGreaterThan(1);
    expect(readTree(b)).toEqual(ta);
  });

  test('the strict gitops output is stable too', async () => {
    const flags = ['--mode', 'strict', '--delivery', 'gitops', '--argocd-sync-waves'];
    const a = path.join(tmpDir(), 'a');
    const b = path.join(tmpDir(), 'b');
    expect((await runCli(['synth', '--output', a, ...flags])).status).toBe(0);
    expect(runCliProcess(['synth', '--output', b, ...flags], { env: { TZ: 'Pacific/Chatham', LC_ALL: 'tr_TR.UTF-8' } }).status).toBe(0);
    expect(readTree(b)).toEqual(readTree(a));
  });
});

describe('the CLI writes what cdk8s\' App.synth writes', () => {
  test.each([[[]], [['--mode', 'strict', '--delivery', 'gitops', '--argocd-sync-waves']]])('%j', async (flags) => {
    const { App } = require('cdk8s');
    const { Istio } = require('../lib');
    const viaApp = path.join(tmpDir(), 'app');
    const app = new App({ outdir: viaApp });
    const props = flags.length ? { mode: 'strict', delivery: 'gitops', argoCdSyncWaves: true } : {};
    new Istio(app, 'istio', props);
    app.synth();
    const viaCli = path.join(tmpDir(), 'cli');
    expect((await runCli(['synth', '--output', viaCli, ...flags])).status).toBe(0);
    // The CLI also records what it wrote (.cdk8s-istio-files.json); the manifests are the same bytes.
    const { '.cdk8s-istio-files.json': record, ...manifests } = readTree(viaCli);
    expect(JSON.parse(record).files).toEqual(Object.keys(manifests).sort());
    expect(manifests).toEqual(readTree(viaApp));
  });
});

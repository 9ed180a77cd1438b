/**
 * Contributors' tool: render a configuration both with the helm2-render oracle (../shared/tools/helm2-render, built
 * into .build-helm2-render/) and with cdk8s-istio, and print the comparator's report.
 *
 *   npm run build && node build/scripts/compare-with-helm.js [--istio-version 1.2.N] [--profile P] [--values FILE]... [--set k=v]... [--set-string k=v]...
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { IstioProps, Profile } from '../lib';
import { synthesize } from '../lib/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const args = process.argv.slice(2);
const take = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const version = take('--istio-version')[0] ?? '1.2.2';
const profile = take('--profile')[0] ?? 'default';
const files = take('--values').map((f) => path.resolve(f));
const set = take('--set');
const setString = take('--set-string');

const chart = path.join(SHARED, 'reference', 'istio-charts', version, 'install', 'kubernetes', 'helm', 'istio');
const profileFiles = profile === 'default' ? [] : profile === 'demo' ? ['values-istio-demo-common.yaml', 'values-istio-demo.yaml']
  : profile === 'demo-auth' ? ['values-istio-demo-common.yaml', 'values-istio-demo-auth.yaml'] : [`values-istio-${profile}.yaml`];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-with-helm-'));
const reference = path.join(tmp, 'helm.yaml');
const r = spawnSync(path.join(SHARED, 'tools', 'helm2-render', 'istio-manifest.sh'), [
  '--release-sed', path.join(SHARED, 'reference', 'istio-charts', version), version, reference,
  ...[...profileFiles.map((f) => path.join(chart, f)), ...files].flatMap((f) => ['--values', f]),
  ...set.flatMap((s) => ['--set', s]), ...setString.flatMap((s) => ['--set-string', s]),
], { env: { ...process.env, HELM2_RENDER_BUILD: process.env.HELM2_RENDER_BUILD ?? path.join(ROOT, '.build-helm2-render') }, encoding: 'utf8' });
if (r.status !== 0) { process.stderr.write(r.stderr); process.exit(1); }

const props: IstioProps = {
  profile: profile as Profile,
  values: files.map((f) => (yaml.load(fs.readFileSync(f, 'utf8')) ?? {}) as object),
  set, setString,
  ...(version !== '1.2.2' ? { version } : {}),
} as IstioProps;
const out = path.join(tmp, 'ours');
synthesize(props, out);
const c = spawnSync(process.execPath, [path.join(SHARED, 'tools', 'compare-manifests.mjs'), '--reference', reference, '--actual', out, '--show', '40', ...args.filter((a) => a === '--json')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
process.stdout.write(c.stdout);
process.exit(c.status ?? 1);

import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { IstioProps, Profile } from '../lib';
import { synthesize } from '../lib/synth';
import { describeWithShared, REFERENCE, RELEASE_FILE, runTool, SHARED, tmpDir } from './helpers';

/** The 1.2.2 chart's folder (profiles and example values files). */
const CHART = path.join(SHARED, 'reference', 'istio-charts', '1.2.2', 'install', 'kubernetes', 'helm', 'istio');
const PROFILES = path.join(REFERENCE, 'profiles');

const valuesFile = (rel: string) => yaml.load(fs.readFileSync(path.join(CHART, rel), 'utf8')) as Record<string, unknown>;

/** Synthesize in-process into a fresh folder, as `synth` does. */
function synthTo(props: IstioProps): string {
  const out = path.join(tmpDir(), 'out');
  synthesize(props, out);
  return out;
}

/** Compare with a reference; on failure, the comparator's own report says what differs. */
function expectConformance(reference: string, out: string) {
  const r = runTool('compare-manifests.mjs', ['--reference', reference, '--actual', out, '--show', '20']);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0) throw new Error(`${path.basename(reference)}: ${line}\n${r.stdout.split('\n').slice(-120).join('\n')}`);
  expect(line).toMatch(/conformance: 100\.0% \(\d+\/\d+ equal, \d+ whitespace-only, 0 different, 0 missing, 0 extra\)/);
}

describeWithShared('every profile of the chart, as helm template renders it', () => {
  const profiles: Profile[] = ['default', 'minimal', 'sds-auth', 'remote'];
  test.each(profiles)('synth --profile %s equals its render in profiles/', (profile) => {
    expectConformance(path.join(PROFILES, `${profile}.yaml`), synthTo({ profile }));
  });

  const examples = ['gateways', 'googleca', 'multicluster-gateways', 'sds-vault'];
  test.each(examples)('synth --profile default --values example-values/values-istio-%s.yaml equals its render in profiles/', (name) => {
    const file = name === 'sds-vault' ? 'values-istio-example-sds-vault.yaml' : `values-istio-${name}.yaml`;
    expectConformance(path.join(PROFILES, `example-${name}.yaml`), synthTo({ profile: 'default', values: [valuesFile(`example-values/${file}`)] }));
  });

  test('the default profile with the demo values files equals the release istio-demo.yaml', () => {
    const values = [valuesFile('values-istio-demo-common.yaml'), valuesFile('values-istio-demo.yaml')];
    expectConformance(RELEASE_FILE, synthTo({ profile: 'default', values }));
  });
});

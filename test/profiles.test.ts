import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { IstioProps, Profile } from '../lib';
import { synthesize } from '../lib/synth';
import { BatchedConformance, preparedCases } from './helm-oracle';
import { describeWithShared, REFERENCE, RELEASE_FILE, SHARED, tmpDir } from './helpers';

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

describeWithShared('every profile of the chart, as helm template renders it', () => {
  const profiles: Profile[] = ['default', 'minimal', 'sds-auth', 'remote'];
  const examples = ['gateways', 'googleca', 'multicluster-gateways', 'sds-vault'];
  const exampleFile = (name: string) => (name === 'sds-vault' ? 'values-istio-example-sds-vault.yaml' : `values-istio-${name}.yaml`);
  /** Every case: the reference render and the props that must synthesize it. */
  const cases: Array<() => [string, IstioProps]> = [
    ...profiles.map((profile) => (): [string, IstioProps] => [path.join(PROFILES, `${profile}.yaml`), { profile }]),
    ...examples.map((name) => (): [string, IstioProps] => [path.join(PROFILES, `example-${name}.yaml`), { profile: 'default', values: [valuesFile(`example-values/${exampleFile(name)}`)] }]),
    () => [RELEASE_FILE, { profile: 'default', values: [valuesFile('values-istio-demo-common.yaml'), valuesFile('values-istio-demo.yaml')] }],
  ];
  // Every case is synthesized first; one comparator run then checks them all, each test its own case (a failure shows
  // that case's part of the report).
  const comparison = new BatchedConformance();
  const prepared = preparedCases(cases, (c) => {
    const [reference, props] = c();
    return comparison.add(reference, synthTo(props));
  });

  test.each(profiles.map((p, i) => [p, i] as const))('synth --profile %s equals its render in profiles/', (_profile, i) => {
    comparison.expectConformance(prepared(i), null);
  });

  test.each(examples.map((e, i) => [e, profiles.length + i] as const))('synth --profile default --values example-values/values-istio-%s.yaml equals its render in profiles/', (_name, i) => {
    comparison.expectConformance(prepared(i), null);
  });

  test('the default profile with the demo values files equals the release istio-demo.yaml', () => {
    comparison.expectConformance(prepared(cases.length - 1), null);
  });
});

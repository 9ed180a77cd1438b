import * as fs from 'fs';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { buildApp } from './main';

// The app's own test, as `cdk8s init` lays it out: what main.ts synthesizes, one readable YAML snapshot per chart
// (__snapshots__/main.test.ts.snap), and the committed dist/ must be that output.
describe('main.ts (npm run synth)', () => {
  const charts = buildApp(Testing.app()).charts;
  const files = charts.map((chart, i) => ({
    file: `${String(i).padStart(4, '0')}-${chart.node.id}.k8s.yaml`,
    yaml: Yaml.stringify(...Testing.synth(chart)),
  }));

  test('builds the CRDs chart, then the installation chart', () => {
    expect(files.map((f) => f.file)).toEqual(['0000-istio-crds.k8s.yaml', '0001-istio.k8s.yaml']);
  });

  test.each(files.map((f) => [f.file, f.yaml]))('%s matches the snapshot', (_file, yaml) => {
    expect(yaml).toMatchSnapshot();
  });

  test('the committed dist/ holds exactly these files, byte for byte', () => {
    const dist = path.join(__dirname, 'dist');
    expect(fs.readdirSync(dist).sort()).toEqual(files.map((f) => f.file));
    for (const f of files) {
      expect({ file: f.file, yaml: fs.readFileSync(path.join(dist, f.file), 'utf8') }).toEqual(f);
    }
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, RELEASE_FILE, runTool, synthToDir } from './helpers';

/** The last line of the comparator: `conformance: P% (E/T equal, W whitespace-only, D different, M missing, X extra)`. */
function summary(stdout: string) {
  const line = stdout.trim().split('\n').pop() ?? '';
  const m = /conformance: ([\d.]+)% \((\d+)\/(\d+) equal, (\d+) whitespace-only, (\d+) different, (\d+) missing, (\d+) extra\)/.exec(line);
  if (!m) throw new Error(`no summary line in:\n${stdout}`);
  const [, percent, equal, total, whitespace, different, missing, extra] = m.map(Number);
  return { line, percent, equal, total, whitespace, different, missing, extra };
}

describeWithShared('conformance with the Istio 1.2.2 release file (istio-demo.yaml)', () => {
  let out: string;
  beforeAll(() => {
    out = synthToDir();
  });

  test('the default synth equals the release object for object, nothing missing or extra', () => {
    const r = runTool('compare-manifests.mjs', ['--reference', RELEASE_FILE, '--actual', out, '--show', '10']);
    const s = summary(r.stdout);
    // Print the differences on failure: the comparator's own report says what to fix.
    if (r.status !== 0) throw new Error(r.stdout.split('\n').slice(-80).join('\n'));
    expect(s.total).toBe(153);
    expect(s.equal + s.whitespace).toBe(153);
    expect(s.different + s.missing + s.extra).toBe(0);
  });

  test('the committed dist/ is what `npm run synth` makes', () => {
    const dist = path.resolve(__dirname, '..', 'dist');
    const names = fs.readdirSync(out).sort();
    expect(fs.readdirSync(dist).sort()).toEqual(names);
    for (const f of names) {
      expect({ file: f, text: fs.readFileSync(path.join(dist, f), 'utf8') }).toEqual({ file: f, text: fs.readFileSync(path.join(out, f), 'utf8') });
    }
  });
});

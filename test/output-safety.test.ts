import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, readTree, ROOT, tmpDir } from './helpers';
import { runCli } from './run-cli';

const RECORD = '.cdk8s-istio-files.json';
const INSTALL = ['0000-istio-crds.k8s.yaml', '0001-istio.k8s.yaml'];
const recorded = (out: string) => JSON.parse(fs.readFileSync(path.join(out, RECORD), 'utf8')).files;

describe('synth owns only the files it writes', () => {
  test('a foreign *.k8s.yaml (a cdk8s app\'s own manifest) survives a synth into the same folder', async () => {
    // GIVEN a cdk8s project's dist/ with the app's own manifest
    const out = path.join(tmpDir(), 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'my-app.k8s.yaml'), 'kind: Mine\n');
    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: []\n');
    // WHEN
    const r = await runCli(['synth', '--output', out]);
    // THEN
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'my-app.k8s.yaml'), 'utf8')).toBe('kind: Mine\n');
    expect(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe('resources: []\n');
    expect(recorded(out)).toEqual(INSTALL);
    // A second synth with another option still leaves them alone.
    expect((await runCli(['synth', '--output', out, '--mode', 'strict'])).status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'my-app.k8s.yaml'), 'utf8')).toBe('kind: Mine\n');
  });

  test('files of an earlier synth that this one does not write are removed, after the new ones are in place', async () => {
    const out = path.join(tmpDir(), 'out');
    expect((await runCli(['synth', '--output', out, '--delivery', 'gitops'])).status).toBe(0);
    expect(recorded(out)).toEqual([...INSTALL, '0002-istio-custom-resources.k8s.yaml']);
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([RECORD, ...INSTALL]);
    expect(recorded(out)).toEqual(INSTALL);
  });

  test('fails when a file it would write exists and was not written by it, leaving the folder untouched', async () => {
    const out = path.join(tmpDir(), 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, '0001-istio.k8s.yaml'), 'kind: SomebodyElses\n');
    const before = readTree(out);
    const r = await runCli(['synth', '--output', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/0001-istio\.k8s\.yaml: exists and was not written by cdk8s-istio/);
    expect(r.stderr.trim().split('\n').filter((l) => !l.includes('warning:'))).toHaveLength(1);
    expect(readTree(out)).toEqual(before);
  });

  test('a file with exactly the bytes it would write is taken over (an output folder from `cdk8s synth`)', async () => {
    const first = path.join(tmpDir(), 'a');
    expect((await runCli(['synth', '--output', first])).status).toBe(0);
    const out = path.join(tmpDir(), 'b');
    fs.mkdirSync(out);
    for (const f of INSTALL) fs.copyFileSync(path.join(first, f), path.join(out, f));
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    expect(recorded(out)).toEqual(INSTALL);
  });

  test('a tampered record cannot make synth delete anything outside its own files', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(dir, 'precious.k8s.yaml'), 'kind: Precious\n');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'keep\n');
    fs.writeFileSync(path.join(out, RECORD), JSON.stringify({ generator: 'cdk8s-istio', files: ['../precious.k8s.yaml', 'notes.txt'] }));
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'precious.k8s.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'notes.txt'))).toBe(true);
  });

  test('fails with one line when the output is a file', async () => {
    const file = path.join(tmpDir(), 'out');
    fs.writeFileSync(file, 'not a folder\n');
    const r = await runCli(['synth', '--output', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/is a file, expected a folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder\n');
  });
});

describe('replacement is atomic and self-contained', () => {
  test('staging happens inside the output folder: nothing is created beside it (works with a read-only parent)', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['out']);
    expect(fs.readdirSync(out).filter((f) => f.includes('staging'))).toEqual([]);
  });

  test('a staging folder left by an interrupted run is cleaned up by the next run', async () => {
    const out = path.join(tmpDir(), 'out');
    fs.mkdirSync(path.join(out, '.cdk8s-istio-staging-abc123'), { recursive: true });
    fs.writeFileSync(path.join(out, '.cdk8s-istio-staging-abc123', '0001-istio.k8s.yaml'), 'half\n');
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([RECORD, ...INSTALL]);
  });

  test('SIGINT during synth leaves either the old or the new output, and no staging folder', async () => {
    const out = path.join(tmpDir(), 'out');
    expect((await runCli(['synth', '--output', out])).status).toBe(0);
    const before = readTree(out);
    for (const delay of [50, 150, 250]) {
      const child = spawn(process.execPath, [CLI, 'synth', '--output', out, '--mode', 'strict'], { cwd: ROOT, stdio: 'ignore' });
      // Listened for from the start: a synth that ends before the signal (the CLI takes ~250 ms) must not hang the test.
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGINT');
      await exited;
      expect(fs.readdirSync(out).filter((f) => f.includes('staging'))).toEqual([]);
      const after = readTree(out);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    }
  });

  const shm = '/dev/shm';
  const crossDevice = fs.existsSync(shm) && fs.statSync(shm).dev !== fs.statSync(tmpDir()).dev;
  if (!crossDevice) {
    // eslint-disable-next-line no-console
    console.warn('SKIPPING the cross-filesystem output test: /dev/shm is absent or on the same device as the temp folder');
  }
  (crossDevice ? test : test.skip)('an output folder on another filesystem (a symlink into tmpfs) works', async () => {
    const real = fs.mkdtempSync(path.join(shm, 'cdk8s-istio-out-'));
    const link = path.join(tmpDir(), 'out');
    fs.symlinkSync(real, link);
    fs.writeFileSync(path.join(real, 'mine.k8s.yaml'), 'kind: Mine\n');
    try {
      const r = await runCli(['synth', '--output', link]);
      expect(r.stderr).not.toMatch(/EXDEV|\n\s+at /);
      expect(r.status).toBe(0);
      expect(fs.readdirSync(real).sort()).toEqual([RECORD, ...INSTALL, 'mine.k8s.yaml']);
      // Again, replacing its own files across the device boundary.
      expect((await runCli(['synth', '--output', link, '--delivery', 'gitops'])).status).toBe(0);
      expect(fs.readdirSync(real).sort()).toEqual([RECORD, ...INSTALL, '0002-istio-custom-resources.k8s.yaml', 'mine.k8s.yaml']);
    } finally {
      fs.rmSync(real, { recursive: true, force: true });
    }
  });
});

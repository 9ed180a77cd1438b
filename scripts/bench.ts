/**
 * `npm run bench`: what a full default synth costs through the CLI, against the floor for the same work.
 *
 * - synth: `node build/bin/cdk8s-istio.js synth --output DIR`, a fresh process each run (what users and CI pay).
 * - floor: a fresh node process that only serializes the very same objects to YAML with the same library cdk8s uses
 *   and writes them to the same files (scripts/bench-floor.ts): no constructs, no options, no validation.
 * Each is run RUNS times (after one warm-up run each, interleaved); the medians and their ratio are printed, then
 * the wall time of the full test suite (`npx jest`), unless --no-tests is given.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

function timeNode(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-'));
  const cli = path.join(ROOT, 'build', 'cli', 'cdk8s-istio.js');
  const floor = path.join(ROOT, 'build', 'scripts', 'bench-floor.js');
  const synthOut = path.join(work, 'synth');
  const floorOut = path.join(work, 'floor');

  // The floor's input: the objects of a default synth, file by file, as parsed JSON.
  timeNode([cli, 'synth', '--output', synthOut]);
  const input = path.join(work, 'objects.json');
  const files: Record<string, unknown[]> = {};
  for (const f of fs.readdirSync(synthOut).sort()) {
    files[f] = yaml.parseAllDocuments(fs.readFileSync(path.join(synthOut, f), 'utf8')).map((d) => d.toJS());
  }
  fs.writeFileSync(input, JSON.stringify(files));

  const synthTimes: number[] = [];
  const floorTimes: number[] = [];
  timeNode([floor, input, floorOut]);
  for (let i = 0; i < RUNS; i++) {
    synthTimes.push(timeNode([cli, 'synth', '--output', synthOut]));
    floorTimes.push(timeNode([floor, input, floorOut]));
  }
  // The floor must have written what the synth wrote, or it is not the same work.
  for (const f of fs.readdirSync(synthOut)) {
    if (fs.readFileSync(path.join(synthOut, f), 'utf8') !== fs.readFileSync(path.join(floorOut, f), 'utf8')) {
      throw new Error(`bench: the floor wrote a different ${f}; it does not measure the same work`);
    }
  }
  const s = median(synthTimes);
  const fl = median(floorTimes);
  const objects = Object.values(files).reduce((n, docs) => n + docs.length, 0);
  const bytes = fs.readdirSync(synthOut).reduce((n, f) => n + fs.statSync(path.join(synthOut, f)).size, 0);
  console.log(`objects: ${objects} in ${Object.keys(files).length} files, ${bytes} bytes; ${RUNS} runs each, node ${process.version}, ${os.cpus().length} cores`);
  console.log(`full default synth through the CLI: median ${s.toFixed(1)} ms (min ${Math.min(...synthTimes).toFixed(1)}, max ${Math.max(...synthTimes).toFixed(1)})`);
  console.log(`floor (serialize the same objects to YAML and write them, fresh node process): median ${fl.toFixed(1)} ms (min ${Math.min(...floorTimes).toFixed(1)}, max ${Math.max(...floorTimes).toFixed(1)})`);
  console.log(`ratio synth/floor: ${(s / fl).toFixed(2)}x (budget 2x)`);

  if (!process.argv.includes('--no-tests')) {
    const start = process.hrtime.bigint();
    const r = spawnSync('npx', ['jest', '--silent'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    const tail = (r.stderr ?? '').trim().split('\n').filter((l) => /^(Tests|Test Suites|Snapshots):/.test(l)).join('; ');
    console.log(`full test suite (npx jest): ${secs.toFixed(1)} s wall, exit ${r.status}${tail ? ` (${tail})` : ''}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main();

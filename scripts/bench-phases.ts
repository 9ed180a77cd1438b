/**
 * The benchmark's breakdown of one default synth, in a fresh process: where the milliseconds go from process start to
 * the files on disk. Prints one JSON line: { start, load, construct, resolve, emit, write } in ms (each phase's own
 * time; `start` is node's own start-up before this script's first line).
 * Usage: node build/scripts/bench-phases.js OUTDIR
 */
import { performance } from 'perf_hooks';
const t0 = performance.now();
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('fs') as typeof import('fs');
const path = require('path') as typeof import('path');
const { App } = require('cdk8s') as typeof import('cdk8s');
const { Istio } = require('../lib/istio') as typeof import('../lib/istio');
const { stringifyManifests } = require('../lib/yaml-emitter') as typeof import('../lib/yaml-emitter');
const t1 = performance.now();

const outdir = process.argv[2];
const app = new App({ outdir });
const istio = new Istio(app, 'istio', {});
const t2 = performance.now();
const objects = istio.charts.map((c) => c.toJson());
const t3 = performance.now();
const texts = objects.map((o) => stringifyManifests(o));
const t4 = performance.now();
fs.mkdirSync(outdir, { recursive: true });
texts.forEach((t, i) => fs.writeFileSync(path.join(outdir, `${i}.k8s.yaml`), t));
const t5 = performance.now();
process.stdout.write(`${JSON.stringify({ start: t0, load: t1 - t0, construct: t2 - t1, resolve: t3 - t2, emit: t4 - t3, write: t5 - t4 })}\n`);

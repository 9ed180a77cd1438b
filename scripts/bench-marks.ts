/**
 * Preloaded by the benchmark (`node --require build/scripts/bench-marks.js cdk8s-istio.js synth ...`) with
 * `CDK8S_ISTIO_TIMING=<file>`: marks when Node.js hands over to user code, and at exit writes every
 * `cdk8s-istio:<phase>` mark (ms since the process started) and the exit time to that file, as JSON.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';

const out = process.env.CDK8S_ISTIO_TIMING;
if (out) {
  performance.mark('cdk8s-istio:node');
  process.on('exit', () => {
    const marks: Record<string, number> = { start: 0 };
    for (const m of performance.getEntriesByType('mark')) {
      if (m.name.startsWith('cdk8s-istio:')) marks[m.name.slice('cdk8s-istio:'.length)] = m.startTime;
    }
    marks.exit = performance.now();
    fs.writeFileSync(out, JSON.stringify(marks));
  });
}

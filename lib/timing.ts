/**
 * Phase marks for `npm run bench`: with `CDK8S_ISTIO_TIMING` set, the CLI and `synthesize` leave
 * `performance.mark('cdk8s-istio:<phase>')` entries that scripts/bench-marks.ts collects; otherwise nothing happens
 * (not even loading `perf_hooks`, which costs a synth a few milliseconds).
 */
const enabled = process.env.CDK8S_ISTIO_TIMING !== undefined && process.env.CDK8S_ISTIO_TIMING !== '';

/** Mark the start of a phase (a no-op unless `CDK8S_ISTIO_TIMING` is set). */
export function mark(phase: string): void {
  if (enabled) globalThis.performance.mark(`cdk8s-istio:${phase}`);
}

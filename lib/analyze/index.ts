/**
 * `istioctl analyze` for Istio 1.2 configuration: Istio's configuration analyzers (codes IST0101 to IST0119) over
 * Kubernetes and Istio manifests, at synth time or from the CLI (`cdk8s-istio analyze`).
 *
 * The public entry points: `analyze(objects, options)`, `IstioAnalysis.of(app)`, and what they take and return.
 */
export { analyze, AnalyzeOptionError, ANALYZE_SUPPRESS_ANNOTATION, formatFinding } from './engine';
export type { AnalyzeOptions, Finding } from './engine';
export type { Level as FindingLevel } from './messages';
export { AnalyzeInputError } from './resources';
export { IstioAnalysis } from './app';
export type { IstioAnalysisProps, IstioAnalysisResult } from './app';

/**
 * `istioctl analyze` for Istio 1.2 configuration: Istio's configuration analyzers (codes IST0101 to IST0119) over
 * Kubernetes and Istio manifests, at synth time or from the CLI (`cdk8s-istio analyze`).
 *
 * The public entry points: `analyze(objects, options)`, `IstioAnalysis.of(app)`, and what they take and return.
 */
export { analyze, AnalyzeOptions, AnalyzeOptionError, ANALYZE_SUPPRESS_ANNOTATION, Finding, formatFinding } from './engine';
export { Level as FindingLevel } from './messages';
export { AnalyzeInputError } from './resources';
export { IstioAnalysis, IstioAnalysisProps, IstioAnalysisResult } from './app';

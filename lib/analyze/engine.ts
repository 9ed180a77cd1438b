/**
 * Running the analyzers: manifests in, findings out, sorted and de-duplicated as `istioctl analyze` prints them,
 * minus the suppressed ones and those about the installation (context, not under analysis).
 */
import * as yaml from 'js-yaml';
import { AnalysisContext, Analyzer, Diagnostic } from './analyzer';
import { ANALYZER_ALIASES, ANALYZERS } from './analyzers';
import { defaultResources } from './defaults';
import { LEVELS, Level, messageText } from './messages';
import { flattenManifests, isObject, obj, originOf, Resource, ResourceIndex, ResourceSource, str, toResource } from './resources';

/** One problem found: Istio's code and level, the resource it is about (`Kind name.namespace`), and Istio's text. */
export interface Finding {
  /** `IST0101`... */
  readonly code: string;
  readonly level: Level;
  /** `Kind name.namespace`; `.namespace` only when the resource has one. */
  readonly origin: string;
  readonly message: string;
}

export interface AnalyzeOptions {
  /**
   * The objects of the Istio installation the configuration runs on (e.g. the `toJson()` of each of `Istio.charts`):
   * its gateways' pods and Services, the injector's proxy image, the MeshPolicy and DestinationRules, the mesh's
   * root namespace. They are context: findings about them are not reported.
   * @default - what `istioctl analyze` assumes of files: Istio's default ingress gateway
   */
  readonly installation?: readonly unknown[];
  /**
   * The namespace of namespaced objects that have none, as `kubectl apply` would put them. `''` leaves them
   * without one (as `istioctl analyze -A` and Istio's own analyzer tests read files).
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /** Run only these analyzers, by Istio's name (e.g. `virtualservice.DestinationRuleAnalyzer`). @default - all */
  readonly analyzers?: readonly string[];
  /**
   * Findings not to report: `CODE` (everywhere) or `CODE=Kind name.namespace` (one resource; `*` matches any text,
   * as in `istioctl analyze --suppress "IST0102=Namespace *"`). Resources can also carry the annotation
   * `cdk8s-istio.io/analyze-suppress: "IST0101,IST0118"`.
   * @default []
   */
  readonly suppress?: readonly string[];
}

/** The annotation that suppresses findings about the resource carrying it: codes, comma-separated (`*`: all). */
export const ANALYZE_SUPPRESS_ANNOTATION = 'cdk8s-istio.io/analyze-suppress';

/** An option `analyze` cannot use: an unknown analyzer, a malformed suppression. */
export class AnalyzeOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyzeOptionError';
  }
}

/** A manifest with what the caller knows it by (a file, a construct path). */
export interface SourcedObject {
  readonly object: unknown;
  readonly ref?: string;
}

/** A finding and the resource it is about. */
export interface AnalysisResult {
  readonly finding: Finding;
  readonly resource: Resource;
}

/** The names of the analyzers, as `analyzers` takes them. */
export function analyzerNames(): string[] {
  return ANALYZERS.map((a) => a.name);
}

function selectAnalyzers(names: readonly string[] | undefined): readonly Analyzer[] {
  if (names === undefined) return ANALYZERS;
  return names.map((n) => {
    const name = ANALYZER_ALIASES[n] ?? n;
    const a = ANALYZERS.find((x) => x.name === name);
    if (!a) throw new AnalyzeOptionError(`analyzer: got ${JSON.stringify(n)}, expected one of ${analyzerNames().join(', ')}`);
    return a;
  });
}

interface Suppression {
  readonly code: string;
  readonly resource?: RegExp;
}

function parseSuppressions(specs: readonly string[]): Suppression[] {
  return specs.map((s) => {
    const i = s.indexOf('=');
    const code = (i < 0 ? s : s.slice(0, i)).trim();
    if (!/^(IST\d{4}|\*)$/.test(code)) {
      throw new AnalyzeOptionError(`suppress: got ${JSON.stringify(s)}, expected CODE or CODE=Kind name.namespace (e.g. "IST0102=Namespace default")`);
    }
    if (i < 0) return { code };
    const pattern = s.slice(i + 1).trim().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return { code, resource: new RegExp(`^${pattern}$`) };
  });
}

function suppressed(f: Finding, r: Resource, suppressions: readonly Suppression[]): boolean {
  const annotated = (r.annotations[ANALYZE_SUPPRESS_ANNOTATION] ?? '').split(/[\s,]+/).filter((c) => c !== '');
  if (annotated.includes(f.code) || annotated.includes('*')) return true;
  return suppressions.some((s) => (s.code === '*' || s.code === f.code) && (!s.resource || s.resource.test(f.origin)));
}

/** The mesh configuration's `rootNamespace` (the `istio` ConfigMap's `mesh`), Istio's default otherwise. */
function meshContext(index: ResourceIndex): AnalysisContext {
  for (const cm of index.list('ConfigMap').filter((c) => c.name === 'istio')) {
    try {
      const mesh = yaml.load(str(obj(cm.manifest.data).mesh));
      if (isObject(mesh) && typeof mesh.rootNamespace === 'string' && mesh.rootNamespace !== '') return { rootNamespace: mesh.rootNamespace };
    } catch {
      // Not a mesh config after all.
    }
  }
  return { rootNamespace: 'istio-system' };
}

/** A finding as istioctl prints it: `Error [IST0101] (VirtualService reviews.default) Referenced ...`. */
export function formatFinding(f: Finding): string {
  return `${f.level} [${f.code}] (${f.origin}) ${f.message}`;
}

/** The key of the release's post-install ConfigMaps that holds the mesh-wide custom resources their Job applies. */
const POST_INSTALL_RESOURCES = 'custom-resources.yaml';

/**
 * The custom resources a post-install ConfigMap holds (the MeshPolicy and DestinationRules of the release's
 * delivery): they are what the cluster will have once its Job ran.
 */
function postInstallResources(r: Resource, defaultNamespace: string): Resource[] {
  if (r.kind !== 'ConfigMap' || r.group !== '') return [];
  const text = obj(r.manifest.data)[POST_INSTALL_RESOURCES];
  if (typeof text !== 'string') return [];
  let docs: unknown[];
  try {
    docs = flattenManifests(yaml.loadAll(text));
  } catch {
    return [];
  }
  const where = `${r.ref ?? `ConfigMap ${r.namespace}/${r.name}`} (${POST_INSTALL_RESOURCES})`;
  return docs.map((d, i) => toResource(d, r.source, defaultNamespace, `${where} document ${i + 1}`, r.ref));
}

function toResources(objects: readonly SourcedObject[], source: ResourceSource, defaultNamespace: string): Resource[] {
  const out: Resource[] = [];
  objects.forEach((o, i) => {
    for (const m of flattenManifests([o.object])) {
      const r = toResource(m, source, defaultNamespace, o.ref ?? `${source === 'input' ? 'object' : `${source} object`} ${i + 1}`, o.ref);
      out.push(r, ...postInstallResources(r, defaultNamespace));
    }
  });
  return out;
}

/** Analyze manifests: each finding with the resource it is about, worst first. */
export function analyzeObjects(inputs: readonly SourcedObject[], options: AnalyzeOptions = {}): AnalysisResult[] {
  const analyzers = selectAnalyzers(options.analyzers);
  const suppressions = parseSuppressions(options.suppress ?? []);
  const defaultNamespace = options.defaultNamespace ?? 'default';
  // Later sources win for the same object: the defaults, then the installation, then the inputs.
  const context = options.installation
    ? toResources(options.installation.map((object) => ({ object })), 'installation', defaultNamespace)
    : toResources(defaultResources().map((object) => ({ object })), 'default', defaultNamespace);
  const index = new ResourceIndex([...context, ...toResources(inputs, 'input', defaultNamespace)]);
  const mesh = meshContext(index);

  const diagnostics: Diagnostic[] = analyzers.flatMap((a) => a.analyze(index, mesh));
  const results = diagnostics
    .filter((d) => d.resource.source === 'input')
    .map((d) => ({
      resource: d.resource,
      finding: { code: d.message.type.code, level: d.message.type.level, origin: originOf(d.resource), message: messageText(d.message) },
    }))
    .filter((r) => !suppressed(r.finding, r.resource, suppressions));

  // Istio's order (level, code, origin, text), each finding once.
  const line = (r: AnalysisResult) => formatFinding(r.finding);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  results.sort((a, b) => LEVELS.indexOf(a.finding.level) - LEVELS.indexOf(b.finding.level)
    || cmp(a.finding.code, b.finding.code) || cmp(a.finding.origin, b.finding.origin) || cmp(line(a), line(b)));
  return results.filter((r, i) => i === 0 || line(results[i - 1]) !== line(r));
}

/**
 * Analyze Kubernetes and Istio manifests (plain objects, `kind: List` included) as `istioctl analyze` does, with
 * Istio's codes, levels and texts; worst first.
 */
export function analyze(objects: readonly unknown[], options: AnalyzeOptions = {}): Finding[] {
  return analyzeObjects(objects.map((object) => ({ object })), options).map((r) => r.finding);
}

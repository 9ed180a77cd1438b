/**
 * Analysis of a whole cdk8s app at synth time: `IstioAnalysis.of(app)` runs every analyzer over the app's objects
 * when the app is validated (`app.synth()`, `Testing.synth`), and fails synth on Error-level findings.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Istio } from '../istio';
import { IstioProps } from '../options';
import { ordersItsOwnFiles } from '../ordered-chart';
import { AnalysisResult, analyzeObjects, AnalyzeOptions, Finding, formatFinding, SourcedObject } from './engine';

export interface IstioAnalysisProps extends Omit<AnalyzeOptions, 'installation'> {
  /**
   * The installation the app's objects run on: its props (it is rendered aside, not added to the app), or its
   * objects. The app's own `Istio` charts are always taken as installation, not analyzed.
   * @default - the app's `Istio` charts; without them, Istio's files-only defaults (the default ingress gateway)
   */
  readonly installation?: IstioProps | readonly unknown[];
  /** Report Error-level findings as warnings instead of failing synth. @default false */
  readonly errorsAsWarnings?: boolean;
  /**
   * Where findings that do not fail synth go (one line each, construct path first).
   * @default - standard error
   */
  readonly warn?: (line: string, finding: Finding) => void;
}

const ID = 'istio-analysis';

/** The objects of an installation: those its props render, in a scratch app. */
export function installationObjects(props: IstioProps): unknown[] {
  // A scratch app, read chart by chart: cdk8s' chart dependencies (for file names and order) would only cost time.
  const app = new App();
  ordersItsOwnFiles(app);
  const istio = new Istio(app, 'istio', props);
  return istio.charts.flatMap((c) => c.toJson());
}

/** The app's objects by chart, outside the installation's charts; and the installation's. */
function collect(root: IConstruct): { inputs: SourcedObject[]; installation: unknown[] } {
  const installationCharts = new Set<Chart>();
  // Not `instanceof`: cdk8s makes `x instanceof AnyChartClass` true for every chart.
  for (const istio of root.node.findAll().filter((c): c is Istio => Istio.prototype.isPrototypeOf(c))) {
    for (const chart of istio.charts) installationCharts.add(chart);
  }
  const inputs: SourcedObject[] = [];
  const installation: unknown[] = [];
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    // ApiObject.toJson, not Chart.toJson: the latter validates the app, and this runs inside that validation.
    const json = c.toJson();
    if (installationCharts.has(Chart.of(c))) installation.push(json);
    else inputs.push({ object: json, ref: c.node.path });
  }
  return { inputs, installation };
}

/** A finding of `IstioAnalysis`, with the construct path of the object it is about. */
export interface IstioAnalysisResult {
  readonly finding: Finding;
  /** The construct path of the object (empty for objects that are not constructs). */
  readonly path: string;
}

/**
 * Istio's configuration analysis (`istioctl analyze`) for a cdk8s app. One per app: `IstioAnalysis.of(app)` adds it
 * (a construct beside the charts) and returns it. When the app is validated, Error-level findings fail synth, each
 * with the construct path of the object it is about:
 *
 *     [istio-analysis] app/reviews: Error [IST0101] (VirtualService reviews.default) Referenced host+subset in destinationrule not found: "reviews+v4"
 *
 * Warnings and infos (and errors with `errorsAsWarnings`) are written to standard error and synth goes on.
 */
export class IstioAnalysis extends Construct {
  /** The analysis of the app `scope` belongs to, added with `props` on the first call. */
  public static of(scope: IConstruct, props?: IstioAnalysisProps): IstioAnalysis {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(ID);
    if (existing instanceof IstioAnalysis) {
      if (props !== undefined) throw new Error(`[${existing.node.path}] IstioAnalysis.of: the app's analysis exists already; pass its props on the first call only`);
      return existing;
    }
    return new IstioAnalysis(root as Construct, ID, props ?? {});
  }

  private readonly warned = new Set<string>();
  private rendered?: unknown[];

  private constructor(scope: Construct, id: string, private readonly props: IstioAnalysisProps) {
    super(scope, id);
    // Fail early on options analyze would refuse at synth.
    analyzeObjects([], { ...props, installation: [] });
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Analyze the app as it is now: each finding with the construct path of its object. */
  public results(): IstioAnalysisResult[] {
    const { inputs, installation } = collect(this.node.root);
    const given = this.props.installation;
    // Rendered once: cdk8s validates the app once per chart it writes.
    if (given !== undefined && !Array.isArray(given) && !this.rendered) this.rendered = installationObjects(given as IstioProps);
    const context = installation.length > 0 ? installation
      : given === undefined ? undefined
        : Array.isArray(given) ? given : this.rendered;
    return analyzeObjects(inputs, { ...this.props, installation: context })
      .map((r: AnalysisResult) => ({ finding: r.finding, path: r.resource.ref ?? '' }));
  }

  /** The findings about the app as it is now. */
  public findings(): Finding[] {
    return this.results().map((r) => r.finding);
  }

  private validate(): string[] {
    const errors: string[] = [];
    const warn = this.props.warn ?? ((line: string) => process.stderr.write(`cdk8s-istio: ${line}\n`));
    for (const r of this.results()) {
      const line = `${r.path}: ${formatFinding(r.finding)}`;
      if (r.finding.level === 'Error' && !this.props.errorsAsWarnings) errors.push(line);
      else if (!this.warned.has(line)) {
        // cdk8s validates the app once per chart written: say each thing once.
        this.warned.add(line);
        warn(line, r.finding);
      }
    }
    return errors;
  }
}

import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Grafana } from './addons/grafana';
import { Kiali } from './addons/kiali';
import { Prometheus } from './addons/prometheus';
import { Tracing } from './addons/tracing';
import { CertManager } from './certmanager';
import { Citadel } from './citadel';
import { IstioCrds } from './crds';
import { Galley } from './galley';
import { Gateways } from './gateways';
import { IstioCoreDns } from './istiocoredns';
import { MeshConfigMap } from './mesh-config';
import { Mixer } from './mixer';
import { NodeAgent } from './nodeagent';
import { IstioNamespace } from './namespace';
import { IstioConfig, IstioOptionError, IstioProps, resolveOptions } from './options';
import { Pilot } from './pilot';
import { SidecarInjector } from './sidecar-injector';
import { IstioReader } from './istio-reader';
import { RemoteControlPlaneEndpoints } from './remote-endpoints';
import { inSelfOrderedApp, OrderedChart } from './ordered-chart';

/**
 * The chart that holds mesh-wide Istio custom resources in `gitops` delivery: applied after the CRDs and the
 * control plane's namespace.
 */
export class IstioCustomResources extends OrderedChart {}

/** Argo CD sync waves of the installation's files: CRDs, then the namespace, then the rest, then the custom resources. */
export const SYNC_WAVES = { crds: '-2', namespace: '-1', installation: '0', customResources: '1' } as const;
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * The whole Istio 1.2.2 installation. Add it to a cdk8s `App`; it writes two files (three with `delivery: 'gitops'`):
 * `<id>-crds` with the 28 CRDs, `<id>` with everything else, the `istio-system` Namespace first.
 *
 * The CRD chart (and the gitops custom-resources chart) are created beside this chart, in the same scope, so that
 * cdk8s writes them as separate, ordered files.
 */
export class Istio extends OrderedChart {
  /** Find the Istio chart a construct belongs to. */
  public static of(c: Construct): Istio {
    for (let s: Construct | undefined = c; s; s = s.node.scope as Construct | undefined) {
      if (s instanceof Istio) return s as Istio;
    }
    throw new Error(`[${c.node.path}] is not inside an Istio chart`);
  }

  /** The resolved options tree every component read. */
  public readonly config: IstioConfig;
  /** The chart with the 28 CustomResourceDefinitions, applied first. */
  public readonly crds: IstioCrds;
  /** In `gitops` delivery, the chart with the MeshPolicy, DestinationRules and Policies. */
  public readonly customResources?: IstioCustomResources;

  constructor(scope: Construct, id: string, props: IstioProps = {}) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    // One installation per app: two would write the same CRDs, namespace and cluster-wide objects.
    const other = scope.node.root.node.findAll().find((c) => c instanceof Istio);
    if (other) {
      throw new Error(`[${path}] an app holds one Istio installation, and ${other.node.path} is one already (both would write the same CRDs, namespace and cluster-wide objects); use one Istio chart, or one App per installation`);
    }
    let config: IstioConfig;
    try {
      config = resolveOptions(props);
    } catch (e) {
      throw e instanceof IstioOptionError ? e.at(path) : e;
    }
    super(scope, id, { disableResourceNameHashes: true });
    this.config = config;

    this.crds = new IstioCrds(scope, `${id}-crds`, { config });
    // The charts' apply order, for `cdk8s synth` (synthesize orders its files itself: see ordersItsOwnFiles).
    const declareOrder = !inSelfOrderedApp(this);
    if (declareOrder) this.addDependency(this.crds);
    // Created before the components, which put their mesh-wide resources into it.
    if (config.delivery === 'gitops') {
      this.customResources = new IstioCustomResources(scope, `${id}-custom-resources`, { disableResourceNameHashes: true });
      if (declareOrder) this.customResources.addDependency(this);
    }

    new IstioNamespace(this, 'namespace', config);
    // Components in the release's template order (istio/charts/* alphabetically, then istio/templates).
    if (config.subcharts.has('certmanager')) new CertManager(this, 'certmanager', config);
    if (config.subcharts.has('galley')) new Galley(this, 'galley', config);
    new Gateways(this, 'gateways', config);
    if (config.subcharts.has('grafana')) new Grafana(this, 'grafana', config);
    if (config.subcharts.has('istiocoredns')) new IstioCoreDns(this, 'istiocoredns', config);
    if (config.subcharts.has('kiali')) new Kiali(this, 'kiali', config);
    new Mixer(this, 'mixer', config);
    if (config.subcharts.has('nodeagent')) new NodeAgent(this, 'nodeagent', config);
    new Pilot(this, 'pilot', config);
    if (config.subcharts.has('prometheus')) new Prometheus(this, 'prometheus', config);
    if (config.subcharts.has('security')) new Citadel(this, 'security', config);
    // Also the parent chart's injector ConfigMap, which renders with the subchart off.
    new SidecarInjector(this, 'sidecar-injector', config);
    if (config.subcharts.has('tracing')) new Tracing(this, 'tracing', config);
    new MeshConfigMap(this, 'mesh-config', config);
    new RemoteControlPlaneEndpoints(this, 'remote-endpoints', config);
    new IstioReader(this, 'istio-reader', config);

    if (config.argoCdSyncWaves) this.addSyncWaves();
  }

  /** Annotate every object with its Argo CD sync wave: CRDs, namespace, the rest, custom resources. */
  private addSyncWaves() {
    const wave = (chart: Chart, o: ApiObject) => (chart === this.crds ? SYNC_WAVES.crds
      : chart === this.customResources ? SYNC_WAVES.customResources
        : o.kind === 'Namespace' ? SYNC_WAVES.namespace : SYNC_WAVES.installation);
    for (const chart of this.charts) {
      for (const o of chart.node.findAll()) {
        if (o instanceof ApiObject && Chart.of(o) === chart) o.metadata.addAnnotation(SYNC_WAVE, wave(chart, o));
      }
    }
  }

  /** The installation's charts in apply (and file) order: the CRDs, this chart, the gitops custom resources. */
  public get charts(): Chart[] {
    return [this.crds, this, ...(this.customResources ? [this.customResources] : [])];
  }
}

/**
 * The Istio 1.2 installation as typed cdk8s constructs: the `Istio` chart and its props (start there), the typed Istio
 * resources with the Istio API's checks, synth-time sidecar injection (`injectSidecars`), Istio's configuration
 * analysis (`analyze`, `IstioAnalysis`), and `synthesize` to write an installation into a folder.
 *
 * @packageDocumentation
 */

// The package's public API, and the only one: what this file does not export is internal and may change in any
// release. API Extractor records it in etc/cdk8s-istio.api.md (`npm run api`); an export added, removed or changed
// shows up there as a diff to review.

// The installation: the chart, its props and the types the props reference.
export { Istio } from './istio';
export type { IstioCustomResources } from './istio';
export type { IstioCrds, IstioCrdsProps } from './crds';
export type { OrderedChart } from './ordered-chart';
export {
  IstioOptionError,
  PROFILES,
  ISTIO_VERSIONS,
  DEFAULT_ISTIO_VERSION,
} from './options';
export type {
  IstioProps,
  IstioConfig,
  MeshMode,
  Delivery,
  IngressGatewayProps,
  IngressNodePorts,
  NodePortRange,
  Profile,
  IstioVersion,
  DeepPartial,
} from './options';

// The Istio 1.2 chart's values (`IstioProps.values`, `IstioConfig.values`).
export type {
  IstioValues,
  GlobalValues,
  ProxyValues,
  GatewaysValues,
  GatewayValues,
  GatewayPortValues,
  GatewaySdsValues,
  SecretVolumeValues,
  ConfigVolumeValues,
  ServiceType,
  GalleyValues,
  MixerValues,
  MixerDeploymentValues,
  PilotValues,
  SecurityValues,
  SidecarInjectorWebhookValues,
  PrometheusValues,
  GrafanaValues,
  GrafanaDatasourcesFile,
  GrafanaDashboardProvidersFile,
  KialiValues,
  TracingValues,
  CertManagerValues,
  IstioCorednsValues,
  NodeagentValues,
  NameOverrideValues,
  SchedulingValues,
  AutoscaleValues,
  AddonIngressValues,
  ResourceValues,
  ResourceQuantities,
  TolerationValues,
  AntiAffinitySelectorValues,
} from './values';

// Writing the installation to a folder, as the CLI's `synth` does (owning only the files it writes).
export { synthesize, OutputFolderError } from './synth';
export type { SynthesizedFile, SynthesizeOptions } from './synth';

// Warnings the constructs record (the library never prints): read them after building an app.
export { warningsOf } from './warnings';

// Typed Istio resources (networking, authentication, RBAC) and their validators.
export { IstioResource, IstioSpecError } from './resources/base';
export type { IstioResourceProps } from './resources/base';
export * from './resources/networking';
export * from './resources/authentication';
export * from './resources/rbac';

// Synth-time sidecar injection.
export { injectSidecars, InjectionError } from './inject';
export type { InjectSidecarsOptions, KubeInjectParams } from './inject';

// `istioctl analyze`: lib/analyze/index.ts chooses its public names.
export * from './analyze';

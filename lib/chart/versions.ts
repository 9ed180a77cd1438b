/**
 * The 1.2 patch releases and what each changed in the chart, in one place: `git grep "'1.2.8'"` tells what 1.2.8
 * changed. Value changes are data applied to the chart's defaults and profiles; template changes are named here and
 * tested where the template branch lives (`sinceVersion(config.version, 'citadel-sds-flag')`).
 */
import { isTable, Value, ValuesMap } from './coalesce';

/** The Istio 1.2 patch releases this project renders, oldest first. */
export const ISTIO_VERSIONS = ['1.2.0', '1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6', '1.2.7', '1.2.8', '1.2.9', '1.2.10'] as const;
/** An Istio 1.2 patch release. */
export type IstioVersion = typeof ISTIO_VERSIONS[number];
/** The release the project started from; the default. */
export const DEFAULT_ISTIO_VERSION: IstioVersion = '1.2.2';
/** The newest patch release, the one to run (it has every security fix of the 1.2 line). */
export const LATEST_ISTIO_VERSION: IstioVersion = '1.2.10';

/** Whether `version` is `since` or newer. */
export function atLeast(version: IstioVersion, since: IstioVersion): boolean {
  return ISTIO_VERSIONS.indexOf(version) >= ISTIO_VERSIONS.indexOf(since);
}

/** Template changes of the 1.2 patch releases, by name: the release that introduced each. */
export const TEMPLATE_CHANGES = {
  /** Every component falls back to `global.defaultTolerations` when it sets no tolerations of its own. */
  'default-tolerations': '1.2.1',
  /** The 1.2.0 CRD files define the Sidecar CRD twice (crd-10.yaml and crd-11.yaml); 1.2.1 dropped the copy. */
  'single-sidecar-crd': '1.2.1',
  /** The node agent DaemonSet declares `updateStrategy: RollingUpdate`. */
  'nodeagent-rolling-update': '1.2.1',
  /** Citadel's Deployment reads `security.replicaCount` and `security.workloadCertTtl` (1.2.0: 1 replica, no flag). */
  'citadel-replicas-and-ttl': '1.2.1',
  /** Citadel runs with `--sds-enabled=true` when `global.sds.enabled`. */
  'citadel-sds-flag': '1.2.3',
  /** The Citadel Helm test probes `/version` on the monitoring port instead of `/-/ready` on 8060. */
  'citadel-test-version-endpoint': '1.2.5',
  /** The mesh config carries `sidecarToTelemetrySessionAffinity` when `mixer.telemetry.sessionAffinityEnabled`. */
  'mesh-telemetry-session-affinity': '1.2.6',
  /** The node agent gets its namespace in `NAMESPACE` (downward API). */
  'nodeagent-namespace-env': '1.2.7',
  /** Mixer's metrics label `destination_service` is the service host, not its short name. */
  'mixer-destination-service-host': '1.2.8',
  /** The security post-install Job also runs on upgrade (`helm.sh/hook: post-install,post-upgrade`). */
  'security-job-on-upgrade': '1.2.8',
  /** The `istio-cleanup-secrets` post-delete hook Job (and its RBAC) is gone: it deleted secrets on upgrade. */
  'no-cleanup-secrets-job': '1.2.8',
  /** Citadel's container takes environment variables from `security.env`. */
  'citadel-env': '1.2.9',
} as const satisfies Record<string, IstioVersion>;
export type TemplateChange = keyof typeof TEMPLATE_CHANGES;

/** Whether a release has a template change. */
export function sinceVersion(version: IstioVersion, change: TemplateChange): boolean {
  return atLeast(version, TEMPLATE_CHANGES[change]);
}

/** Where a value change applies: the Istio chart's own values, a subchart's, or a profile file. */
export type ValuesSource = 'istio' | 'security' | 'kiali' | 'tracing' | 'sidecarInjectorWebhook' | 'values-istio-demo-common.yaml';

/** A key a patch release added to a values file (the seed's data, 1.2.2, holds the keys up to 1.2.2). */
interface ValueChange {
  readonly since: IstioVersion;
  readonly source: ValuesSource;
  readonly path: string;
  readonly value: Value;
  readonly why: string;
}

export const VALUE_CHANGES: readonly ValueChange[] = [
  { since: '1.2.1', source: 'istio', path: 'global.defaultTolerations', value: [], why: 'tolerations for every component' },
  { since: '1.2.1', source: 'kiali', path: 'tolerations', value: [], why: 'tolerations for every component' },
  { since: '1.2.1', source: 'tracing', path: 'tolerations', value: [], why: 'tolerations for every component' },
  { since: '1.2.1', source: 'sidecarInjectorWebhook', path: 'tolerations', value: [], why: 'tolerations for every component' },
  { since: '1.2.1', source: 'security', path: 'replicaCount', value: 1, why: 'Citadel replicas' },
  { since: '1.2.1', source: 'security', path: 'workloadCertTtl', value: '2160h', why: 'workload certificate lifetime' },
  ...['pilot', 'mixer.policy', 'mixer.telemetry', 'gateways.istio-ingressgateway', 'gateways.istio-egressgateway'].map((p) => ({
    since: '1.2.3' as const, source: 'values-istio-demo-common.yaml' as const, path: `${p}.autoscaleEnabled`, value: false,
    why: 'the demo profile runs without autoscalers',
  })),
  { since: '1.2.9', source: 'security', path: 'env', value: {}, why: 'environment variables for Citadel' },
];

function setPath(tree: ValuesMap, path: string, value: Value | undefined): void {
  const steps = path.split('.');
  let cur = tree;
  for (const s of steps.slice(0, -1)) {
    if (!isTable(cur[s])) { if (value === undefined) return; cur[s] = {}; }
    cur = cur[s] as ValuesMap;
  }
  const last = steps[steps.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/**
 * A values file of the seed's chart (1.2.2) as release `version` shipped it: keys added later are removed, keys
 * added since the seed are set. Mutates and returns `tree`.
 */
export function valuesAt(version: IstioVersion, source: ValuesSource, tree: ValuesMap): ValuesMap {
  for (const c of VALUE_CHANGES) {
    if (c.source !== source) continue;
    setPath(tree, c.path, atLeast(version, c.since) ? structuredClone(c.value) : undefined);
  }
  return tree;
}

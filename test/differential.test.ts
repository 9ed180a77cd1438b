/**
 * Differential test against the chart itself: seeded random combinations of a profile and `--set` values drawn from
 * the chart's values are rendered by the helm2-render oracle (Helm 2.9.1) and by cdk8s-istio, and must be equal.
 *
 *   DIFFERENTIAL_SEED=7 DIFFERENTIAL_CASES=200 npx jest test/differential   # a deeper run
 */
import * as path from 'path';
import { Profile } from '../lib';
import { synthesize } from '../lib/synth';
import { BatchedConformance, oracleUnavailable, preparedCases, referenceWithKnownImprovements, renderWithHelmCached } from './helm-oracle';
import { haveShared, tmpDir } from './helpers';

/** mulberry32: a small seeded PRNG, so that a failing case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each dimension offers alternatives; a case takes a few dimensions and one alternative of each. */
const DIMENSIONS: Record<string, string[][]> = {
  ingressType: [['gateways.istio-ingressgateway.type=NodePort'], ['gateways.istio-ingressgateway.type=ClusterIP'], ['gateways.istio-ingressgateway.type=LoadBalancer']],
  egress: [['gateways.istio-egressgateway.enabled=true'], ['gateways.istio-egressgateway.enabled=false']],
  ilb: [['gateways.istio-ilbgateway.enabled=true']],
  gatewayReplicas: [['gateways.istio-ingressgateway.autoscaleEnabled=false', 'gateways.istio-ingressgateway.replicaCount=3'], ['gateways.istio-ingressgateway.autoscaleMin=2', 'gateways.istio-ingressgateway.autoscaleMax=7']],
  gateways: [['gateways.enabled=false']],
  mtls: [['global.mtls.enabled=true', 'global.controlPlaneSecurityEnabled=true'], ['global.mtls.enabled=true'], ['global.controlPlaneSecurityEnabled=true']],
  sds: [['global.sds.enabled=true', 'global.sds.udsPath=unix:/var/run/sds/uds_path', 'global.sds.useNormalJwt=true', 'nodeagent.enabled=true']],
  tracing: [['tracing.enabled=true'], ['tracing.enabled=true', 'tracing.provider=zipkin'], ['global.enableTracing=false']],
  addons: [['grafana.enabled=true'], ['kiali.enabled=true'], ['prometheus.enabled=false'], ['grafana.enabled=true', 'kiali.enabled=true', 'tracing.enabled=true']],
  policy: [['mixer.policy.enabled=false'], ['global.disablePolicyChecks=false'], ['mixer.telemetry.enabled=false'], ['global.policyCheckFailOpen=true']],
  pilot: [['pilot.autoscaleEnabled=false', 'pilot.replicaCount=2'], ['pilot.traceSampling=50'], ['pilot.sidecar=false']],
  components: [['galley.enabled=false'], ['sidecarInjectorWebhook.enabled=false'], ['security.enabled=false'], ['istiocoredns.enabled=true']],
  scheduling: [['global.defaultNodeSelector.disktype=ssd'], ['global.priorityClassName=system-cluster-critical'], ['global.defaultTolerations[0].key=dedicated', 'global.defaultTolerations[0].operator=Exists']],
  hub: [['global.hub=registry.example.com/istio'], ['global.hub=registry.example.com/istio', 'global.tag=1.2.2-patched']],
  proxy: [['global.proxy.accessLogFile=/dev/stdout'], ['global.proxy.accessLogEncoding=JSON'], ['global.proxy.concurrency=4'], ['global.proxy.includeIPRanges=10.0.0.0/8']],
  mesh: [['global.outboundTrafficPolicy.mode=REGISTRY_ONLY'], ['global.meshExpansion.enabled=true'], ['global.k8sIngress.enabled=true'], ['global.proxy.envoyStatsd.enabled=true', 'global.proxy.envoyStatsd.host=statsd.example', 'global.proxy.envoyStatsd.port=9125']],
  pdb: [['global.defaultPodDisruptionBudget.enabled=false']],
  pullSecrets: [['global.imagePullSecrets={regcred}']],
  customGateway: [['gateways.team-gateway.enabled=true', 'gateways.team-gateway.labels.app=team-gateway', 'gateways.team-gateway.labels.istio=team-gateway',
    'gateways.team-gateway.type=ClusterIP', 'gateways.team-gateway.ports[0].port=80', 'gateways.team-gateway.ports[0].name=http2']],
  ca: [['security.selfSigned=false'], ['global.trustDomain=example.com'], ['security.citadelHealthCheck=true', 'security.workloadCertTtl=24h']],
  tracer: [['global.proxy.tracer=lightstep', 'global.tracer.lightstep.address=lightstep:443'], ['global.proxy.tracer=datadog']],
  injector: [['sidecarInjectorWebhook.enableNamespacesByDefault=true'], ['sidecarInjectorWebhook.rewriteAppHTTPProbe=true'], ['istio_cni.enabled=true']],
  mixerAdapters: [['mixer.adapters.stdio.enabled=true', 'mixer.adapters.stdio.outputAsJson=false'], ['mixer.adapters.prometheus.enabled=false'], ['mixer.adapters.kubernetesenv.enabled=false']],
  control: [['global.useMCP=false'], ['global.configValidation=false'], ['galley.replicaCount=2'], ['global.oneNamespace=true']],
  extras: [['certmanager.enabled=true', 'certmanager.email=ops@example.com'], ['nodeagent.enabled=true'], ['global.multiCluster.enabled=true']],
};
const VERSIONS = ['1.2.0', '1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6', '1.2.7', '1.2.8', '1.2.9', '1.2.10'] as const;
const PROFILES: Profile[] = ['default', 'demo', 'demo-auth', 'minimal', 'sds-auth'];

interface Case { seed: number; profile: Profile; set: string[]; version?: typeof VERSIONS[number] }

function drawCase(seed: number): Case {
  const rand = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const profile = pick(PROFILES);
  const names = Object.keys(DIMENSIONS);
  const count = 1 + Math.floor(rand() * 4);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(pick(names));
  const set = [...chosen].sort().flatMap((d) => pick(DIMENSIONS[d]));
  // One case in three renders another patch release.
  const version = rand() < 1 / 3 ? pick([...VERSIONS]) : undefined;
  return { seed, profile, set, ...(version ? { version } : {}) };
}

const seed0 = Number(process.env.DIFFERENTIAL_SEED ?? 1);
const cases = Array.from({ length: Number(process.env.DIFFERENTIAL_CASES ?? (process.env.ORACLE === 'all' ? 40 : 6)) }, (_, i) => drawCase(seed0 * 1000 + i));

const why = haveShared ? oracleUnavailable() : '../shared is absent';
if (why) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the differential tests against helm template: ${why}`);
}

(why ? describe.skip : describe)('random chart configurations: cdk8s-istio equals helm template', () => {
  // Every case is rendered and synthesized first; one comparator run then checks them all, each test its own case.
  const comparison = new BatchedConformance();
  const prepared = preparedCases(cases, (c) => {
    const reference = referenceWithKnownImprovements(renderWithHelmCached({ version: c.version, profile: c.profile, set: c.set }));
    const out = path.join(tmpDir(), 'out');
    synthesize({ ...(c.version ? { version: c.version } : {}), profile: c.profile, set: c.set }, out);
    return comparison.add(reference, out);
  });
  test.each(cases.map((c, i) => [`seed ${c.seed}: ${c.version ? `--istio-version ${c.version} ` : ''}--profile ${c.profile} ${c.set.map((s) => `--set ${s}`).join(' ')}`, i] as const))('%s', (_name, i) => {
    comparison.expectConformance(prepared(i));
  });
});

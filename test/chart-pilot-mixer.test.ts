/**
 * The `pilot` and `mixer` subcharts and the Istio chart's own templates (mesh config, the remote cluster's Services
 * and Endpoints, the multicluster reader) for any profile and values, as the Istio 1.2.2 chart renders them:
 * targeted assertions on what each value changes, then a differential test against the Helm 2.9.1 oracle over the
 * combinations probed while writing them.
 */
import { createHash } from 'crypto';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { IstioProps } from '../lib';
import { goText, reread, truthy } from '../lib/helm-text';
import { resolveOptions } from '../lib/options';
import { Pilot, PILOT_CONFIG_VOLUME_CHECKSUM } from '../lib/pilot';
import { find, Manifest, synthObjects } from './helpers';
import { chartSlice, describeWithOracle, testSampledCases } from './helm-oracle';
import type { OracleCase } from './helm-oracle';

const container = (o: Manifest, name: string) => o.spec.template.spec.containers.find((c: any) => c.name === name);
const envOf = (c: any) => Object.fromEntries((c.env as any[]).map((e) => [e.name, e.value ?? e.valueFrom]));
const has = (objects: Manifest[], kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.name === name);
const mesh = (objects: Manifest[]) => yaml.load(find(objects, 'ConfigMap', 'istio').data.mesh) as Record<string, any>;

describe('helm-text: how the chart prints values', () => {
  test('numbers print as Go float64s, nothing prints as empty', () => {
    expect([100, 0.5, 12345678, 1000000, 0.000001, null, undefined, true, 'x'].map(goText))
      .toEqual(['100', '0.5', '1.2345678e+07', '1e+06', '1e-06', '', '', 'true', 'x']);
  });

  test('an unquoted print reads back as YAML: strings that look like booleans or numbers change type', () => {
    expect([['true'], ['3'], [''], ['300s'], [false]].map(([v]) => reread(v))).toEqual([true, 3, null, '300s', false]);
  });

  test('reread reads plain words and decimals without a parser, as js-yaml reads them', () => {
    const texts = ['true', 'True', 'TRUE', 'false', 'null', 'Null', 'NULL', 'yes', 'no', 'on', 'off', 'y', 'n', '~', 'NaN', 'Infinity',
      'inf', 'nan', '0', '7', '007', '0x1f', '0o17', '-1', '+1', '1_000', '123456789012345', '1234567890123456', '1e3', '1.5', '15s', 'a',
      'a-b', 'a_b', 'a.b', 'a/b', 'docker.io/istio', 'x.', 'x-', 'Z9', '_x', '.x', '-x', 'a:b', 'a b', 'a#b', '2019-01-01', '<<'];
    // What reread returns through the parser: the scalar js-yaml reads, or the text for anything else (a date, a map).
    const parsed = (t: string) => {
      const v = yaml.load(t);
      return v === null || ['string', 'number', 'boolean'].includes(typeof v) ? v : t;
    };
    for (const t of texts) expect({ t, v: reread(t) }).toEqual({ t, v: parsed(t) });
  });

  test('Go template truth: empty strings, maps, lists and zero are false', () => {
    expect(['', {}, [], 0, null, false].map(truthy)).toEqual([false, false, false, false, false, false]);
    expect(['x', { a: 1 }, [0], 1, true].map(truthy)).toEqual([true, true, true, true, true]);
  });
});

describe('mesh config (ConfigMap istio)', () => {
  test('on a remote cluster too: no Pilot there, but its sidecars read the mesh config', () => {
    // GIVEN the remote profile (pilot off, istioRemote on)
    const objects = synthObjects({ profile: 'remote' });
    // THEN the ConfigMap is there, pointing at the local istio-pilot name, without Mixer servers
    const m = mesh(objects);
    expect(m.defaultConfig.discoveryAddress).toBe('istio-pilot.istio-system:15010');
    expect(m).not.toHaveProperty('mixerCheckServer');
    expect(m).not.toHaveProperty('policyCheckFailOpen');
    expect(m.enableTracing).toBe(false);
    expect(has(objects, 'Deployment', 'istio-pilot')).toBe(false);
  });

  test('not written when Pilot is off on a primary cluster', () => {
    expect(has(synthObjects({ profile: 'default', set: ['pilot.enabled=false'] }), 'ConfigMap', 'istio')).toBe(false);
  });

  test('a remote cluster reaches the primary by address, or by local Services with createRemoteSvcEndpoints', () => {
    const byAddress = mesh(synthObjects({
      profile: 'remote', set: ['global.remotePilotAddress=10.0.0.1', 'global.remotePolicyAddress=10.0.0.2', 'global.controlPlaneSecurityEnabled=true'],
    }));
    expect(byAddress.defaultConfig.discoveryAddress).toBe('10.0.0.1:15011');
    expect(byAddress.mixerCheckServer).toBe('10.0.0.2:15004');
    expect(byAddress.policyCheckFailOpen).toBe(false);
    expect(byAddress).not.toHaveProperty('mixerReportServer');

    const byService = mesh(synthObjects({
      profile: 'remote', set: ['global.remotePilotAddress=10.0.0.1', 'global.remoteTelemetryAddress=10.0.0.3', 'global.createRemoteSvcEndpoints=true', 'global.remoteZipkinAddress=10.0.0.4'],
    }));
    expect(byService.defaultConfig.discoveryAddress).toBe('istio-pilot.istio-system:15010');
    expect(byService.mixerReportServer).toBe('istio-telemetry.istio-system:15004');
    expect(byService.defaultConfig.tracing).toEqual({ zipkin: { address: '10.0.0.4:9411' } });
  });

  test('Mixer servers follow the Mixers that are enabled, on 15004 with a secured control plane', () => {
    const m = mesh(synthObjects({ profile: 'default', set: ['mixer.policy.enabled=true', 'mixer.telemetry.enabled=false', 'global.controlPlaneSecurityEnabled=true', 'global.disablePolicyChecks=false'] }));
    expect(m.mixerCheckServer).toBe('istio-policy.istio-system.svc.cluster.local:15004');
    expect(m).not.toHaveProperty('mixerReportServer');
    expect(m.disablePolicyChecks).toBe(false);
    expect(m.defaultConfig.controlPlaneAuthPolicy).toBe('MUTUAL_TLS');
    // Without the policy Mixer, checks are off whatever the value says.
    expect(mesh(synthObjects({ profile: 'default', set: ['mixer.policy.enabled=false', 'global.disablePolicyChecks=false'] })).disablePolicyChecks).toBe(true);
  });

  test('proxy defaults: tracer, statsd, metrics service, concurrency, access logs, DNS refresh', () => {
    const m = mesh(synthObjects({
      profile: 'default',
      set: ['global.proxy.tracer=lightstep', 'global.tracer.lightstep.address=ls:443', 'global.tracer.lightstep.secure=false',
        'global.proxy.envoyStatsd.enabled=true', 'global.proxy.envoyStatsd.host=statsd', 'global.proxy.envoyStatsd.port=9125',
        'global.proxy.envoyMetricsService.enabled=true', 'global.proxy.envoyMetricsService.host=ms', 'global.proxy.envoyMetricsService.port=9000',
        'global.proxy.accessLogFile=/dev/stdout', 'global.proxy.accessLogEncoding=JSON', 'global.proxy.dnsRefreshRate=10s', 'global.proxy.concurrency=4'],
      setString: ['global.enableTracing=false'],
    }));
    expect(m.defaultConfig.tracing).toEqual({ lightstep: { address: 'ls:443', accessToken: null, secure: false, cacertPath: null } });
    expect(m.defaultConfig.statsdUdpAddress).toBe('statsd:9125');
    expect(m.defaultConfig.envoyMetricsServiceAddress).toBe('ms:9000');
    expect(m.defaultConfig.concurrency).toBe(4);
    // A --set-string "false" is printed unquoted: YAML reads it back as a boolean.
    expect(m.enableTracing).toBe(false);
    expect([m.accessLogFile, m.accessLogEncoding, m.dnsRefreshRate]).toEqual(['/dev/stdout', 'JSON', '10s']);
  });

  test('traffic policy, locality, root namespace, visibility, trust domain and mesh networks', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['global.outboundTrafficPolicy.mode=REGISTRY_ONLY', 'global.localityLbSetting.failover[0].from=us-east', 'global.localityLbSetting.failover[0].to=eu-west',
        'global.configRootNamespace=istio-config', 'global.defaultConfigVisibilitySettings={*}', 'global.trustDomain=example.com',
        'global.meshNetworks.net1.gateways[0].address=1.1.1.1', 'global.meshNetworks.net1.gateways[0].port=443'],
    });
    const m = mesh(objects);
    expect(m.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
    expect(m.localityLbSetting).toEqual({ failover: [{ from: 'us-east', to: 'eu-west' }] });
    expect(m.rootNamespace).toBe('istio-config');
    expect([m.defaultServiceExportTo, m.defaultVirtualServiceExportTo, m.defaultDestinationRuleExportTo]).toEqual([['*'], ['*'], ['*']]);
    expect(m.trustDomain).toBe('example.com');
    expect(yaml.load(find(objects, 'ConfigMap', 'istio').data.meshNetworks)).toEqual({ networks: { net1: { gateways: [{ address: '1.1.1.1', port: 443 }] } } });
    // Mixer's DestinationRules are visible everywhere when visibility defaults are set.
    expect(find(objects, 'DestinationRule', 'istio-telemetry').spec.exportTo).toEqual(['*']);
  });
});

describe('remote control-plane Services and Endpoints', () => {
  test('none unless asked for', () => {
    expect(synthObjects({ profile: 'remote', set: ['global.remotePilotAddress=10.0.0.1'] }).filter((o) => o.kind === 'Endpoints')).toEqual([]);
  });

  test('Pilot only with remotePilotCreateSvcEndpoint; the Mixers too with createRemoteSvcEndpoints and their addresses', () => {
    const pilotOnly = synthObjects({ profile: 'remote', set: ['global.remotePilotAddress=10.0.0.1', 'global.remotePilotCreateSvcEndpoint=true', 'global.remotePolicyAddress=10.0.0.2'] });
    expect(pilotOnly.filter((o) => o.kind === 'Endpoints').map((o) => o.metadata.name)).toEqual(['istio-pilot']);

    const all = synthObjects({
      profile: 'remote',
      set: ['global.remotePilotAddress=10.0.0.1', 'global.remotePolicyAddress=10.0.0.2', 'global.remoteTelemetryAddress=10.0.0.3', 'global.createRemoteSvcEndpoints=true'],
    });
    const service = find(all, 'Service', 'istio-telemetry');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([9091, 15004, 15014, 42422]);
    expect(service.spec).not.toHaveProperty('selector');
    expect(find(all, 'Endpoints', 'istio-policy').subsets[0].addresses).toEqual([{ ip: '10.0.0.2' }]);
    expect(find(all, 'Endpoints', 'istio-pilot').subsets[0].ports).toHaveLength(7);
  });

  test('an unset address is an empty ip, as the chart writes it', () => {
    const objects = synthObjects({ profile: 'remote', set: ['global.createRemoteSvcEndpoints=true'] });
    expect(find(objects, 'Endpoints', 'istio-pilot').subsets[0].addresses).toEqual([{ ip: null }]);
  });
});

describe('pilot subchart', () => {
  test('checksum/config-volume is the sha256 of the ConfigMap template\'s path, as the chart\'s sha256sum prints it', () => {
    const expected = createHash('sha256').update('istio/charts/pilot/templates/configmap.yaml').digest('hex');
    expect(PILOT_CONFIG_VOLUME_CHECKSUM).toBe(expected);
    const pilot = find(synthObjects({}), 'Deployment', 'istio-pilot');
    expect(pilot.metadata.annotations?.['checksum/config-volume']).toBe(expected);
  });

  test('minimal: no sidecar, discovery serves 15011 itself with a secured control plane', () => {
    const plain = find(synthObjects({ profile: 'minimal' }), 'Deployment', 'istio-pilot');
    expect(plain.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['discovery']);
    const discovery = container(plain, 'discovery');
    expect(discovery.args.slice(discovery.args.indexOf('--secureGrpcAddr'), discovery.args.indexOf('--secureGrpcAddr') + 2)).toEqual(['--secureGrpcAddr', '']);
    expect(discovery.ports).toEqual([{ containerPort: 8080 }, { containerPort: 15010 }, { containerPort: 15011 }]);

    const secured = container(find(synthObjects({ profile: 'minimal', set: ['global.controlPlaneSecurityEnabled=true'] }), 'Deployment', 'istio-pilot'), 'discovery');
    expect(secured.args).toEqual(expect.arrayContaining(['--secureGrpcAddr', ':15011']));
  });

  test('replicas: the autoscaler\'s with autoscaling, else replicaCount (or 1)', () => {
    const scaled = synthObjects({ profile: 'default' });
    expect(find(scaled, 'Deployment', 'istio-pilot').spec).not.toHaveProperty('replicas');
    expect(find(scaled, 'HorizontalPodAutoscaler', 'istio-pilot').spec.maxReplicas).toBe(5);

    const fixed = synthObjects({ profile: 'default', set: ['pilot.autoscaleEnabled=false', 'pilot.replicaCount=3'] });
    expect(find(fixed, 'Deployment', 'istio-pilot').spec.replicas).toBe(3);
    expect(has(fixed, 'HorizontalPodAutoscaler', 'istio-pilot')).toBe(false);
    expect(find(synthObjects({ profile: 'default', set: ['pilot.autoscaleEnabled=false'] }), 'Deployment', 'istio-pilot').spec.replicas).toBe(1);
  });

  test('environment: pilot.env in key order, trace sampling, printed as Helm prints numbers', () => {
    const env = envOf(container(find(synthObjects({ profile: 'default', set: ['pilot.env.BIG=12345678', 'pilot.traceSampling=100'] }), 'Deployment', 'istio-pilot'), 'discovery'));
    expect(env).toMatchObject({ BIG: '1.2345678e+07', GODEBUG: 'gctrace=1', PILOT_PUSH_THROTTLE: '100', PILOT_TRACE_SAMPLING: '100' });
    const none = envOf(container(find(synthObjects({ profile: 'default', values: { pilot: { traceSampling: 0 } } }), 'Deployment', 'istio-pilot'), 'discovery'));
    expect(none).not.toHaveProperty('PILOT_TRACE_SAMPLING');
  });

  test('mesh expansion: the VirtualService on the mesh expansion gateway (ILB: xDS and DNS too), the DestinationRule when secured', () => {
    const plain = synthObjects({ profile: 'minimal', set: ['global.meshExpansion.enabled=true'] });
    expect(find(plain, 'VirtualService', 'meshexpansion-vs-pilot').spec).toEqual({
      hosts: ['istio-pilot.istio-system.svc.cluster.local'],
      gateways: ['meshexpansion-gateway'],
      tcp: [{ match: [{ port: 15011 }], route: [{ destination: { host: 'istio-pilot.istio-system.svc.cluster.local', port: { number: 15011 } } }] }],
    });
    expect(has(plain, 'DestinationRule', 'meshexpansion-dr-pilot')).toBe(false);

    const ilb = synthObjects({ profile: 'minimal', set: ['global.meshExpansion.enabled=true', 'global.meshExpansion.useILB=true', 'global.controlPlaneSecurityEnabled=true'] });
    const vs = find(ilb, 'VirtualService', 'meshexpansion-ilb-vs-pilot');
    expect(vs.spec.tcp.map((r: any) => [r.match[0].port, r.route[0].destination.port.number])).toEqual([[15011, 15011], [15010, 15010], [5353, 53]]);
    expect(find(ilb, 'DestinationRule', 'meshexpansion-dr-pilot').spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 15011 }, tls: { mode: 'DISABLE' } }]);
  });

  test('its templates read the subchart\'s own copy of global', () => {
    // GIVEN options whose pilot section carries a global that differs from the parent's (Helm coalesces each subchart's copy)
    const config = resolveOptions({ profile: 'minimal' });
    const pilot = { ...config.values.pilot, global: { ...config.values.global, hub: 'subchart.example' } };
    const chart = new Chart(Testing.app(), 'c');
    // WHEN Pilot is built from them
    new Pilot(chart, 'pilot', { ...config, values: { ...config.values, pilot } });
    // THEN its images come from the subchart's global
    const deployment = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(container(deployment, 'discovery').image).toBe('subchart.example/pilot:1.2.2');
  });

  test('nameOverride names the app label and the disruption budget\'s selector', () => {
    const objects = synthObjects({ profile: 'default', set: ['pilot.nameOverride=discovery'] });
    expect(find(objects, 'Service', 'istio-pilot').metadata.labels?.app).toBe('discovery');
    expect(find(objects, 'PodDisruptionBudget', 'istio-pilot').spec.selector.matchLabels.app).toBe('discovery');
  });
});

describe('mixer subchart', () => {
  test('policy and telemetry separately; nothing at all with both off', () => {
    const policyOnly = synthObjects({ profile: 'default', set: ['mixer.policy.enabled=true', 'mixer.telemetry.enabled=false'] });
    expect(has(policyOnly, 'Deployment', 'istio-policy')).toBe(true);
    expect(has(policyOnly, 'Deployment', 'istio-telemetry')).toBe(false);
    // The prometheus and stdio adapters are telemetry's; kubernetesenv serves both.
    expect(has(policyOnly, 'handler', 'prometheus')).toBe(false);
    expect(has(policyOnly, 'handler', 'kubernetesenv')).toBe(true);

    const none = synthObjects({ profile: 'minimal' });
    expect(none.filter((o) => /mixer|policy|telemetry/.test(o.metadata.name) || o.kind === 'attributemanifest')).toEqual([]);
  });

  test('resources: the kind\'s, else mixer.resources, else the global default', () => {
    const objects = synthObjects({ profile: 'default', set: ['mixer.policy.enabled=true', 'mixer.resources.requests.memory=1G'] });
    expect(container(find(objects, 'Deployment', 'istio-policy'), 'mixer').resources).toEqual({ requests: { memory: '1G' } });
    expect(container(find(objects, 'Deployment', 'istio-telemetry'), 'mixer').resources.limits).toEqual({ cpu: '4800m', memory: '4G' });
  });

  test('autoscaler only with both bounds; replicaCount without autoscaling', () => {
    const objects = synthObjects({ profile: 'default', set: ['mixer.policy.enabled=true', 'mixer.policy.autoscaleEnabled=false', 'mixer.policy.replicaCount=2'] });
    expect(find(objects, 'Deployment', 'istio-policy').spec.replicas).toBe(2);
    expect(has(objects, 'HorizontalPodAutoscaler', 'istio-policy')).toBe(false);
    expect(has(objects, 'HorizontalPodAutoscaler', 'istio-telemetry')).toBe(true);
  });

  test('environment, pod annotations, load shedding, session affinity, adapter switches', () => {
    const objects = synthObjects({
      profile: 'default',
      set: ['mixer.env.FOO=bar', 'mixer.podAnnotations.a=b', 'mixer.telemetry.loadshedding.mode=logonly', 'mixer.telemetry.sessionAffinityEnabled=true',
        'mixer.adapters.stdio.enabled=true', 'mixer.adapters.stdio.outputAsJson=false', 'mixer.adapters.useAdapterCRDs=true'],
    });
    const telemetry = find(objects, 'Deployment', 'istio-telemetry');
    const mixer = container(telemetry, 'mixer');
    expect(envOf(mixer)).toEqual({ FOO: 'bar', GODEBUG: 'gctrace=1', GOMAXPROCS: '6' });
    expect(telemetry.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', a: 'b' });
    expect(mixer.args).toEqual(expect.arrayContaining(['--loadsheddingMode', 'logonly', '--useAdapterCRDs=true']));
    expect(find(objects, 'Service', 'istio-telemetry').spec.sessionAffinity).toBe('ClientIP');
    expect(find(objects, 'handler', 'stdio').spec.params).toEqual({ outputAsJson: false });
  });

  test('an SDS token without a trust domain has an empty audience, as the chart writes it', () => {
    const objects = synthObjects({ profile: 'default', set: ['global.sds.enabled=true', 'global.sds.useTrustworthyJwt=true', 'global.sds.udsPath=unix:/var/run/sds/uds_path'] });
    const token = find(objects, 'Deployment', 'istio-telemetry').spec.template.spec.volumes.find((v: any) => v.name === 'istio-token');
    expect(token.projected.sources[0].serviceAccountToken).toEqual({ audience: null, expirationSeconds: 43200, path: 'istio-token' });
  });
});

describe('patch releases', () => {
  test('1.2.6 writes sidecarToTelemetrySessionAffinity into the mesh config, with session affinity on', () => {
    const set = ['mixer.telemetry.sessionAffinityEnabled=true'];
    expect(mesh(synthObjects({ version: '1.2.5', profile: 'default', set }))).not.toHaveProperty('sidecarToTelemetrySessionAffinity');
    expect(mesh(synthObjects({ version: '1.2.6', profile: 'default', set })).sidecarToTelemetrySessionAffinity).toBe(true);
    expect(mesh(synthObjects({ version: '1.2.6', profile: 'default' }))).not.toHaveProperty('sidecarToTelemetrySessionAffinity');
  });

  test('1.2.8 labels TCP connection metrics by the service host, not its short name', () => {
    const label = (version: IstioProps['version']) => find(synthObjects({ version, profile: 'default' }), 'instance', 'tcpconnectionsopened').spec.params.dimensions.destination_service;
    expect(label('1.2.7')).toBe('destination.service.name | "unknown"');
    expect(label('1.2.8')).toBe('destination.service.host | "unknown"');
  });
});

describe('istio-reader', () => {
  test('the istio-multi ServiceAccount has no image pull secrets (unlike the subcharts\')', () => {
    const objects = synthObjects({ profile: 'minimal', set: ['global.imagePullSecrets={a}'] });
    expect(find(objects, 'ServiceAccount', 'istio-multi')).not.toHaveProperty('imagePullSecrets');
    expect(find(objects, 'ServiceAccount', 'istio-pilot-service-account').imagePullSecrets).toEqual([{ name: 'a' }]);
  });
});

// ---------------------------------------------------------------- differential test against the oracle

/** The combinations probed while writing the subcharts; all at 100% against helm template. */
const COMBINATIONS: Array<[string, OracleCase]> = [
  ['remote', { profile: 'remote' }],
  ['remote, by address', { profile: 'remote', set: ['global.remotePilotAddress=10.0.0.1', 'global.remotePolicyAddress=10.0.0.2', 'global.controlPlaneSecurityEnabled=true'] }],
  ['remote, local Services and Endpoints', {
    profile: 'remote',
    set: ['global.remotePilotAddress=10.0.0.1', 'global.remotePolicyAddress=10.0.0.2', 'global.remoteTelemetryAddress=10.0.0.3',
      'global.createRemoteSvcEndpoints=true', 'global.remoteZipkinAddress=10.0.0.4'],
  }],
  ['remote, Pilot endpoint only', { profile: 'remote', set: ['global.remotePilotAddress=10.0.0.1', 'global.remotePilotCreateSvcEndpoint=true'] }],
  ['remote, no address', { profile: 'remote', set: ['global.createRemoteSvcEndpoints=true'] }],
  ['remote with Pilot and the policy Mixer', { profile: 'remote', set: ['pilot.enabled=true', 'mixer.policy.enabled=true', 'global.remotePolicyAddress=1.2.3.4'] }],
  ['minimal', { profile: 'minimal' }],
  ['minimal, secured control plane, no autoscaling', { profile: 'minimal', set: ['global.controlPlaneSecurityEnabled=true', 'pilot.autoscaleEnabled=false', 'pilot.replicaCount=2'] }],
  ['minimal, mesh expansion', { profile: 'minimal', set: ['global.meshExpansion.enabled=true'] }],
  ['minimal, ILB mesh expansion, secured', { profile: 'minimal', set: ['global.meshExpansion.enabled=true', 'global.meshExpansion.useILB=true', 'global.controlPlaneSecurityEnabled=true'] }],
  ['minimal, scheduling and pull secrets', {
    profile: 'minimal',
    set: ['global.oneNamespace=true', 'global.priorityClassName=p', 'global.imagePullSecrets={s}', 'pilot.nodeSelector.pool=infra',
      'pilot.podAntiAffinityLabelSelector[0].key=app', 'pilot.podAntiAffinityLabelSelector[0].operator=In', 'pilot.podAntiAffinityLabelSelector[0].values=pilot',
      'pilot.podAntiAffinityLabelSelector[0].topologyKey=kubernetes.io/hostname'],
  }],
  ['minimal, SDS with a trustworthy JWT', { profile: 'minimal', set: ['global.sds.enabled=true', 'global.sds.useTrustworthyJwt=true', 'global.sds.udsPath=unix:/x', 'pilot.sidecar=true'] }],
  ['minimal with telemetry', { profile: 'minimal', set: ['mixer.telemetry.enabled=true'] }],
  ['minimal with policy checks', { profile: 'minimal', set: ['mixer.policy.enabled=true', 'global.disablePolicyChecks=false', 'global.policyCheckFailOpen=true'] }],
  ['default', { profile: 'default' }],
  ['default, policy only', { profile: 'default', set: ['mixer.policy.enabled=true', 'mixer.telemetry.enabled=false'] }],
  ['default, Mixer resources and replicas', {
    profile: 'default',
    set: ['mixer.policy.enabled=true', 'mixer.policy.autoscaleEnabled=false', 'mixer.policy.replicaCount=2', 'mixer.resources.requests.memory=1G',
      'mixer.telemetry.autoscaleMax=10', 'mixer.telemetry.cpu.targetAverageUtilization=50'],
  }],
  ['default, Mixer env, annotations, load shedding, adapters', {
    profile: 'default',
    set: ['mixer.env.FOO=bar', 'mixer.podAnnotations.a=b', 'mixer.telemetry.loadshedding.mode=logonly', 'mixer.telemetry.sessionAffinityEnabled=true',
      'mixer.adapters.stdio.enabled=true', 'mixer.adapters.stdio.outputAsJson=false', 'mixer.adapters.prometheus.metricsExpiryDuration=1h',
      'mixer.adapters.useAdapterCRDs=true', 'mixer.templates.useTemplateCRDs=true'],
  }],
  ['default, adapters off', { profile: 'default', set: ['mixer.adapters.prometheus.enabled=false', 'mixer.adapters.kubernetesenv.enabled=false'] }],
  ['default, no MCP', { profile: 'default', set: ['global.useMCP=false'] }],
  ['default, MCP over mutual TLS', { profile: 'default', set: ['global.controlPlaneSecurityEnabled=true', 'mixer.policy.enabled=true'] }],
  ['default, proxy settings in the mesh config', {
    profile: 'default',
    set: ['global.proxy.accessLogFile=/dev/stdout', 'global.proxy.accessLogEncoding=JSON', 'global.proxy.accessLogFormat=%START_TIME%',
      'global.proxy.dnsRefreshRate=10s', 'global.proxy.envoyStatsd.enabled=true', 'global.proxy.envoyStatsd.host=statsd', 'global.proxy.envoyStatsd.port=9125',
      'global.proxy.envoyMetricsService.enabled=true', 'global.proxy.envoyMetricsService.host=ms', 'global.proxy.envoyMetricsService.port=9000'],
  }],
  ['default, lightstep', { profile: 'default', set: ['global.proxy.tracer=lightstep', 'global.tracer.lightstep.address=ls:443', 'global.tracer.lightstep.secure=false'] }],
  ['default, datadog', { profile: 'default', set: ['global.proxy.tracer=datadog'] }],
  ['default, no tracing', { profile: 'default', set: ['global.enableTracing=false'] }],
  ['default, zipkin address', { profile: 'default', set: ['global.tracer.zipkin.address=zipkin.example:9411'] }],
  ['default, mesh-wide settings', {
    profile: 'default',
    set: ['global.outboundTrafficPolicy.mode=REGISTRY_ONLY', 'global.localityLbSetting.failover[0].from=us-east', 'global.localityLbSetting.failover[0].to=eu-west',
      'global.configRootNamespace=istio-config', 'global.defaultConfigVisibilitySettings={*}', 'global.trustDomain=example.com', 'mixer.policy.enabled=true',
      'global.meshNetworks.net1.gateways[0].address=1.1.1.1', 'global.meshNetworks.net1.gateways[0].port=443', 'global.network=net1'],
  }],
  ['default, Pilot env and keepalive', { profile: 'default', set: ['pilot.env.BIG=12345678', 'pilot.env.A=1', 'pilot.traceSampling=100', 'pilot.keepaliveMaxServerConnectionAge=1h', 'mixer.env.X=1000000'] }],
  ['default, Pilot off', { profile: 'default', set: ['pilot.enabled=false'] }],
  ['default, --set-string retyped by YAML', { profile: 'default', set: ['mixer.policy.enabled=true'], setString: ['global.disablePolicyChecks=false', 'global.enableTracing=false', 'pilot.env.S=true'] }],
  ['default, name overrides', { profile: 'default', set: ['pilot.nameOverride=pl', 'mixer.nameOverride=mx'] }],
  ['default, images, cluster domain, monitoring port', {
    profile: 'default',
    set: ['global.hub=my.reg/istio', 'global.tag=x', 'pilot.image=other/pilot:1', 'mixer.image=mixer2', 'global.proxy.clusterDomain=example.org',
      'global.monitoringPort=9999', 'global.logging.level=default:debug'],
  }],
  ['default, no disruption budgets', { profile: 'default', set: ['global.defaultPodDisruptionBudget.enabled=false'] }],
  ['default, default scheduling', { profile: 'default', set: ['global.defaultNodeSelector.a=b', 'global.defaultTolerations[0].key=k', 'global.defaultTolerations[0].operator=Exists', 'mixer.tolerations[0].key=m'] }],
  ['demo', { profile: 'demo' }],
  ['demo, both Mixers off', { profile: 'demo', set: ['mixer.policy.enabled=false', 'mixer.telemetry.enabled=false'] }],
  ['demo, autoscaling back on', { profile: 'demo', set: ['pilot.autoscaleEnabled=true', 'mixer.policy.autoscaleEnabled=true', 'mixer.telemetry.autoscaleEnabled=true'] }],
  ['demo, mesh expansion', { profile: 'demo', set: ['global.meshExpansion.enabled=true'] }],
  ['demo-auth, no MCP, no Pilot sidecar', { profile: 'demo-auth', set: ['global.useMCP=false', 'pilot.sidecar=false'] }],
  ['sds-auth', { profile: 'sds-auth', set: ['global.sds.useTrustworthyJwt=true'] }],
  ['1.2.0, no default tolerations fallback', { version: '1.2.0', profile: 'default', set: ['global.defaultTolerations[0].key=k', 'mixer.telemetry.sessionAffinityEnabled=true'] }],
  ['1.2.6, telemetry session affinity in the mesh config', { version: '1.2.6', profile: 'demo', set: ['mixer.telemetry.sessionAffinityEnabled=true'] }],
  ['1.2.10, TCP connection metrics by service host', { version: '1.2.10', profile: 'default', set: ['mixer.telemetry.sessionAffinityEnabled=true'] }],
];

/** The chart's templates these constructs render: the pilot and mixer subcharts and the Istio chart's own, but the injector's. */
const OUR_TEMPLATES = /^istio\/(charts\/(pilot|mixer)\/|templates\/(configmap|service|endpoints|clusterrole|clusterrolebinding|serviceaccount)\.yaml$)/;
/** Our constructs for those templates. */
const OUR_CONSTRUCTS = /^istio\/(pilot|mixer|mesh-config|remote-endpoints|istio-reader)\//;

describeWithOracle('pilot, mixer and the chart\'s own templates equal helm template (Helm 2.9.1 oracle)', () => {
  testSampledCases('chart-pilot-mixer', COMBINATIONS, chartSlice(OUR_TEMPLATES, OUR_CONSTRUCTS));
});

/**
 * On a remote cluster of a multicluster mesh, local names for the primary cluster's control plane (the chart's own
 * `templates/service.yaml` and `templates/endpoints.yaml`): headless Services `istio-pilot`, `istio-policy` and
 * `istio-telemetry` whose Endpoints are the primary's addresses, so that sidecars reach them by the usual names.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { reread, truthy } from './helm-text';
import { IstioConfig } from './options';

/** A named port of a remote control-plane Service. */
interface RemotePort {
  readonly name: string;
  readonly port: number;
}

/** Pilot's ports (the chart writes the monitoring port as 15014 here, whatever `global.monitoringPort` says). */
const PILOT_PORTS: readonly RemotePort[] = [
  { port: 15003, name: 'http-old-discovery' },
  { port: 15005, name: 'https-discovery' },
  { port: 15007, name: 'http-discovery' },
  { port: 15010, name: 'grpc-xds' },
  { port: 15011, name: 'https-xds' },
  { port: 8080, name: 'http-legacy-discovery' },
  { port: 15014, name: 'http-monitoring' },
];
const MIXER_PORTS: readonly RemotePort[] = [
  { name: 'grpc-mixer', port: 9091 },
  { name: 'grpc-mixer-mtls', port: 15004 },
  { name: 'http-monitoring', port: 15014 },
];
const TELEMETRY_PORTS: readonly RemotePort[] = [...MIXER_PORTS, { name: 'prometheus', port: 42422 }];

/** Endpoints as the chart writes them: an unset address stays an `ip:` with nothing (null), which cdk8s would drop. */
class ChartEndpoints extends k8s.KubeEndpoints {
  public toJson(): any {
    const json = super.toJson();
    for (const subset of json.subsets ?? []) {
      for (const a of subset.addresses ?? []) if (!('ip' in a)) a.ip = null;
    }
    return json;
  }
}

/**
 * The primary's control plane as local headless Services with fixed Endpoints: Pilot's with
 * `global.remotePilotCreateSvcEndpoint` or `global.createRemoteSvcEndpoints`, the two Mixers' with
 * `global.createRemoteSvcEndpoints` and their `global.remotePolicyAddress` / `global.remoteTelemetryAddress`.
 */
export class RemoteControlPlaneEndpoints extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const g = config.values.global;
    const createAll = truthy(g.createRemoteSvcEndpoints);
    const remotes: Array<{ name: string; address: unknown; ports: readonly RemotePort[] }> = [];
    if (truthy(g.remotePilotCreateSvcEndpoint) || createAll) remotes.push({ name: 'istio-pilot', address: g.remotePilotAddress, ports: PILOT_PORTS });
    if (createAll && truthy(g.remotePolicyAddress)) remotes.push({ name: 'istio-policy', address: g.remotePolicyAddress, ports: MIXER_PORTS });
    if (createAll && truthy(g.remoteTelemetryAddress)) remotes.push({ name: 'istio-telemetry', address: g.remoteTelemetryAddress, ports: TELEMETRY_PORTS });

    // Helm's install order puts Services with the other Services and Endpoints (a kind it does not know) last.
    for (const r of remotes) {
      new k8s.KubeService(this, `service-${r.name}`, {
        metadata: { name: r.name, namespace: config.namespace },
        spec: { ports: r.ports.map((p) => ({ ...p })), clusterIp: 'None' },
      });
    }
    for (const r of remotes) {
      new ChartEndpoints(this, `endpoints-${r.name}`, {
        metadata: { name: r.name, namespace: config.namespace },
        // The address is printed unquoted, and read back as YAML (nothing when unset).
        subsets: [{ addresses: [{ ip: reread(r.address) as string }], ports: r.ports.map((p) => ({ ...p })) }],
      });
    }
  }
}

/** From an Istio manifest to its typed construct. */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshPolicy, Policy } from './authentication';
import { DestinationRule, EnvoyFilter, Gateway, ServiceEntry, Sidecar, VirtualService } from './networking';
import { ClusterRbacConfig, ServiceRole, ServiceRoleBinding } from './rbac';

/** The typed construct of each Istio kind. */
const KINDS: Record<string, new (scope: Construct, id: string, props: { metadata: ApiObjectMetadata; spec: any }) => ApiObject> = {
  Gateway, VirtualService, DestinationRule, ServiceEntry, Sidecar, EnvoyFilter, Policy, MeshPolicy, ServiceRole, ServiceRoleBinding, ClusterRbacConfig,
};

/** The typed (and validated) construct for a manifest of one of the Istio kinds above. */
export function istioResource(scope: Construct, id: string, manifest: { kind: string; metadata: ApiObjectMetadata; spec: unknown }): ApiObject {
  const Kind = KINDS[manifest.kind];
  if (!Kind) throw new Error(`[${scope.node.path}/${id}] kind: got ${JSON.stringify(manifest.kind)}, expected one of ${Object.keys(KINDS).join(', ')}`);
  return new Kind(scope, id, { metadata: manifest.metadata, spec: manifest.spec });
}

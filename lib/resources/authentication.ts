/**
 * `authentication.istio.io/v1alpha1`: Policy (per namespace or service) and MeshPolicy (the mesh-wide default,
 * cluster-scoped, named `default`): peer (mutual TLS) and origin (JWT) authentication.
 */
import { Construct } from 'constructs';
import * as imported from '../../imports/authentication.istio.io';
import { IstioResource, IstioResourceProps, IstioSpecError, oneOfValues, port, required } from './base';

/** Peer authentication: mutual TLS (STRICT by default, or PERMISSIVE), or JWT. */
export interface PeerAuthenticationMethod {
  readonly mtls?: { readonly mode?: 'STRICT' | 'PERMISSIVE'; readonly allowTls?: boolean };
  readonly jwt?: Jwt;
}

/** A JSON Web Token issuer. */
export interface Jwt {
  readonly issuer: string;
  readonly audiences?: string[];
  readonly jwksUri?: string;
  readonly jwks?: string;
  readonly jwtHeaders?: string[];
  readonly jwtParams?: string[];
  readonly triggerRules?: Array<Record<string, unknown>>;
}

/** Spec of an authentication policy. */
export interface AuthenticationPolicySpec {
  /** The services (in the policy's namespace) it applies to, optionally per port. @default - the whole namespace */
  readonly targets?: Array<{ readonly name: string; readonly ports?: Array<{ readonly number?: number; readonly name?: string }> }>;
  readonly peers?: PeerAuthenticationMethod[];
  readonly peerIsOptional?: boolean;
  readonly origins?: Array<{ readonly jwt: Jwt }>;
  readonly originIsOptional?: boolean;
  readonly principalBinding?: 'USE_PEER' | 'USE_ORIGIN';
}

export function validateAuthenticationPolicySpec(spec: AuthenticationPolicySpec, path = 'spec'): void {
  spec?.targets?.forEach((t, i) => {
    required(t.name, `${path}.targets[${i}].name`);
    t.ports?.forEach((p, j) => {
      if (p.number !== undefined && p.name !== undefined) throw new IstioSpecError(`${path}.targets[${i}].ports[${j}]`, 'number and name are mutually exclusive');
      if (p.number !== undefined) port(p.number, `${path}.targets[${i}].ports[${j}].number`);
    });
  });
  spec?.peers?.forEach((p, i) => {
    if ((p.mtls !== undefined) === (p.jwt !== undefined)) throw new IstioSpecError(`${path}.peers[${i}]`, 'set exactly one of mtls, jwt');
    oneOfValues(p.mtls?.mode, ['STRICT', 'PERMISSIVE'], `${path}.peers[${i}].mtls.mode`);
    if (p.jwt) required(p.jwt.issuer, `${path}.peers[${i}].jwt.issuer`);
  });
  spec?.origins?.forEach((o, i) => required(o.jwt?.issuer, `${path}.origins[${i}].jwt.issuer`));
  oneOfValues(spec?.principalBinding, ['USE_PEER', 'USE_ORIGIN'], `${path}.principalBinding`);
}

/** `authentication.istio.io/v1alpha1` Policy (namespaced). */
export class Policy extends IstioResource<AuthenticationPolicySpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<AuthenticationPolicySpec>) {
    super(scope, id, imported.Policy.GVK, props, validateAuthenticationPolicySpec);
  }
}

/** The mesh-wide policy: no targets, and Istio reads only the one named `default`. */
export function validateMeshPolicySpec(spec: AuthenticationPolicySpec, path = 'spec'): void {
  validateAuthenticationPolicySpec(spec, path);
  if (spec.targets?.length) throw new IstioSpecError(`${path}.targets`, 'a MeshPolicy applies to the whole mesh and takes no targets');
}

/** `authentication.istio.io/v1alpha1` MeshPolicy (cluster-scoped; name it `default`). */
export class MeshPolicy extends IstioResource<AuthenticationPolicySpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<AuthenticationPolicySpec>) {
    if (props.metadata.namespace !== undefined) {
      throw new IstioSpecError('metadata.namespace', `got ${JSON.stringify(props.metadata.namespace)}, expected none: MeshPolicy is cluster-scoped`);
    }
    super(scope, id, imported.MeshPolicy.GVK, props, validateMeshPolicySpec);
  }
}

/**
 * `authentication.istio.io/v1alpha1`: Policy (per namespace or service) and MeshPolicy (the mesh-wide default,
 * cluster-scoped, named `default`): peer (mutual TLS) and origin (JWT) authentication.
 */
import { Construct } from 'constructs';
import * as imported from '../../imports/authentication.istio.io';
import { istioName } from '../validation/istio';
import { bool, IstioResource, IstioResourceProps, IstioSpecError, list, map, oneOfValues, port, required, specOf, str, strings, valid } from './base';

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

const nonEmpty = (v: unknown) => (v === '' ? 'a non-empty string' : undefined);

function validateJwt(jwt: unknown, path: string, issuers: Map<unknown, string>) {
  map(jwt, path, 'a map (a JWT issuer)');
  required(jwt, path);
  required(jwt!.issuer, `${path}.issuer`);
  str(jwt!.issuer, `${path}.issuer`);
  if (issuers.has(jwt!.issuer)) throw new IstioSpecError(`${path}.issuer`, `${JSON.stringify(jwt!.issuer)} is already defined at ${issuers.get(jwt!.issuer)}`);
  issuers.set(jwt!.issuer, path);
  strings(jwt!.audiences, `${path}.audiences`, nonEmpty);
  str(jwt!.jwksUri, `${path}.jwksUri`);
  valid(jwt!.jwksUri, `${path}.jwksUri`, (v) => (/^https?:\/\/[^/\s]+/.test(v as string) ? undefined : 'an http:// or https:// URL'));
  str(jwt!.jwks, `${path}.jwks`);
  strings(jwt!.jwtHeaders, `${path}.jwtHeaders`, nonEmpty);
  strings(jwt!.jwtParams, `${path}.jwtParams`, nonEmpty);
  list(jwt!.triggerRules, `${path}.triggerRules`);
}

const POLICY_FIELDS = ['targets', 'peers', 'peerIsOptional', 'origins', 'originIsOptional', 'principalBinding'];

export function validateAuthenticationPolicySpec(input: AuthenticationPolicySpec, path = 'spec'): void {
  const spec = specOf(input, path, 'authentication Policy', POLICY_FIELDS);
  list(spec.targets, `${path}.targets`);
  spec.targets?.forEach((t, i) => {
    const tp = `${path}.targets[${i}]`;
    map(t, tp, 'a map of name, ports');
    required(t, tp);
    required(t!.name, `${tp}.name`);
    valid(t!.name, `${tp}.name`, istioName);
    list(t!.ports, `${tp}.ports`);
    t!.ports?.forEach((p, j) => {
      const pp = `${tp}.ports[${j}]`;
      map(p, pp, 'a map of number or name');
      required(p, pp);
      if (p!.number !== undefined && p!.name !== undefined) throw new IstioSpecError(pp, 'number and name are mutually exclusive');
      if (p!.number === undefined && p!.name === undefined) throw new IstioSpecError(pp, 'set number or name');
      if (p!.number !== undefined) port(p!.number, `${pp}.number`);
      valid(p!.name, `${pp}.name`, istioName);
    });
  });
  const issuers = new Map<unknown, string>();
  list(spec.peers, `${path}.peers`);
  spec.peers?.forEach((p, i) => {
    const pp = `${path}.peers[${i}]`;
    map(p, pp, 'a map of mtls or jwt');
    required(p, pp);
    if ((p!.mtls !== undefined) === (p!.jwt !== undefined)) throw new IstioSpecError(pp, 'set exactly one of mtls, jwt');
    const mtls = p!.mtls;
    map(mtls, `${pp}.mtls`, 'a map of mode, allowTls ({} for STRICT)');
    oneOfValues(mtls?.mode as 'STRICT' | undefined, ['STRICT', 'PERMISSIVE'], `${pp}.mtls.mode`);
    bool(mtls?.allowTls, `${pp}.mtls.allowTls`);
    if (p!.jwt !== undefined) validateJwt(p!.jwt, `${pp}.jwt`, issuers);
  });
  bool(spec.peerIsOptional, `${path}.peerIsOptional`);
  list(spec.origins, `${path}.origins`);
  spec.origins?.forEach((o, i) => {
    map(o, `${path}.origins[${i}]`, 'a map of jwt');
    required(o, `${path}.origins[${i}]`);
    required(o!.jwt, `${path}.origins[${i}].jwt`);
    validateJwt(o!.jwt, `${path}.origins[${i}].jwt`, issuers);
  });
  bool(spec.originIsOptional, `${path}.originIsOptional`);
  oneOfValues(spec.principalBinding as 'USE_PEER' | undefined, ['USE_PEER', 'USE_ORIGIN'], `${path}.principalBinding`);
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
    if (props?.metadata?.namespace !== undefined) {
      throw new IstioSpecError('metadata.namespace', `got ${JSON.stringify(props.metadata.namespace)}, expected none: MeshPolicy is cluster-scoped`);
    }
    super(scope, id, imported.MeshPolicy.GVK, props, validateMeshPolicySpec);
  }
}

/**
 * The mutual-TLS bookkeeping of the MTLS analyzer: which mode the authentication policies require for a service
 * port (mesh, namespace, service and port policies, most specific first), and whether the DestinationRules that
 * apply to a client namespace use `ISTIO_MUTUAL` towards it (Pilot's lookup order: the client's namespace, the
 * service's, the root namespace).
 */
import { Json, list, num, obj, Resource, str } from '../resources';
import { compareHosts, hostSubsetOf, hostToFqdn, serviceOfFqdn } from '../util';

/** What a policy requires; the names are Istio's. */
export type MtlsMode = 'Plaintext' | 'Permissive' | 'Strict';

export interface ModeAndResource {
  readonly mode: MtlsMode;
  /** The policy that says so (none: nothing does, and the mesh default is plaintext). */
  readonly resource?: Resource;
}

/** A service port (`port` 0: all of its ports). */
export interface TargetService {
  readonly fqdn: string;
  readonly port: number;
}

export const targetText = (t: TargetService) => (t.port ? `${t.fqdn}:${t.port}` : t.fqdn);
const targetKey = (t: TargetService) => `${t.fqdn}:${t.port}`;

/**
 * The mode an authentication policy's first `mtls` peer method sets: strict unless `mode: PERMISSIVE`, `allowTls`
 * or `peerIsOptional`; plaintext without one. A mode Istio does not know is an error (its text).
 */
export function policyMode(spec: Json): MtlsMode | { readonly error: string } {
  for (const peer of list(spec.peers)) {
    const p = obj(peer);
    if (!('mtls' in p)) continue;
    const mtls = p.mtls;
    const setting = str(obj(mtls).mode) || 'STRICT';
    let mode: MtlsMode;
    if (setting === 'STRICT') mode = 'Strict';
    else if (setting === 'PERMISSIVE') mode = 'Permissive';
    else return { error: `unknown MTLS mode when analyzing policy: ${setting}` };
    if (mode === 'Strict' && obj(mtls).allowTls === true) mode = 'Permissive';
    if (mode === 'Strict' && spec.peerIsOptional === true) mode = 'Permissive';
    return mode;
  }
  return 'Plaintext';
}

/** Why a Policy could not be taken into account. */
export type PolicyProblem =
  | { readonly kind: 'missingPortName'; readonly portName: string; readonly fqdn: string }
  | { readonly kind: 'internal'; readonly detail: string };

export class PolicyChecker {
  private meshPolicy: ModeAndResource = { mode: 'Plaintext' };
  private readonly byNamespace = new Map<string, ModeAndResource>();
  private readonly byService = new Map<string, ModeAndResource>();

  /** `portsByFqdn`: each service's port names and numbers (policies may name ports, rules number them). */
  constructor(private readonly portsByFqdn: ReadonlyMap<string, ReadonlyMap<string, number>>) {}

  public get mesh(): ModeAndResource {
    return this.meshPolicy;
  }

  public addMeshPolicy(resource: Resource, mode: MtlsMode): void {
    this.meshPolicy = { mode, resource };
  }

  /** Record a Policy: its namespace without targets, else each target service (or named or numbered port of it). */
  public addPolicy(resource: Resource, mode: MtlsMode): PolicyProblem | undefined {
    const entry = { mode, resource };
    const targets = list(obj(resource.manifest.spec).targets).map(obj);
    if (targets.length === 0) {
      this.byNamespace.set(resource.namespace, entry);
      return undefined;
    }
    for (const target of targets) {
      const fqdn = hostToFqdn(resource.namespace, str(target.name));
      const ports = list(target.ports).map(obj);
      if (ports.length === 0) this.byService.set(targetKey({ fqdn, port: 0 }), entry);
      for (const p of ports) {
        const name = str(p.name);
        const number = num(p.number) ?? 0;
        if (name !== '') {
          const byName = this.portsByFqdn.get(fqdn)?.get(name);
          if (!byName) return { kind: 'missingPortName', portName: name, fqdn };
          this.byService.set(targetKey({ fqdn, port: byName }), entry);
        } else if (number !== 0) {
          this.byService.set(targetKey({ fqdn, port: number }), entry);
        } else {
          return { kind: 'internal', detail: `policy has a port with no name/number for target ${str(target.name)}` };
        }
      }
    }
    return undefined;
  }

  /** The mode for a service port: its port's policy, its service's, its namespace's, else the mesh's. */
  public modeFor(t: TargetService): ModeAndResource {
    const found = this.byService.get(targetKey(t)) ?? this.byService.get(targetKey({ fqdn: t.fqdn, port: 0 }));
    if (found) return found;
    const ns = serviceOfFqdn(t.fqdn)?.namespace;
    return (ns !== undefined ? this.byNamespace.get(ns) : undefined) ?? this.meshPolicy;
  }
}

interface RuleDestination {
  readonly target: TargetService;
  readonly mtls: boolean;
  /** Exported to its own namespace only. */
  readonly private: boolean;
  /** The rule (Istio does not attribute port-level settings to it). */
  readonly resource?: Resource;
}

/** Most specific first: for one host, port-level entries before the whole host; then Istio's host order. */
function compareDestinations(a: RuleDestination, b: RuleDestination): number {
  if (a.target.fqdn === b.target.fqdn) return Number(a.target.port === 0) - Number(b.target.port === 0);
  return compareHosts(a.target.fqdn, b.target.fqdn);
}

export class DestinationRuleChecker {
  private readonly byNamespace = new Map<string, RuleDestination[]>();

  constructor(private readonly rootNamespace: string) {}

  public add(resource: Resource): void {
    const spec = obj(resource.manifest.spec);
    const isPrivate = list(spec.exportTo).some((e) => e === '.');
    const fqdn = hostToFqdn(resource.namespace, str(spec.host));
    const policy = obj(spec.trafficPolicy);
    const entries = this.byNamespace.get(resource.namespace) ?? [];
    entries.push({ target: { fqdn, port: 0 }, mtls: str(obj(policy.tls).mode) === 'ISTIO_MUTUAL', private: isPrivate, resource });
    for (const pls of list(policy.portLevelSettings).map(obj)) {
      const port = num(obj(pls.port).number) ?? 0;
      entries.push({ target: { fqdn, port }, mtls: str(obj(pls.tls).mode) === 'ISTIO_MUTUAL', private: isPrivate });
    }
    this.byNamespace.set(resource.namespace, entries);
  }

  /** Whether clients in `source` use mutual TLS to `target` (in `destination`), and the rule that decides it. */
  public usesMtls(source: string, destination: string, target: TargetService): { readonly mtls: boolean; readonly resource?: Resource } {
    // The root namespace's rules are the fallback, not a client namespace's own.
    const found = (source !== this.rootNamespace ? this.match(source, target, true) : undefined)
      ?? this.match(destination, target, false)
      ?? this.match(this.rootNamespace, target, false);
    return found ? { mtls: found.mtls, resource: found.resource } : { mtls: false };
  }

  private match(namespace: string, t: TargetService, includePrivate: boolean): RuleDestination | undefined {
    const candidates = (this.byNamespace.get(namespace) ?? []).filter((d) => includePrivate || !d.private).sort(compareDestinations);
    return candidates.find((d) => hostSubsetOf(t.fqdn, d.target.fqdn)
      && !(t.port !== 0 && d.target.port !== 0 && t.port !== d.target.port)
      && !(t.port === 0 && d.target.port !== 0));
  }
}

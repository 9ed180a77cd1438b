/**
 * `rbac.istio.io/v1alpha1`: ServiceRole (what may be done), ServiceRoleBinding (who may do it) and ClusterRbacConfig
 * (where Istio authorization is on; cluster-scoped, named `default`).
 */
import { Construct } from 'constructs';
import * as imported from '../../imports/rbac.istio.io';
import { list, map, IstioResource, IstioResourceProps, IstioSpecError, oneOfValues, port, required, specOf, str, stringMap, strings } from './base';

/** One permission of a ServiceRole. */
export interface AccessRule {
  readonly services: string[];
  readonly paths?: string[];
  readonly methods?: string[];
  readonly ports?: number[];
  readonly constraints?: Array<{ readonly key: string; readonly values: string[] }>;
}

export interface ServiceRoleSpec {
  readonly rules: AccessRule[];
}

export function validateServiceRoleSpec(input: ServiceRoleSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'ServiceRole', ['rules']);
  list(spec.rules, `${path}.rules`);
  required(spec.rules, `${path}.rules`);
  spec.rules!.forEach((r, i) => {
    const rp = `${path}.rules[${i}]`;
    map(r, rp, 'a map (an access rule)');
    required(r, rp);
    list(r!.services, `${rp}.services`);
    required(r!.services, `${rp}.services`);
    for (const key of ['services', 'paths', 'methods', 'hosts', 'notHosts', 'notServices', 'notPaths', 'notMethods'] as const) strings(r![key], `${rp}.${key}`);
    for (const key of ['ports', 'notPorts'] as const) {
      list(r![key], `${rp}.${key}`, 'a list of port numbers');
      (r![key] as unknown[] | undefined)?.forEach((n, j) => port(n, `${rp}.${key}[${j}]`));
    }
    list(r!.constraints, `${rp}.constraints`);
    r!.constraints?.forEach((c, j) => {
      const cp = `${rp}.constraints[${j}]`;
      map(c, cp, 'a map of key, values');
      required(c, cp);
      required(c!.key, `${cp}.key`);
      str(c!.key, `${cp}.key`);
      list(c!.values, `${cp}.values`);
      required(c!.values, `${cp}.values`);
      strings(c!.values, `${cp}.values`);
    });
  });
}

/** `rbac.istio.io/v1alpha1` ServiceRole. */
export class ServiceRole extends IstioResource<ServiceRoleSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<ServiceRoleSpec>) {
    super(scope, id, imported.ServiceRole.GVK, props, validateServiceRoleSpec);
  }
}

/** Who a binding applies to: a user (principal), a group, or properties. */
export interface Subject {
  readonly user?: string;
  readonly group?: string;
  readonly properties?: Record<string, string>;
}

export interface ServiceRoleBindingSpec {
  readonly subjects: Subject[];
  /** The ServiceRole granted. */
  readonly roleRef: { readonly kind: 'ServiceRole'; readonly name: string };
  readonly mode?: 'ENFORCED' | 'PERMISSIVE';
}

export function validateServiceRoleBindingSpec(input: ServiceRoleBindingSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'ServiceRoleBinding', ['subjects', 'roleRef', 'mode']);
  list(spec.subjects, `${path}.subjects`);
  required(spec.subjects, `${path}.subjects`);
  spec.subjects!.forEach((s, i) => {
    const sp = `${path}.subjects[${i}]`;
    map(s, sp, 'a map of user, group, properties');
    required(s, sp);
    str(s!.user, `${sp}.user`);
    str(s!.group, `${sp}.group`);
    stringMap(s!.properties, `${sp}.properties`);
    if (!s!.user && !s!.group && !Object.keys(s!.properties ?? {}).length) throw new IstioSpecError(sp, 'set user, group or properties');
  });
  map(spec.roleRef, `${path}.roleRef`, 'a map of kind, name');
  required(spec.roleRef, `${path}.roleRef`);
  const roleRef = spec.roleRef!;
  if (roleRef.kind !== 'ServiceRole') throw new IstioSpecError(`${path}.roleRef.kind`, `got ${JSON.stringify(roleRef.kind)}, expected ServiceRole`);
  required(roleRef.name, `${path}.roleRef.name`);
  str(roleRef.name, `${path}.roleRef.name`);
  oneOfValues(spec.mode as 'ENFORCED' | undefined, ['ENFORCED', 'PERMISSIVE'], `${path}.mode`);
}

/** `rbac.istio.io/v1alpha1` ServiceRoleBinding. */
export class ServiceRoleBinding extends IstioResource<ServiceRoleBindingSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<ServiceRoleBindingSpec>) {
    super(scope, id, imported.ServiceRoleBinding.GVK, props, validateServiceRoleBindingSpec);
  }
}

export interface ClusterRbacConfigSpec {
  /** OFF, ON, ON_WITH_INCLUSION or ON_WITH_EXCLUSION. */
  readonly mode: 'OFF' | 'ON' | 'ON_WITH_INCLUSION' | 'ON_WITH_EXCLUSION';
  readonly inclusion?: { readonly services?: string[]; readonly namespaces?: string[] };
  readonly exclusion?: { readonly services?: string[]; readonly namespaces?: string[] };
  readonly enforcementMode?: 'ENFORCED' | 'PERMISSIVE';
}

export function validateClusterRbacConfigSpec(input: ClusterRbacConfigSpec, path = 'spec'): void {
  const spec = specOf(input, path, 'ClusterRbacConfig', ['mode', 'inclusion', 'exclusion', 'enforcementMode']);
  required(spec.mode, `${path}.mode`);
  oneOfValues(spec.mode as ClusterRbacConfigSpec['mode'], ['OFF', 'ON', 'ON_WITH_INCLUSION', 'ON_WITH_EXCLUSION'], `${path}.mode`);
  if (spec.mode === 'ON_WITH_INCLUSION') required(spec.inclusion, `${path}.inclusion`);
  if (spec.mode === 'ON_WITH_EXCLUSION') required(spec.exclusion, `${path}.exclusion`);
  for (const key of ['inclusion', 'exclusion'] as const) {
    const target = spec[key];
    map(target, `${path}.${key}`, 'a map of services, namespaces');
    strings(target?.services, `${path}.${key}.services`);
    strings(target?.namespaces, `${path}.${key}.namespaces`);
  }
  oneOfValues(spec.enforcementMode as 'ENFORCED' | undefined, ['ENFORCED', 'PERMISSIVE'], `${path}.enforcementMode`);
}

/** `rbac.istio.io/v1alpha1` ClusterRbacConfig (cluster-scoped; Istio reads the one named `default`). */
export class ClusterRbacConfig extends IstioResource<ClusterRbacConfigSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<ClusterRbacConfigSpec>) {
    if (props?.metadata?.namespace !== undefined) {
      throw new IstioSpecError('metadata.namespace', `got ${JSON.stringify(props.metadata.namespace)}, expected none: ClusterRbacConfig is cluster-scoped`);
    }
    super(scope, id, imported.ClusterRbacConfig.GVK, props, validateClusterRbacConfigSpec);
  }
}

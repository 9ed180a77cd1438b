/**
 * `rbac.istio.io/v1alpha1`: ServiceRole (what may be done), ServiceRoleBinding (who may do it) and ClusterRbacConfig
 * (where Istio authorization is on; cluster-scoped, named `default`).
 */
import { Construct } from 'constructs';
import * as imported from '../../imports/rbac.istio.io';
import { IstioResource, IstioResourceProps, IstioSpecError, oneOfValues, required } from './base';

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

export function validateServiceRoleSpec(spec: ServiceRoleSpec, path = 'spec'): void {
  required(spec?.rules, `${path}.rules`);
  spec.rules.forEach((r, i) => {
    required(r.services, `${path}.rules[${i}].services`);
    r.constraints?.forEach((c, j) => { required(c.key, `${path}.rules[${i}].constraints[${j}].key`); required(c.values, `${path}.rules[${i}].constraints[${j}].values`); });
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

export function validateServiceRoleBindingSpec(spec: ServiceRoleBindingSpec, path = 'spec'): void {
  required(spec?.subjects, `${path}.subjects`);
  spec.subjects.forEach((s, i) => {
    if (!s.user && !s.group && !Object.keys(s.properties ?? {}).length) throw new IstioSpecError(`${path}.subjects[${i}]`, 'set user, group or properties');
  });
  required(spec.roleRef, `${path}.roleRef`);
  if (spec.roleRef.kind !== 'ServiceRole') throw new IstioSpecError(`${path}.roleRef.kind`, `got ${JSON.stringify(spec.roleRef.kind)}, expected ServiceRole`);
  required(spec.roleRef.name, `${path}.roleRef.name`);
  oneOfValues(spec.mode, ['ENFORCED', 'PERMISSIVE'], `${path}.mode`);
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

export function validateClusterRbacConfigSpec(spec: ClusterRbacConfigSpec, path = 'spec'): void {
  required(spec?.mode, `${path}.mode`);
  oneOfValues(spec.mode, ['OFF', 'ON', 'ON_WITH_INCLUSION', 'ON_WITH_EXCLUSION'], `${path}.mode`);
  if (spec.mode === 'ON_WITH_INCLUSION') required(spec.inclusion, `${path}.inclusion`);
  if (spec.mode === 'ON_WITH_EXCLUSION') required(spec.exclusion, `${path}.exclusion`);
  oneOfValues(spec.enforcementMode, ['ENFORCED', 'PERMISSIVE'], `${path}.enforcementMode`);
}

/** `rbac.istio.io/v1alpha1` ClusterRbacConfig (cluster-scoped; Istio reads the one named `default`). */
export class ClusterRbacConfig extends IstioResource<ClusterRbacConfigSpec> {
  constructor(scope: Construct, id: string, props: IstioResourceProps<ClusterRbacConfigSpec>) {
    if (props.metadata.namespace !== undefined) {
      throw new IstioSpecError('metadata.namespace', `got ${JSON.stringify(props.metadata.namespace)}, expected none: ClusterRbacConfig is cluster-scoped`);
    }
    super(scope, id, imported.ClusterRbacConfig.GVK, props, validateClusterRbacConfigSpec);
  }
}

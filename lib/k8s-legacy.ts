/**
 * The beta Kubernetes APIs Istio 1.2.2 ships, which cdk8s-plus-25's Kubernetes 1.25 imports no longer have:
 * small typed L1 classes, one per kind, each an `ApiObject` with the release's apiVersion.
 */
import { ApiObjectMetadata } from 'cdk8s';
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-json';

/** `metadata` plus the kind's own top-level fields. */
interface LegacyProps {
  readonly metadata: ApiObjectMetadata;
}

// ---------------------------------------------------------------- apiextensions.k8s.io/v1beta1

export interface CrdNames {
  readonly kind: string;
  readonly plural: string;
  readonly singular?: string;
  readonly listKind?: string;
  readonly shortNames?: string[];
  readonly categories?: string[];
}

export interface CrdPrinterColumn {
  readonly JSONPath: string;
  readonly name: string;
  readonly type: string;
  readonly description?: string;
  readonly format?: string;
  readonly priority?: number;
}

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
}

export interface CustomResourceDefinitionV1Beta1Spec {
  readonly group: string;
  readonly names: CrdNames;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly version?: string;
  readonly versions?: CrdVersion[];
  readonly additionalPrinterColumns?: CrdPrinterColumn[];
  readonly subresources?: { readonly status?: Record<string, never> };
  readonly validation?: { readonly openAPIV3Schema: Record<string, unknown> };
}

export interface CustomResourceDefinitionV1Beta1Props extends LegacyProps {
  readonly spec: CustomResourceDefinitionV1Beta1Spec;
}

/** `apiextensions.k8s.io/v1beta1` CustomResourceDefinition (cluster-scoped). */
export class CustomResourceDefinitionV1Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: CustomResourceDefinitionV1Beta1Props) {
    super(scope, id, { apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', ...props });
  }
}

// ---------------------------------------------------------------- autoscaling/v2beta1

export interface HorizontalPodAutoscalerV2Beta1Props extends LegacyProps {
  readonly spec: {
    readonly maxReplicas: number;
    readonly minReplicas?: number;
    readonly scaleTargetRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    readonly metrics?: Array<{
      readonly type: 'Resource';
      readonly resource: { readonly name: string; readonly targetAverageUtilization?: number; readonly targetAverageValue?: string };
    }>;
  };
}

/** `autoscaling/v2beta1` HorizontalPodAutoscaler. */
export class HorizontalPodAutoscalerV2Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerV2Beta1Props) {
    super(scope, id, { apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler', ...props });
  }
}

// ---------------------------------------------------------------- policy/v1beta1

export interface PodDisruptionBudgetV1Beta1Props extends LegacyProps {
  readonly spec: {
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
    readonly selector: k8s.LabelSelector;
  };
}

/** `policy/v1beta1` PodDisruptionBudget. */
export class PodDisruptionBudgetV1Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: PodDisruptionBudgetV1Beta1Props) {
    super(scope, id, { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', ...props });
  }
}

// ---------------------------------------------------------------- admissionregistration.k8s.io/v1beta1

export interface WebhookV1Beta1 {
  readonly name: string;
  readonly clientConfig: {
    readonly service?: { readonly name: string; readonly namespace: string; readonly path?: string };
    readonly url?: string;
    /** Omitted when empty: the webhook's controller patches it in at run time. */
    readonly caBundle?: string;
  };
  readonly rules?: Array<{
    readonly operations: string[];
    readonly apiGroups: string[];
    readonly apiVersions: string[];
    readonly resources: string[];
    readonly scope?: string;
  }>;
  readonly failurePolicy?: 'Ignore' | 'Fail';
  readonly namespaceSelector?: k8s.LabelSelector;
  readonly objectSelector?: k8s.LabelSelector;
  readonly sideEffects?: string;
}

export interface MutatingWebhookConfigurationV1Beta1Props extends LegacyProps {
  readonly webhooks: WebhookV1Beta1[];
}

/** `admissionregistration.k8s.io/v1beta1` MutatingWebhookConfiguration (cluster-scoped). */
export class MutatingWebhookConfigurationV1Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: MutatingWebhookConfigurationV1Beta1Props) {
    super(scope, id, { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'MutatingWebhookConfiguration', ...props });
  }
}

// ---------------------------------------------------------------- rbac.authorization.k8s.io/v1beta1

export interface ClusterRoleV1Beta1Props extends LegacyProps {
  readonly rules: k8s.PolicyRule[];
}

/** `rbac.authorization.k8s.io/v1beta1` ClusterRole (the release's security post-install Job still uses it). */
export class ClusterRoleV1Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: ClusterRoleV1Beta1Props) {
    super(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', ...props });
  }
}

export interface ClusterRoleBindingV1Beta1Props extends LegacyProps {
  readonly roleRef: k8s.RoleRef;
  readonly subjects: k8s.Subject[];
}

/** `rbac.authorization.k8s.io/v1beta1` ClusterRoleBinding. */
export class ClusterRoleBindingV1Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: ClusterRoleBindingV1Beta1Props) {
    super(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding', ...props });
  }
}

// ---------------------------------------------------------------- extensions/v1beta1

/** A path of an Ingress rule and the Service port it routes to. */
export interface IngressPathV1Beta1 {
  readonly path?: string;
  readonly backend: { readonly serviceName: string; readonly servicePort: number | string };
}

/** A rule of an Ingress: an optional host and its paths. */
export interface IngressRuleV1Beta1 {
  readonly host?: string;
  readonly http: { readonly paths: IngressPathV1Beta1[] };
}

export interface IngressV1Beta1Props extends LegacyProps {
  readonly spec: {
    readonly rules: IngressRuleV1Beta1[];
    readonly tls?: Array<{ readonly hosts?: string[]; readonly secretName?: string }>;
  };
}

/** `extensions/v1beta1` Ingress (the addon charts' optional UI ingresses). */
export class IngressV1Beta1 extends PlainApiObject {
  constructor(scope: Construct, id: string, props: IngressV1Beta1Props) {
    super(scope, id, { apiVersion: 'extensions/v1beta1', kind: 'Ingress', ...props });
  }
}

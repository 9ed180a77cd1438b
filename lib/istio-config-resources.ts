/**
 * Small typed L1 classes for the Istio custom resources the control plane's charts create as objects: Mixer's
 * `config.istio.io/v1alpha2` kinds (attributemanifest, handler, instance, rule). Each is an `ApiObject` with the
 * release's apiVersion and kind and a typed `spec`. (Users' networking, authentication and RBAC resources are in
 * `lib/resources/`.)
 */
import { ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-json';

/** `metadata` plus a kind's typed `spec`. */
export interface IstioResourceProps<S> {
  readonly metadata: ApiObjectMetadata;
  readonly spec: S;
}

// ---------------------------------------------------------------- config.istio.io/v1alpha2

const CONFIG_API_VERSION = 'config.istio.io/v1alpha2';

/** The types a Mixer attribute can have (istio.policy.v1beta1.ValueType). */
export type AttributeValueType =
  | 'STRING' | 'INT64' | 'DOUBLE' | 'BOOL' | 'TIMESTAMP' | 'IP_ADDRESS' | 'EMAIL_ADDRESS' | 'URI' | 'DNS_NAME'
  | 'DURATION' | 'STRING_MAP';

/** One attribute of a manifest. */
export interface AttributeInfo {
  readonly valueType: AttributeValueType;
  readonly description?: string;
}

/** Spec of an `attributemanifest`: the attributes a producer (e.g. the proxy) may send to Mixer. */
export interface AttributeManifestSpec {
  readonly name?: string;
  readonly revision?: string;
  readonly attributes: Record<string, AttributeInfo>;
}

/** `config.istio.io/v1alpha2` attributemanifest. */
export class AttributeManifest extends PlainApiObject {
  constructor(scope: Construct, id: string, props: IstioResourceProps<AttributeManifestSpec>) {
    super(scope, id, { apiVersion: CONFIG_API_VERSION, kind: 'attributemanifest', ...props });
  }
}

/** Spec of a `handler`: a configured adapter. */
export interface HandlerSpec<P extends object = Record<string, unknown>> {
  /** A compiled-in adapter (`stdio`, `prometheus`, `kubernetesenv` ...). */
  readonly compiledAdapter?: string;
  /** An out-of-process adapter's name. */
  readonly adapter?: string;
  /** The adapter's parameters; `null` renders an empty `params:` key. */
  readonly params?: P | null;
  /** Where an out-of-process adapter listens. */
  readonly connection?: { readonly address: string; readonly timeout?: string };
}

/** `config.istio.io/v1alpha2` handler. */
export class Handler<P extends object = Record<string, unknown>> extends PlainApiObject {
  constructor(scope: Construct, id: string, props: IstioResourceProps<HandlerSpec<P>>) {
    super(scope, id, { apiVersion: CONFIG_API_VERSION, kind: 'handler', ...props });
    // cdk8s drops null values when rendering; an explicitly empty `params` is restored after that.
    if (props.spec.params === null) this.addJsonPatch(JsonPatch.add('/spec/params', null));
  }
}

/** Spec of an `instance`: how a template's fields are computed from attributes. */
export interface InstanceSpec<P extends object = Record<string, unknown>> {
  /** A compiled-in template (`logentry`, `metric`, `kubernetes` ...). */
  readonly compiledTemplate?: string;
  /** An out-of-process template's name. */
  readonly template?: string;
  readonly params: P;
  /** For attribute-generating templates: the attributes filled from the adapter's output (`$out`). */
  readonly attributeBindings?: Record<string, string>;
}

/** `config.istio.io/v1alpha2` instance. */
export class Instance<P extends object = Record<string, unknown>> extends PlainApiObject {
  constructor(scope: Construct, id: string, props: IstioResourceProps<InstanceSpec<P>>) {
    super(scope, id, { apiVersion: CONFIG_API_VERSION, kind: 'instance', ...props });
  }
}

/** An action of a rule: send these instances to this handler. */
export interface RuleAction {
  readonly handler: string;
  readonly instances: string[];
  readonly name?: string;
}

/** Header edits a rule applies to requests or responses. */
export interface HeaderOperation {
  readonly name: string;
  readonly values?: string[];
  readonly operation?: 'REPLACE' | 'REMOVE' | 'APPEND';
}

/** Spec of a `rule`: when (match) which actions run. */
export interface RuleSpec {
  /** An attribute expression; absent means always. */
  readonly match?: string;
  readonly actions: RuleAction[];
  readonly requestHeaderOperations?: HeaderOperation[];
  readonly responseHeaderOperations?: HeaderOperation[];
}

/** `config.istio.io/v1alpha2` rule. */
export class Rule extends PlainApiObject {
  constructor(scope: Construct, id: string, props: IstioResourceProps<RuleSpec>) {
    super(scope, id, { apiVersion: CONFIG_API_VERSION, kind: 'rule', ...props });
  }
}

/**
 * What the typed Istio resources share: props (`metadata` and a typed `spec`), the error a bad spec raises, and the
 * checks the Istio 1.2 API constrains (required fields, one-of fields, ports, enums).
 */
import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { plainApiObjectJson } from '../plain-json';
import { annotationKey, Check, dns1123Label, dns1123Subdomain, isPlainObject, labelKey, labelValue } from '../validation/k8s';
import { istioDuration } from '../validation/istio';
import { quote } from '../validation/preview';

/** `metadata` plus a kind's typed `spec`. */
export interface IstioResourceProps<S> {
  readonly metadata: ApiObjectMetadata;
  readonly spec: S;
}

/** A spec the Istio API would refuse: names the field, the value and what is allowed. */
export class IstioSpecError extends Error {
  constructor(readonly field: string, readonly detail: string, readonly scope?: string) {
    super(`${scope ? `[${scope}] ` : ''}${field}: ${detail}`);
    this.name = 'IstioSpecError';
  }
}

export function required(value: unknown, field: string): void {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    throw new IstioSpecError(field, 'is required');
  }
}

/** At most one of the fields is set (`exactly` also requires one). */
export function oneOf(obj: Record<string, unknown> | undefined, fields: string[], path: string, exactly = false): void {
  const set = fields.filter((f) => obj?.[f] !== undefined);
  if (set.length > 1) throw new IstioSpecError(`${path}`, `${set.join(' and ')} are mutually exclusive, set one of ${fields.join(', ')}`);
  if (exactly && set.length === 0) throw new IstioSpecError(`${path}`, `set one of ${fields.join(', ')}`);
}

export function port(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new IstioSpecError(field, `got ${quote(value)}, expected a port number from 1 to 65535`);
  }
}

export function oneOfValues<T extends string>(value: T | undefined, allowed: readonly T[], field: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new IstioSpecError(field, `got ${quote(value)}, expected one of ${allowed.join(', ')}`);
  }
}

// Run-time shape checks: JavaScript callers (and `any`) get no help from the compiler, so the API's field types are
// checked too. Each accepts `undefined` (an unset optional field); `required` says when a field must be set.

/** `got <value>, expected <what>` at a field. */
export function invalid(field: string, value: unknown, expected: string): never {
  throw new IstioSpecError(field, `got ${quote(value)}, expected ${expected}`);
}

/** A map (a plain object), or unset. */
export function map(value: unknown, field: string, what = 'a map'): asserts value is Record<string, unknown> | undefined {
  if (value !== undefined && !isPlainObject(value)) invalid(field, value, what);
}

/** The spec itself: a map with only the kind's fields. */
export function specOf(spec: unknown, path: string, kind: string, fields: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(spec)) invalid(path, spec, `a map (the ${kind} spec)`);
  const unknown = Object.keys(spec).find((k) => !fields.includes(k));
  if (unknown !== undefined) invalid(`${path}.${unknown}`, spec[unknown], `no such field (a ${kind} spec has ${fields.join(', ')})`);
  return spec;
}

/** A list, or unset. */
export function list(value: unknown, field: string, what = 'a list'): asserts value is unknown[] | undefined {
  if (value !== undefined && !Array.isArray(value)) invalid(field, value, what);
}

/** A string, or unset. */
export function str(value: unknown, field: string): asserts value is string | undefined {
  if (value !== undefined && typeof value !== 'string') invalid(field, value, 'a string');
}

/** A boolean, or unset. */
export function bool(value: unknown, field: string): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') invalid(field, value, 'true or false');
}

/** A whole number within bounds, or unset. */
export function whole(value: unknown, field: string, min: number, max = 2 ** 31 - 1): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
    invalid(field, value, max === 2 ** 31 - 1 ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`);
  }
}

/** A number within bounds, or unset. */
export function numberIn(value: unknown, field: string, min: number, max: number): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)) {
    invalid(field, value, `a number from ${min} to ${max}`);
  }
}

/** A list of strings, or unset; each string also passes `check` when given. */
export function strings(value: unknown, field: string, check?: Check): void {
  list(value, field, 'a list of strings');
  value?.forEach((v, i) => {
    if (typeof v !== 'string') invalid(`${field}[${i}]`, v, 'a string');
    const e = check?.(v);
    if (e) invalid(`${field}[${i}]`, v, e);
  });
}

/** A map of strings to strings, or unset. */
export function stringMap(value: unknown, field: string): void {
  map(value, field, 'a map of strings');
  for (const [k, v] of Object.entries(value ?? {})) if (typeof v !== 'string') invalid(`${field}.${k}`, v, 'a string');
}

/** A value passing a `Check` from `lib/validation`, or unset. */
export function valid(value: unknown, field: string, check: Check): void {
  if (value === undefined) return;
  const e = check(value);
  if (e) invalid(field, value, e);
}

/** Labels or a label selector's `matchLabels`: Kubernetes label keys and values. */
export function labels(value: unknown, field: string): void {
  map(value, field, 'a map of label keys to label values');
  for (const [k, v] of Object.entries(value ?? {})) {
    const keyError = labelKey(k);
    if (keyError) invalid(field, k, `label keys that are ${keyError.replace(/^a label key: /, 'qualified names: ')}`);
    valid(v, `${field}.${k}`, labelValue);
    if (v === undefined) invalid(`${field}.${k}`, v, 'a label value (a string)');
  }
}

/** A duration field of the Istio API (`timeout`, `connectTimeout`, `interval`...), or unset. */
export function duration(value: unknown, field: string): void {
  valid(value, field, istioDuration);
}

/** The object's metadata: a map; its name, namespace, labels and annotation keys as Kubernetes requires. */
export function validateMetadata(metadata: unknown, path = 'metadata'): void {
  if (!isPlainObject(metadata)) invalid(path, metadata, 'a map (the object metadata)');
  valid(metadata.name, `${path}.name`, dns1123Subdomain);
  valid(metadata.namespace, `${path}.namespace`, dns1123Label);
  labels(metadata.labels, `${path}.labels`);
  map(metadata.annotations, `${path}.annotations`, 'a map of annotation keys to strings');
  for (const [k, v] of Object.entries(metadata.annotations ?? {})) {
    const keyError = annotationKey(k);
    if (keyError) invalid(`${path}.annotations`, k, `annotation keys that are ${keyError.replace(/^an annotation key: /, 'qualified names: ')}`);
    if (typeof v !== 'string') invalid(`${path}.annotations.${k}`, v, 'a string');
  }
}

/**
 * The common base of the typed Istio resources: validates the spec eagerly, errors carry the construct path. The
 * apiVersion and kind come from the classes `cdk8s import` generated (`imports/`) from our CRDs; those have no spec,
 * which is what this adds.
 */
export abstract class IstioResource<S> extends ApiObject {
  constructor(scope: Construct, id: string, gvk: GroupVersionKind, props: IstioResourceProps<S>, validate: (spec: S, path: string) => void) {
    try {
      if (!isPlainObject(props)) invalid('props', props, 'a map of metadata and spec');
      validateMetadata(props.metadata);
      validate(props.spec, 'spec');
    } catch (e) {
      if (e instanceof IstioSpecError) {
        const where = scope.node.path ? `${scope.node.path}/${id}` : id;
        throw new IstioSpecError(e.field, e.detail, where);
      }
      throw e;
    }
    super(scope, id, { ...gvk, metadata: props.metadata, spec: props.spec } as any);
  }

  /** The object's manifest, as `ApiObject.toJson` writes it (through a faster path for plain specs, lib/plain-json.ts). */
  public toJson(): any {
    return plainApiObjectJson(this) ?? super.toJson();
  }
}

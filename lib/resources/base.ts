/**
 * What the typed Istio resources share: props (`metadata` and a typed `spec`), the error a bad spec raises, and the
 * checks the Istio 1.2 API constrains (required fields, one-of fields, ports, enums).
 */
import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

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
    throw new IstioSpecError(field, `got ${JSON.stringify(value)}, expected a port number from 1 to 65535`);
  }
}

export function oneOfValues<T extends string>(value: T | undefined, allowed: readonly T[], field: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new IstioSpecError(field, `got ${JSON.stringify(value)}, expected one of ${allowed.join(', ')}`);
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
}

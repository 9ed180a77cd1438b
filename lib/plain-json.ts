/**
 * cdk8s' `ApiObject.toJson`, made fast for objects whose props are plain data, as every object of the installation's
 * are: the same JSON, key for key and in the same order, in about a third of the time.
 *
 * cdk8s resolves every value of an object through the app's resolvers (looking the app up again for each value and
 * copying the key path each time), then copies the result once more to sort its keys and drop empty values. For a
 * tree of strings, numbers, booleans, lists and plain maps, with the `IntOrString` and `Quantity` wrappers of the L1
 * classes, that comes down to one sorted copy, which `plainApiObjectJson` makes in a single pass (JSON patches are
 * then applied as cdk8s applies them). Anything else (a `Lazy`, a value with a `resolve` method, another class, an app
 * with its own resolvers, a cdk8s release it was not checked against) makes it give up, and the object takes cdk8s'
 * own path, so the result is always what cdk8s would write. test/plain-json.test.ts compares both on every object of
 * several installations and on each of those cases.
 */
import {
  ApiObject, ApiObjectMetadataDefinition, ApiObjectProps, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The cdk8s releases whose `toJson` this reproduces (checked by test/plain-json.test.ts). With any other cdk8s every
 * object takes cdk8s' own path, and that test fails until the new release is checked and added here.
 */
const CHECKED_CDK8S = /^2\.70\./;
const cdk8sVersion: unknown = (ApiObject as unknown as Record<symbol, { version?: unknown } | undefined>)[Symbol.for('jsii.rtti')]?.version;
const checkedCdk8s = typeof cdk8sVersion === 'string' && CHECKED_CDK8S.test(cdk8sVersion);

/** Thrown inside the walk when a value needs cdk8s' general resolution. */
const NOT_PLAIN = Symbol('not plain data');

let enabled = true;

/**
 * Turn the fast path off (or back on), so every object takes cdk8s' own `toJson`: for tests that compare the two.
 * @internal
 */
export function usePlainJson(on: boolean): void {
  enabled = on;
}

/** The app's resolvers are cdk8s' defaults, in their order (no resolver of the user's that could change a value). */
function defaultResolvers(obj: ApiObject): boolean {
  const r = App.of(obj).resolvers;
  return r.length === 3 && r[0].constructor === LazyResolver && r[1].constructor === ImplicitTokenResolver
    && r[2].constructor === NumberStringUnionResolver;
}

/**
 * `sanitizeValue(resolve([], v, obj), { sortKeys })` for plain data, as cdk8s computes it with its default resolvers:
 * nulls dropped from maps (kept, as `undefined`, in lists), keys sorted, `IntOrString`/`Quantity` as `{ value }`.
 */
function plain(v: any, sortKeys: boolean, dropEmpty = false): any {
  if (v === null || v === undefined) return undefined;
  const t = typeof v;
  if (t !== 'object') {
    if (t === 'function') throw NOT_PLAIN;
    return v;
  }
  if (typeof v.resolve === 'function' || v instanceof Lazy) throw NOT_PLAIN;
  if (Array.isArray(v)) return dropEmpty && v.length === 0 ? undefined : v.map((x) => plain(x, sortKeys, dropEmpty));
  if (v.constructor === Object) {
    const keys = Object.keys(v);
    if (sortKeys) keys.sort();
    const out: Record<string, unknown> = {};
    let empty = true;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === '__proto__') throw NOT_PLAIN;
      const x = plain(v[k], sortKeys, dropEmpty);
      if (x !== undefined && x !== null) {
        out[k] = x;
        empty = false;
      }
    }
    return dropEmpty && empty ? undefined : out;
  }
  // NumberStringUnionResolver: a class holding a number or string in `value` (IntOrString, Quantity) becomes `{ value }`.
  const inner = typeof v.value;
  if (inner === 'number' || inner === 'string') return { value: v.value };
  throw NOT_PLAIN;
}

/** The fields of cdk8s' `ApiObjectMetadataDefinition` its `toJson` reads. */
const METADATA_FIELDS = ['_additionalAttributes', 'name', 'namespace', 'annotations', 'finalizers', 'ownerReferences', 'labels'];

/**
 * `obj.metadata.toJson()` for plain metadata: its fields resolved and sanitized (keys sorted, empty lists and maps
 * dropped), as cdk8s' `ApiObjectMetadataDefinition.toJson` makes them. Throws `NOT_PLAIN` when it cannot.
 */
function plainMetadata(obj: ApiObject): any {
  const md = obj.metadata as unknown as Record<string, any>;
  if (Object.getPrototypeOf(md) !== ApiObjectMetadataDefinition.prototype || !METADATA_FIELDS.every((f) => Object.prototype.hasOwnProperty.call(md, f))) throw NOT_PLAIN;
  return plain({
    ...md._additionalAttributes,
    name: md.name,
    namespace: md.namespace,
    annotations: md.annotations,
    finalizers: md.finalizers,
    ownerReferences: md.ownerReferences,
    labels: md.labels,
  }, true, true);
}

/**
 * What `ApiObject.prototype.toJson` returns for `obj`, or `undefined` when the object needs cdk8s' own path (see the
 * module's comment).
 */
export function plainApiObjectJson(obj: ApiObject): any {
  if (!enabled || !checkedCdk8s) return undefined;
  const { props, patches } = obj as unknown as { props?: unknown; patches?: unknown };
  if (props === null || typeof props !== 'object' || !Array.isArray(patches) || !defaultResolvers(obj)) return undefined;
  let json: Record<string, unknown>;
  try {
    json = plain({ ...props, metadata: plainMetadata(obj) }, !process.env.CDK8S_DISABLE_SORT);
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
  const patched = patches.length > 0 ? JsonPatch.apply(json, ...patches) : json;
  // As cdk8s orders them: apiVersion, kind and metadata first, then the rest.
  const result: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
    if (k in patched) result[k] = patched[k];
  }
  return result;
}

/** An `ApiObject` whose `toJson` takes the fast path when it can (for the objects this library types itself). */
export class PlainApiObject extends ApiObject {
  constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
  }

  public toJson(): any {
    return plainApiObjectJson(this) ?? super.toJson();
  }
}

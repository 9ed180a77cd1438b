/**
 * Pure validators mirroring Kubernetes' own rules (k8s.io/apimachinery `util/validation`, `api/resource`, the core/v1
 * validation of tolerations, selectors and affinity, docker's reference grammar, Go's `time.ParseDuration`).
 *
 * A `Check` returns `undefined` when the value is allowed, or a short description of what is allowed. A `DeepCheck`
 * (for structured values: tolerations, selectors, affinity, maps) returns a `Problem` naming where inside the value
 * the trouble is (`.operator`, `[2].key`), the value found there and what is allowed.
 */

/** `undefined` when allowed, else what is allowed. */
export type Check = (value: unknown) => string | undefined;

/** A problem inside a structured value. `at` is relative to the value: '' (the value itself), `.key`, `[1].key`. */
export interface Problem {
  readonly at: string;
  readonly value: unknown;
  readonly expected: string;
}

/** `undefined` when allowed, else where and what. */
export type DeepCheck = (value: unknown) => Problem | undefined;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Run a `Check` as a `DeepCheck` on the value itself. */
export const deep = (check: Check): DeepCheck => (value) => {
  const expected = check(value);
  return expected === undefined ? undefined : { at: '', value, expected };
};

/** A `Problem` found at `at` below an element, moved to be relative to the element's container. */
const under = (prefix: string, p: Problem | undefined): Problem | undefined => (p ? { ...p, at: `${prefix}${p.at}` } : undefined);

/** The first problem of a list's elements. */
export function eachOf(check: DeepCheck, what: string): DeepCheck {
  return (value) => {
    if (!Array.isArray(value)) return { at: '', value, expected: what };
    for (let i = 0; i < value.length; i++) {
      const p = under(`[${i}]`, check(value[i]));
      if (p) return p;
    }
    return undefined;
  };
}

/** Allow `null` (a chart value left empty) besides what `check` allows. */
export const orNull = (check: Check): Check => (value) => (value === null ? undefined : check(value));

/** One of a fixed set of strings. */
export const oneOf = (allowed: readonly string[]): Check => (value) =>
  (isString(value) && allowed.includes(value) ? undefined : `one of ${allowed.join(', ')}`);

// ------------------------------------------------------------------ names (apimachinery util/validation)

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const DNS1123_LABEL_RULE = 'a DNS-1123 label: at most 63 lower-case letters, digits and -, starting and ending with a letter or digit';
const DNS1123_SUBDOMAIN_RULE = 'a DNS-1123 subdomain: at most 253 characters, dot-separated lower-case labels of letters, digits and -';
const DNS1035_LABEL_RULE = 'a DNS-1035 label: at most 63 lower-case letters, digits and -, starting with a letter and ending with a letter or digit';
const NAME_PART_RULE = '1 to 63 letters, digits, -, _ or . starting and ending with a letter or digit';
const QUALIFIED_NAME_RULE = `an optional DNS subdomain prefix and /, then ${NAME_PART_RULE}`;

export const dns1123Label: Check = (v) => (isString(v) && v.length <= 63 && DNS1123_LABEL.test(v) ? undefined : DNS1123_LABEL_RULE);
export const dns1123Subdomain: Check = (v) => (isString(v) && v.length <= 253 && DNS1123_SUBDOMAIN.test(v) ? undefined : DNS1123_SUBDOMAIN_RULE);
export const dns1035Label: Check = (v) => (isString(v) && v.length <= 63 && DNS1035_LABEL.test(v) ? undefined : DNS1035_LABEL_RULE);

function isQualifiedName(v: string): boolean {
  const parts = v.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0].length === 0 || dns1123Subdomain(parts[0]) !== undefined)) return false;
  return name.length >= 1 && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** A qualified name (`IsQualifiedName`): `[prefix/]name`, e.g. `app`, `kubernetes.io/arch`. */
export const qualifiedName: Check = (v) => (isString(v) && isQualifiedName(v) ? undefined : `a qualified name: ${QUALIFIED_NAME_RULE}`);
/** A label key: a qualified name. */
export const labelKey: Check = (v) => (isString(v) && isQualifiedName(v) ? undefined : `a label key: ${QUALIFIED_NAME_RULE}`);
/** A label value: empty, or up to 63 characters. */
export const labelValue: Check = (v) =>
  (isString(v) && v.length <= 63 && LABEL_VALUE.test(v) ? undefined : `a label value: a string, empty or ${NAME_PART_RULE}`);
/** An annotation key: a qualified name (Kubernetes checks it lower-cased). */
export const annotationKey: Check = (v) =>
  (isString(v) && isQualifiedName(v.toLowerCase()) ? undefined : `an annotation key: ${QUALIFIED_NAME_RULE}`);
/** A key of a Secret's or ConfigMap's data. */
export const configMapKey: Check = (v) =>
  (isString(v) && v.length >= 1 && v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && v !== '.' && v !== '..'
    ? undefined : 'a data key: 1 to 253 letters, digits, -, _ or .');
/** A Service port name (`IANA_SVC_NAME` is stricter; Kubernetes checks service port names as DNS-1123 labels). */
export const servicePortName: Check = dns1123Label;
/** A named container port (`IsValidPortName`): at most 15 lower-case letters, digits and -, with a letter. */
export const portName: Check = (v) =>
  (isString(v) && v.length >= 1 && v.length <= 15 && /^[-a-z0-9]+$/.test(v) && /[a-z]/.test(v) && !/--/.test(v) && !v.startsWith('-') && !v.endsWith('-')
    ? undefined : 'a port name: 1 to 15 lower-case letters, digits and single -, with at least one letter');

// ------------------------------------------------------------------ resource quantities (api/resource)

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity (`100m` is 0.1, `1Gi` is 2^30), or `undefined` when it is not one. */
export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (!isString(v) || v.length > 64) return undefined;
  const m = QUANTITY.exec(v);
  if (!m) return undefined;
  const [, sign, number, suffix = ''] = m;
  const base = Number(number) * (sign === '-' ? -1 : 1);
  const scale = BINARY[suffix] ?? DECIMAL[suffix] ?? 10 ** Number(suffix.slice(1));
  return base * scale;
}

const QUANTITY_RULE = 'Kubernetes quantity such as 100m, 0.5, 128Mi, 1Gi or 2e3 (a number and an optional suffix, no space)';

/** A quantity in Kubernetes' grammar: `100m`, `1Gi`, `2e3`, `0.5` (not `2 GB`). */
export const quantity: Check = (v) => (quantityValue(v) !== undefined ? undefined : `a ${QUANTITY_RULE}`);
/** A quantity of a container resource: not negative. */
export const resourceQuantity: Check = (v) => {
  const n = quantityValue(v);
  return n !== undefined && n >= 0 ? undefined : `a non-negative ${QUANTITY_RULE}`;
};

// ------------------------------------------------------------------ image references (docker/distribution reference)

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** A repository name: `[domain/]path[/path...]`. */
function isRepository(name: string): boolean {
  if (name.length === 0 || name.length > NAME_TOTAL_LENGTH_MAX) return false;
  const parts = name.split('/');
  if (parts.every((p) => PATH_COMPONENT.test(p))) return true;
  return parts.length > 1 && DOMAIN.test(parts[0]) && parts.slice(1).every((p) => PATH_COMPONENT.test(p));
}

/** Split `name[:tag][@digest]`; the tag's `:` is the last one after the last `/`. */
function splitReference(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  return colon > rest.lastIndexOf('/') ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest } : { name: rest, digest };
}

const IMAGE_RULE = 'an image reference: [registry/]repository[:tag][@digest] with a lower-case repository, e.g. docker.io/istio/pilot:1.2.2';

/** An image reference: `repository[:tag][@digest]`, tag `[\w][\w.-]{0,127}`. */
export const imageReference: Check = (v) => {
  if (!isString(v) || v.length > 1024) return IMAGE_RULE;
  const { name, tag, digest } = splitReference(v);
  if (!isRepository(name)) return IMAGE_RULE;
  if (tag !== undefined && !TAG.test(tag)) return IMAGE_RULE;
  if (digest !== undefined && !DIGEST.test(digest)) return IMAGE_RULE;
  return undefined;
};

/** A registry path images are named under (a hub): `docker.io/istio`, `gcr.io/istio-release`, `localhost:5000`. */
export const imageRepositoryPrefix: Check = (v) =>
  (isString(v) && v.length < NAME_TOTAL_LENGTH_MAX && isRepository(`${v}/x`) ? undefined
    : 'a registry path such as docker.io/istio or registry.example.com:5000/istio (lower-case repository, no tag)');

/** A repository without tag: `grafana/grafana`, `docker.io/istio/pilot`. */
export const imageRepository: Check = (v) =>
  (isString(v) && isRepository(v) ? undefined : 'an image repository such as grafana/grafana (lower-case, no tag)');

/** An image tag; numbers are taken as the chart renders them (`tag: 1.9`). */
export const imageTag: Check = (v) =>
  ((isString(v) || (typeof v === 'number' && Number.isFinite(v) && v >= 0)) && TAG.test(String(v))
    ? undefined : 'an image tag: 1 to 128 letters, digits, _, . and -, not starting with . or -');

/** The text of a tag value as the chart renders it. */
export const tagText = (v: unknown): string => String(v);

// ------------------------------------------------------------------ numbers and ports

export const INT32_MAX = 2 ** 31 - 1;

export const port: Check = (v) => (isWhole(v) && v >= 1 && v <= 65535 ? undefined : 'a port number: a whole number from 1 to 65535');
/** A container port a Service targets: a number, or a container port's name. */
export const targetPort: Check = (v) => (isString(v) ? portName(v) : port(v) === undefined ? undefined : 'a port number from 1 to 65535 or a container port name');

/** The NodePort range of a cluster that kept Kubernetes' default `--service-node-port-range`. */
export const DEFAULT_NODE_PORT_RANGE: readonly [number, number] = [30000, 32767];

/** A node port within the cluster's range (`--service-node-port-range`). */
export function nodePort(range: readonly [number, number] = DEFAULT_NODE_PORT_RANGE): Check {
  const [min, max] = range;
  return (v) => (isWhole(v) && v >= min && v <= max ? undefined
    : `a whole number from ${min} to ${max} (the cluster's node-port range; set nodePortRange if yours differs)`);
}

/** A whole number within bounds. */
export const wholeNumber = (min: number, max: number, what = ''): Check => (v) =>
  (isWhole(v) && v >= min && v <= max ? undefined
    : `a whole number ${max >= INT32_MAX && min <= 1 ? `of at least ${min}` : `from ${min} to ${max}`}${what ? ` ${what}` : ''}`);

/** A whole number from 1 to 2^31-1 (an int32 count). */
export const positiveInt32: Check = wholeNumber(1, INT32_MAX);
/** A whole number from 0 to 2^31-1. */
export const nonNegativeInt32: Check = wholeNumber(0, INT32_MAX);
/** A number (not necessarily whole) within bounds. */
export const numberIn = (min: number, max: number): Check => (v) =>
  (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? undefined : `a number from ${min} to ${max}`);

// ------------------------------------------------------------------ IP addresses and CIDRs (Go's net.ParseIP / ParseCIDR)

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  let groups = 0;
  let rest = s;
  const v4 = /(?:^|:)((?:\d+\.){3}\d+)$/.exec(rest);
  if (v4) {
    if (!isIPv4(v4[1])) return false;
    rest = rest.slice(0, rest.length - v4[1].length);
    if (rest.endsWith(':') && !rest.endsWith('::')) rest = rest.slice(0, -1);
    groups += 2;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return false;
  const hex = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(hex);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  groups += all.length;
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

/** An IPv4 or IPv6 address. */
export const ipAddress: Check = (v) => (isString(v) && (isIPv4(v) || isIPv6(v)) ? undefined : 'an IPv4 or IPv6 address such as 10.0.0.7 or fd00::7');

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

/** A CIDR block: an IPv4 or IPv6 address and a prefix length, `10.0.0.0/8`, `fd00::/8`. */
export const cidr: Check = (v) => (isString(v) && isCidr(v) ? undefined : 'a CIDR block such as 10.0.0.0/8 or fd00::/8');

/** A comma-separated list of CIDR blocks, empty allowed; with `star`, `*` alone means all. */
export function cidrList(opts: { star?: boolean } = {}): Check {
  const rule = `a comma-separated list of CIDR blocks such as 10.0.0.0/8,172.16.0.0/12 (no spaces)${opts.star ? ', * for all' : ''}, or empty`;
  return (v) => {
    if (!isString(v)) return rule;
    if (v === '' || (opts.star && v === '*')) return undefined;
    return v.split(',').every(isCidr) ? undefined : rule;
  };
}

/** A comma-separated list of ports, empty allowed; with `star`, `*` alone means all. */
export function portList(opts: { star?: boolean } = {}): Check {
  const rule = `a comma-separated list of ports from 1 to 65535 such as 80,8080 (no spaces)${opts.star ? ', * for all' : ''}, or empty`;
  return (v) => {
    if (!isString(v)) return rule;
    if (v === '' || (opts.star && v === '*')) return undefined;
    return v.split(',').every((p) => /^[1-9]\d{0,4}$/.test(p) && Number(p) <= 65535) ? undefined : rule;
  };
}

// ------------------------------------------------------------------ durations (Go's time.ParseDuration)

const NS_PER: Record<string, bigint> = {
  ns: BigInt(1), us: BigInt(1e3), 'µs': BigInt(1e3), 'μs': BigInt(1e3), ms: BigInt(1e6), s: BigInt(1e9), m: BigInt(60e9), h: BigInt(3600e9),
};
const INT64_MAX = (BigInt(1) << BigInt(63)) - BigInt(1);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Nanoseconds of a Go duration (`1h2m3.5s`, `300ms`, `-1.5h`, `0`), or `undefined` when `time.ParseDuration` refuses it. */
export function parseGoDuration(v: unknown): bigint | undefined {
  if (!isString(v) || v.length === 0 || v.length > 256) return undefined;
  let i = 0;
  let negative = false;
  if (v[0] === '-' || v[0] === '+') { negative = v[0] === '-'; i = 1; }
  if (v.slice(i) === '0') return BigInt(0);
  if (i === v.length) return undefined;
  let total = BigInt(0);
  while (i < v.length) {
    let j = i;
    while (isDigit(v[j])) j++;
    const whole = v.slice(i, j);
    let fraction = '';
    if (v[j] === '.') {
      const k = ++j;
      while (isDigit(v[j])) j++;
      fraction = v.slice(k, j);
    }
    if (whole === '' && fraction === '') return undefined;
    let k = j;
    while (k < v.length && v[k] !== '.' && !isDigit(v[k])) k++;
    const unit = NS_PER[v.slice(j, k)];
    if (unit === undefined) return undefined;
    total += BigInt(whole || '0') * unit;
    if (fraction) total += (BigInt(fraction) * unit) / BigInt(10) ** BigInt(fraction.length);
    if (total > INT64_MAX) return undefined;
    i = k;
  }
  return negative ? -total : total;
}

const GO_DURATION_RULE = 'a Go duration such as 300ms, 1.5h or 1h2m3.5s (units ns, us, ms, s, m, h)';

/** A Go duration, as `time.ParseDuration` reads it. */
export const goDuration: Check = (v) => (parseGoDuration(v) !== undefined ? undefined : GO_DURATION_RULE);
/** A Go duration longer than zero. */
export const positiveGoDuration: Check = (v) => {
  const ns = parseGoDuration(v);
  return ns !== undefined && ns > BigInt(0) ? undefined : `${GO_DURATION_RULE}, longer than 0`;
};

// ------------------------------------------------------------------ environment variables

/** An environment variable name (`IsEnvVarName`). */
export const envVarName: Check = (v) =>
  (isString(v) && /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v) ? undefined : 'an environment variable name: letters, digits, _, - and ., not starting with a digit');

// ------------------------------------------------------------------ maps of labels and annotations

/** A map of label keys to label values (labels, node selectors, `matchLabels`). */
export function labelMap(kind = 'label'): DeepCheck {
  return (value) => {
    if (!isPlainObject(value)) return { at: '', value, expected: `a map of ${kind} keys to ${kind} values` };
    for (const [k, v] of Object.entries(value)) {
      const keyError = labelKey(k);
      if (keyError) return { at: '', value: k, expected: `${kind} keys that are qualified names: ${QUALIFIED_NAME_RULE}` };
      const valueError = labelValue(v);
      if (valueError) return { at: `.${k}`, value: v, expected: valueError };
    }
    return undefined;
  };
}

/** Kubernetes' limit on the total size of an object's annotations. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/** A map of annotation keys to string values. */
export const annotationMap: DeepCheck = (value) => {
  if (!isPlainObject(value)) return { at: '', value, expected: 'a map of annotation keys to string values' };
  let size = 0;
  for (const [k, v] of Object.entries(value)) {
    if (annotationKey(k)) return { at: '', value: k, expected: `annotation keys that are qualified names: ${QUALIFIED_NAME_RULE}` };
    if (!isString(v)) return { at: `.${k}`, value: v, expected: 'a string (annotation values are strings: quote numbers and booleans)' };
    size += k.length + v.length;
  }
  return size > ANNOTATIONS_SIZE_LIMIT ? { at: '', value, expected: `annotations of at most ${ANNOTATIONS_SIZE_LIMIT} bytes in all (got ${size})` } : undefined;
};

/** A map of environment variable names to values (strings, or numbers, booleans and nulls the chart renders quoted). */
export const envMap: DeepCheck = (value) => {
  if (!isPlainObject(value)) return { at: '', value, expected: 'a map of environment variable names to values' };
  for (const [k, v] of Object.entries(value)) {
    if (envVarName(k)) return { at: '', value: k, expected: 'environment variable names: letters, digits, _, - and ., not starting with a digit' };
    if (v !== null && !isString(v) && !(typeof v === 'number' && Number.isFinite(v)) && typeof v !== 'boolean') {
      return { at: `.${k}`, value: v, expected: 'a string, number, boolean or null' };
    }
  }
  return undefined;
};

// ------------------------------------------------------------------ tolerations (core/v1 validateTolerations)

const TOLERATION_KEYS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];
export const TOLERATION_OPERATORS = ['Exists', 'Equal'] as const;
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function unknownKey(value: Record<string, unknown>, keys: readonly string[], what: string): Problem | undefined {
  const bad = Object.keys(value).find((k) => !keys.includes(k));
  return bad === undefined ? undefined : { at: `.${bad}`, value: value[bad], expected: `no such key (${what} has ${keys.join(', ')})` };
}

/** A pod toleration. */
export const toleration: DeepCheck = (t) => {
  if (!isPlainObject(t)) return { at: '', value: t, expected: `a toleration: a map of ${TOLERATION_KEYS.join(', ')}` };
  const unknown = unknownKey(t, TOLERATION_KEYS, 'a toleration');
  if (unknown) return unknown;
  const { key, operator, value, effect, tolerationSeconds } = t;
  if (operator !== undefined && operator !== '' && !(TOLERATION_OPERATORS as readonly unknown[]).includes(operator)) {
    return { at: '.operator', value: operator, expected: 'one of Exists, Equal (unset means Equal)' };
  }
  const exists = operator === 'Exists';
  if (key === undefined || key === '') {
    if (!exists) return { at: '.key', value: key, expected: 'a taint key (only a toleration with operator Exists may leave it empty)' };
  } else {
    const e = labelKey(key);
    if (e) return { at: '.key', value: key, expected: e };
  }
  if (exists) {
    if (value !== undefined && value !== '') return { at: '.value', value, expected: 'no value with operator Exists' };
  } else if (value !== undefined) {
    const e = labelValue(value);
    if (e) return { at: '.value', value, expected: e };
  }
  if (effect !== undefined && effect !== '' && !(TAINT_EFFECTS as readonly unknown[]).includes(effect)) {
    return { at: '.effect', value: effect, expected: `one of ${TAINT_EFFECTS.join(', ')} or empty (all effects)` };
  }
  if (tolerationSeconds !== undefined) {
    if (!isWhole(tolerationSeconds) || !Number.isSafeInteger(tolerationSeconds)) {
      return { at: '.tolerationSeconds', value: tolerationSeconds, expected: 'a whole number of seconds' };
    }
    if (effect !== 'NoExecute') return { at: '.tolerationSeconds', value: tolerationSeconds, expected: 'none unless effect is NoExecute' };
  }
  return undefined;
};

/** A list of pod tolerations. */
export const tolerations: DeepCheck = eachOf(toleration, 'a list of tolerations');

// ------------------------------------------------------------------ label selectors (metav1 validation)

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;

function requirement(r: unknown, operators: readonly string[], what: string): Problem | undefined {
  if (!isPlainObject(r)) return { at: '', value: r, expected: `${what}: a map of key, operator, values` };
  const unknown = unknownKey(r, ['key', 'operator', 'values'], what);
  if (unknown) return unknown;
  const keyError = labelKey(r.key);
  if (keyError) return { at: '.key', value: r.key, expected: keyError };
  if (!operators.includes(r.operator as string)) return { at: '.operator', value: r.operator, expected: `one of ${operators.join(', ')}` };
  const values = r.values;
  if (values !== undefined && values !== null && !Array.isArray(values)) return { at: '.values', value: values, expected: 'a list of strings' };
  const list = (values ?? []) as unknown[];
  switch (r.operator) {
    case 'In': case 'NotIn':
      if (list.length === 0) return { at: '.values', value: values, expected: `at least one value with operator ${r.operator}` };
      break;
    case 'Exists': case 'DoesNotExist':
      if (list.length > 0) return { at: '.values', value: values, expected: `no values with operator ${r.operator}` };
      break;
    default: // Gt, Lt
      if (list.length !== 1 || !isString(list[0]) || !/^-?\d+$/.test(list[0])) {
        return { at: '.values', value: values, expected: `exactly one whole number (as a string) with operator ${r.operator}` };
      }
      return undefined;
  }
  for (let i = 0; i < list.length; i++) {
    const e = labelValue(list[i]);
    if (e) return { at: `.values[${i}]`, value: list[i], expected: e };
  }
  return undefined;
}

/** A label selector requirement (`matchExpressions` item): In/NotIn need values, Exists/DoesNotExist take none. */
export const labelSelectorRequirement: DeepCheck = (r) => requirement(r, SELECTOR_OPERATORS, 'a label selector requirement');

/** A label selector: `matchLabels` and `matchExpressions`. */
export const labelSelector: DeepCheck = (s) => {
  if (!isPlainObject(s)) return { at: '', value: s, expected: 'a label selector: a map of matchLabels, matchExpressions' };
  const unknown = unknownKey(s, ['matchLabels', 'matchExpressions'], 'a label selector');
  if (unknown) return unknown;
  if (s.matchLabels !== undefined) {
    const p = under('.matchLabels', labelMap()(s.matchLabels));
    if (p) return p;
  }
  return s.matchExpressions === undefined ? undefined
    : under('.matchExpressions', eachOf(labelSelectorRequirement, 'a list of label selector requirements')(s.matchExpressions));
};

/** A node selector requirement: as a label selector requirement, plus Gt and Lt with one integer value. */
export const nodeSelectorRequirement: DeepCheck = (r) => requirement(r, NODE_SELECTOR_OPERATORS, 'a node selector requirement');

/** A node selector term: `matchExpressions` (and `matchFields`). */
export const nodeSelectorTerm: DeepCheck = (t) => {
  if (!isPlainObject(t)) return { at: '', value: t, expected: 'a node selector term: a map of matchExpressions, matchFields' };
  const unknown = unknownKey(t, ['matchExpressions', 'matchFields'], 'a node selector term');
  if (unknown) return unknown;
  for (const field of ['matchExpressions', 'matchFields'] as const) {
    if (t[field] === undefined) continue;
    const p = under(`.${field}`, eachOf(nodeSelectorRequirement, 'a list of node selector requirements')(t[field]));
    if (p) return p;
  }
  return undefined;
};

const weight = wholeNumber(1, 100);

/** A pod (anti-)affinity term: a label selector, namespaces and a required topology key. */
export const podAffinityTerm: DeepCheck = (t) => {
  if (!isPlainObject(t)) return { at: '', value: t, expected: 'a pod affinity term: a map of labelSelector, namespaces, topologyKey' };
  const unknown = unknownKey(t, ['labelSelector', 'namespaces', 'topologyKey'], 'a pod affinity term');
  if (unknown) return unknown;
  if (t.labelSelector !== undefined) {
    const p = under('.labelSelector', labelSelector(t.labelSelector));
    if (p) return p;
  }
  if (t.namespaces !== undefined) {
    const p = under('.namespaces', eachOf(deep(dns1123Label), 'a list of namespace names')(t.namespaces));
    if (p) return p;
  }
  if (!isString(t.topologyKey) || t.topologyKey === '') return { at: '.topologyKey', value: t.topologyKey, expected: 'a node label key such as kubernetes.io/hostname (required)' };
  const e = labelKey(t.topologyKey);
  return e ? { at: '.topologyKey', value: t.topologyKey, expected: e } : undefined;
};

/** A preferred pod (anti-)affinity term: weight 1..100 and a term. */
export const weightedPodAffinityTerm: DeepCheck = (t) => {
  if (!isPlainObject(t)) return { at: '', value: t, expected: 'a weighted pod affinity term: a map of weight, podAffinityTerm' };
  const unknown = unknownKey(t, ['weight', 'podAffinityTerm'], 'a weighted pod affinity term');
  if (unknown) return unknown;
  const w = weight(t.weight);
  if (w) return { at: '.weight', value: t.weight, expected: w };
  return under('.podAffinityTerm', podAffinityTerm(t.podAffinityTerm));
};

function podAffinity(a: unknown, what: string): Problem | undefined {
  if (!isPlainObject(a)) return { at: '', value: a, expected: `${what}: a map of requiredDuringSchedulingIgnoredDuringExecution, preferredDuringSchedulingIgnoredDuringExecution` };
  const unknown = unknownKey(a, ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'], what);
  if (unknown) return unknown;
  const required = a.requiredDuringSchedulingIgnoredDuringExecution;
  const preferred = a.preferredDuringSchedulingIgnoredDuringExecution;
  return (required === undefined ? undefined : under('.requiredDuringSchedulingIgnoredDuringExecution', eachOf(podAffinityTerm, 'a list of pod affinity terms')(required)))
    ?? (preferred === undefined ? undefined : under('.preferredDuringSchedulingIgnoredDuringExecution', eachOf(weightedPodAffinityTerm, 'a list of weighted pod affinity terms')(preferred)));
}

/** A pod's `affinity`: node affinity, pod affinity and pod anti-affinity. */
export const affinity: DeepCheck = (a) => {
  if (!isPlainObject(a)) return { at: '', value: a, expected: 'an affinity: a map of nodeAffinity, podAffinity, podAntiAffinity' };
  const unknown = unknownKey(a, ['nodeAffinity', 'podAffinity', 'podAntiAffinity'], 'an affinity');
  if (unknown) return unknown;
  const node = a.nodeAffinity;
  if (node !== undefined) {
    if (!isPlainObject(node)) return { at: '.nodeAffinity', value: node, expected: 'a node affinity: a map' };
    const nodeUnknown = under('.nodeAffinity', unknownKey(node, ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'], 'a node affinity'));
    if (nodeUnknown) return nodeUnknown;
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    if (required !== undefined) {
      const at = '.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution';
      if (!isPlainObject(required)) return { at, value: required, expected: 'a node selector: a map of nodeSelectorTerms' };
      const terms = required.nodeSelectorTerms;
      if (!Array.isArray(terms) || terms.length === 0) return { at: `${at}.nodeSelectorTerms`, value: terms, expected: 'at least one node selector term' };
      const p = under(`${at}.nodeSelectorTerms`, eachOf(nodeSelectorTerm, 'a list of node selector terms')(terms));
      if (p) return p;
    }
    const preferred = node.preferredDuringSchedulingIgnoredDuringExecution;
    if (preferred !== undefined) {
      const p = under('.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution', eachOf((t) => {
        if (!isPlainObject(t)) return { at: '', value: t, expected: 'a preferred scheduling term: a map of weight, preference' };
        const w = weight(t.weight);
        if (w) return { at: '.weight', value: t.weight, expected: w };
        return under('.preference', nodeSelectorTerm(t.preference));
      }, 'a list of preferred scheduling terms')(preferred));
      if (p) return p;
    }
  }
  for (const field of ['podAffinity', 'podAntiAffinity'] as const) {
    if (a[field] === undefined) continue;
    const p = under(`.${field}`, podAffinity(a[field], field === 'podAffinity' ? 'a pod affinity' : 'a pod anti-affinity'));
    if (p) return p;
  }
  return undefined;
};

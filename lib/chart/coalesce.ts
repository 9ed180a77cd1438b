/**
 * Helm 2.9.1's values model, the one `helm template` users know: values files merged in order (`mergeValues`), then
 * the chart's defaults coalesced under them (`coalesceValues`/`coalesceTables`), each enabled subchart getting its
 * section coalesced with its own defaults and a copy of `global` (`coalesceDeps`/`coalesceGlobals`). The functions
 * follow Helm's (pkg/chartutil/values.go, cmd/helm/install.go) rule for rule, so that nulls, type clashes and
 * globals behave as they do there:
 * - values files: maps merge, anything else (lists, scalars, null) replaces;
 * - chart defaults: the user's value wins; a user `null` deletes a key at the top level of a chart's values and
 *   stays `null` below it; a map never replaces a scalar default's place silently (the user's value is kept).
 */

/** A value of a Helm values tree. */
export type Value = null | boolean | number | string | Value[] | ValuesMap;
/** A map of a Helm values tree. */
export interface ValuesMap { [key: string]: Value }

/** A recursive partial of a values tree: set only what you change. */
export type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { -readonly [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

export const isTable = (v: unknown): v is ValuesMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A deep copy (values trees are mutated in place by the functions below, as Helm's are). */
export function cloneValues<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValues) as unknown as T;
  if (isTable(v)) {
    const out: ValuesMap = {};
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const x = v[keys[i]];
      if (x !== undefined) out[keys[i]] = cloneValues(x);
    }
    return out as unknown as T;
  }
  return v;
}

/** `helm template -f a -f b`: later files win; maps merge, everything else replaces. Mutates and returns `dest`. */
export function mergeValues(dest: ValuesMap, src: ValuesMap): ValuesMap {
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = src[k];
    if (v === undefined) continue;
    if (!(k in dest)) { dest[k] = v; continue; }
    const d = dest[k];
    if (!isTable(v) || !isTable(d)) { dest[k] = v; continue; }
    dest[k] = mergeValues(d, v);
  }
  return dest;
}

/** Fill `dst` with what `src` has and `dst` lacks (`dst` wins). Mutates and returns `dst`. */
export function coalesceTables(dst: ValuesMap, src: ValuesMap): ValuesMap {
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const val = src[key];
    if (isTable(val)) {
      if (!(key in dst)) dst[key] = val;
      else if (isTable(dst[key])) coalesceTables(dst[key] as ValuesMap, val);
      // Helm warns "cannot overwrite table with non table" and keeps the user's value.
      continue;
    }
    if (!(key in dst)) dst[key] = val;
  }
  return dst;
}

/**
 * `coalesceTables(dst, cloneValues(src))`, copying only what it adds: `dst` never shares a table or list with `src`
 * (the defaults are coalesced again in later passes), and the parts `dst` already has are not copied at all.
 */
function coalesceCopies(dst: ValuesMap, src: ValuesMap): ValuesMap {
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const val = src[key];
    if (val === undefined) continue;
    if (!(key in dst)) dst[key] = cloneValues(val);
    else if (isTable(val) && isTable(dst[key])) coalesceCopies(dst[key] as ValuesMap, val);
  }
  return dst;
}

/** A chart's defaults under the user's values: the top level of a chart, where a user `null` deletes the key. */
export function coalesceValues(defaults: ValuesMap, v: ValuesMap): ValuesMap {
  const keys = Object.keys(defaults);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const val = defaults[key];
    if (val === undefined) continue;
    if (key in v) {
      const value = v[key];
      if (value === null) delete v[key];
      else if (isTable(value) && isTable(val)) coalesceCopies(value, val);
    } else {
      v[key] = cloneValues(val);
    }
  }
  return v;
}

/** Copy the parent's `global` into a subchart's section; the parent's values win. */
export function coalesceGlobals(dest: ValuesMap, src: ValuesMap): void {
  let dg: ValuesMap;
  if (!('global' in dest)) dg = {};
  else if (isTable(dest.global)) dg = dest.global;
  else return;
  let sg: ValuesMap;
  if (!('global' in src)) sg = {};
  else if (isTable(src.global)) sg = src.global;
  else return;
  const keys = Object.keys(sg);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const val = sg[key];
    if (isTable(val)) {
      const vv: ValuesMap = { ...val };
      const destv = dg[key];
      if (key in dg && isTable(destv)) {
        coalesceTables(vv, destv);
        dg[key] = vv;
        continue;
      }
    } else if (key in dg && isTable(dg[key])) {
      continue;
    }
    dg[key] = val;
  }
  dest.global = dg;
}

/** A chart: its own defaults and its (enabled) subcharts, by name, in requirements order. */
export interface ChartDefaults {
  readonly values: ValuesMap;
  readonly subcharts: ReadonlyArray<readonly [string, ValuesMap]>;
}

function coalesceDeps(chart: ChartDefaults, dest: ValuesMap): ValuesMap {
  for (const [name, defaults] of chart.subcharts) {
    if (!(name in dest)) dest[name] = {};
    const section = dest[name];
    if (!isTable(section)) throw new TypeError(`${name}: got ${JSON.stringify(section)}, expected a map (the ${name} subchart's values)`);
    coalesceGlobals(section, dest);
    dest[name] = coalesceValues(defaults, section);
  }
  return dest;
}

/**
 * Helm's `.Values` for a chart and the user's (merged) values: the top chart's view; each enabled subchart's view is
 * its section. Helm runs the subchart pass twice (`coalesce` then `coalesceDeps` again); so does this.
 */
export function coalesceAll(chart: ChartDefaults, user: ValuesMap): ValuesMap {
  const dest = coalesceDeps(chart, coalesceValues(chart.values, cloneValues(user)));
  return coalesceDeps(chart, dest);
}

/** A value at a dotted path, `undefined` when a step is missing or not a map (Helm's `PathValue`). */
export function pathValue(v: ValuesMap, path: string): Value | undefined {
  let cur: Value | undefined = v;
  for (const step of path.split('.')) {
    if (!isTable(cur) || !(step in cur)) return undefined;
    cur = cur[step];
  }
  return cur;
}

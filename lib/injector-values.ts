/**
 * The values the sidecar injector reads at injection time (`.Values` in its template): the options tree as Helm 2
 * renders `.Values | toJson` for the chart, where every enabled subchart carries its own copy of `global`.
 */
import { IstioValues } from './values';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Sort map keys at every level (Go's JSON encoder does), dropping unset optional keys. */
function sorted(v: unknown): Json {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sorted(x);
    }
    return out;
  }
  return v as Json;
}

/** The values tree as the injector's ConfigMap holds it. */
export function injectorValues(values: IstioValues): Json {
  // The tree already is Helm's: enabled subcharts carry their copy of `global`, disabled ones only the parent's section.
  return sorted(values);
}

/** JSON text with map keys sorted at every level and unset keys left out: `JSON.stringify(sorted(v))`, in one pass. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : sortedJson(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    let out = '';
    const keys = Object.keys(v).sort();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${sortedJson(x)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The `values` key of ConfigMap `istio-sidecar-injector`: one JSON line. */
export function injectorValuesJson(values: IstioValues): string {
  return sortedJson(values);
}

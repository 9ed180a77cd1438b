/**
 * How the chart's Go templates print values, for the places where the text they write is what the objects hold:
 * `{{ .Values.x }}` prints a value the way Go's `fmt` does (Helm 2 turns a missing value into nothing), and an
 * unquoted print is read back by YAML, so a string such as `"true"` set with `--set-string` becomes a boolean there.
 */
import { load } from 'js-yaml';
import type { IstioConfig } from './options';
import type { GlobalValues } from './values';

/** Go's `%v` of a float64: the shortest digits, `%e` style outside 1e-4 to 1e6 (`1e+06`, `1.5e-05`). */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const [mantissa, exp] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

/**
 * The text `{{ v }}` writes. Helm 2 hands templates every number as a float64 (it re-reads the merged values as
 * YAML), so 12345678 prints as `1.2345678e+07`; `null` and missing values print nothing.
 */
export function goText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goText).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goText(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** A decimal YAML reads as that integer (at most 15 digits: exactly a JavaScript number). */
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
/** A word YAML reads as text, unless it is one of `YAML_WORDS`: a letter first, then letters, digits, `_`, `.`, `/`, `-`. */
const PLAIN_WORD = /^[A-Za-z][A-Za-z0-9_./-]*$/;
/** The words of that shape YAML (js-yaml's default schema) reads as something else. */
const YAML_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** A scalar as YAML reads it. */
export type YamlScalar = string | number | boolean | null;

/**
 * The value YAML reads back from `key: {{ v }}` (an unquoted print): nothing is null, `true` a boolean, `15`
 * a number, anything else the text itself.
 */
export function reread(v: unknown): YamlScalar {
  const text = goText(v);
  if (text.trim() === '') return null;
  // Most prints are a plain decimal or a plain word, which YAML reads without a parser (the test compares with js-yaml).
  if (DECIMAL.test(text)) return Number(text);
  if (PLAIN_WORD.test(text) && !YAML_WORDS.has(text)) return text;
  try {
    const parsed = load(text);
    if (parsed === null || ['string', 'number', 'boolean'].includes(typeof parsed)) return parsed as YamlScalar;
  } catch {
    // Not a plain scalar: YAML would fail on the whole document; keep the text.
  }
  return text;
}

/** Helm's `trunc 63 | trimSuffix "-"`, as the charts' `<chart>.name` helpers apply it. */
export function dnsLabel(name: string): string {
  const cut = name.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** A chart's `<chart>.name` helper: `nameOverride` when set, else the chart's name. */
export function chartAppName(chart: string, values: { readonly nameOverride?: unknown } | undefined): string {
  const override = values?.nameOverride;
  return dnsLabel(override === undefined || override === null || override === '' || override === false ? chart : goText(override));
}

/** Go templates' truth (`if`, `and`, `or`): false, 0, nothing, and empty text, lists and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/**
 * The options as a subchart's templates see them: its section of the values, whose `global` (the subchart's own
 * coalesced copy of the parent's) stands for `.Values.global`.
 */
export function subchartView(config: IstioConfig, subchart: 'pilot' | 'mixer'): IstioConfig {
  const own = (config.values[subchart] as { global?: GlobalValues }).global;
  return own ? { ...config, values: { ...config.values, global: own } } : config;
}

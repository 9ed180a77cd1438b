/**
 * Error messages quote the offending value, but only a short prefix of it: a 100 kB string or a whole values subtree
 * in a message hides the problem rather than showing it.
 */

/** The longest quotation of a value an error message carries (characters of JSON, about). */
export const PREVIEW_LENGTH = 80;

const ELLIPSIS = '…';

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function json(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // circular or BigInt inside
  }
}

/**
 * A value short enough to quote: strings are cut to `max` characters ending with `…`; lists and maps keep their first
 * entries and end with a `…` entry; values JSON cannot write (NaN, BigInt, functions) become a descriptive string.
 */
export function preview(value: unknown, max = PREVIEW_LENGTH): unknown {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, Math.max(1, max - 1))}${ELLIPSIS}` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  const text = json(value);
  if (text !== undefined && text.length <= max) return value;
  const inner = Math.max(8, Math.floor(max / 2));
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const next = [...out, preview(item, inner)];
      if ((json([...next, ELLIPSIS]) ?? '').length > max) break;
      out.push(next[next.length - 1]);
    }
    return [...out, ELLIPSIS];
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = k.length > inner ? `${k.slice(0, inner - 1)}${ELLIPSIS}` : k;
      const next = { ...out, [key]: preview(v, inner) };
      if ((json({ ...next, [ELLIPSIS]: ELLIPSIS }) ?? '').length > max) break;
      out[key] = next[key];
    }
    return { ...out, [ELLIPSIS]: ELLIPSIS };
  }
  return `[${Object.prototype.toString.call(value).slice(8, -1)}]`;
}

/** The value as an error message quotes it: JSON of its preview. */
export function quote(value: unknown, max = PREVIEW_LENGTH): string {
  const p = preview(value, max);
  return p === undefined ? 'undefined' : json(p) ?? String(p);
}

/** A path segment (a map key) short enough for an error message. */
export function shortKey(key: string, max = PREVIEW_LENGTH): string {
  return key.length > max ? `${key.slice(0, max - 1)}${ELLIPSIS}` : key;
}

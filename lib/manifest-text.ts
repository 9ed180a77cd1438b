/**
 * Manifests embedded as text (in the release's post-install ConfigMaps). The objects are typed; this module only
 * writes them out. The release renders several of them into one multi-document text with explanatory comments, and
 * such a text is compared (by kubectl users and by our conformance check) as text, so the writer keeps the chart's
 * comments and its choice of double-quoted scalars.
 */

/** One document of an embedded manifest stream. */
export interface EmbeddedDocument {
  /** Comment lines written above the document (without `# `). */
  readonly comments?: string[];
  /** The object. */
  readonly object: object;
  /** Dotted paths (e.g. `metadata.name`) whose string values the chart writes double-quoted. */
  readonly quoted?: string[];
}

const PLAIN_SAFE = /^[A-Za-z0-9_./:-][A-Za-z0-9_./: -]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', '~', '']);

function scalar(value: unknown, quote: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  if (quote) return JSON.stringify(s);
  const needsQuotes = !PLAIN_SAFE.test(s) || RESERVED.has(s.toLowerCase()) || /^[0-9.+-]+$/.test(s) || s.includes(': ') || s.endsWith(':');
  return needsQuotes ? `'${s.replace(/'/g, "''")}'` : s;
}

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

function flow(v: unknown): string {
  return Array.isArray(v) ? '[]' : '{}';
}

function emit(value: unknown, indent: string, path: string, quoted: Set<string>, out: string[], firstPrefix?: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const prefix = `${indent}- `;
      if (item !== null && typeof item === 'object' && !isEmptyCollection(item)) {
        emit(item, `${indent}  `, path, quoted, out, prefix);
      } else {
        out.push(`${prefix}${isEmptyCollection(item) ? flow(item) : scalar(item, quoted.has(path))}`);
      }
      void i;
    });
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.forEach(([k, v], i) => {
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : indent;
    const p = path ? `${path}.${k}` : k;
    if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
      out.push(`${lead}${k}:`);
      emit(v, `${indent}  `, p, quoted, out);
    } else {
      out.push(`${lead}${k}: ${isEmptyCollection(v) ? flow(v) : scalar(v, quoted.has(p))}`);
    }
  });
}

/** Write documents as one YAML stream, each with its comments, separated by `---`. */
export function embeddedManifests(docs: EmbeddedDocument[]): string {
  return docs.map((d) => {
    const lines = (d.comments ?? []).map((c) => (c ? `# ${c}` : ''));
    emit(d.object, '', '', new Set(d.quoted ?? []), lines);
    return lines.join('\n');
  }).join('\n---\n');
}

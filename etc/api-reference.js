#!/usr/bin/env node
// @ts-check
/**
 * `npm run docs`: the API reference in docs/api/, from the doc model API Extractor wrote (build/api/, `npm run api`).
 *
 * The sources document defaults as cdk8s and the AWS CDK do, `@default value` or `@default - behaviour`. API Documenter
 * knows only TSDoc's `@defaultValue`, and shows it on the property's own page, not in its interface's table; so the
 * default is moved into the summary of the doc model's comments first ("Default: `'permissive'`."), then API Documenter
 * writes one page per API item. Plain JavaScript: it runs on the build's output, nothing compiles it.
 *
 * Every optional property of the library's own interfaces (props, options, chart values) must say its default: the
 * script fails, after writing the pages, naming those that do not. The spec types of lib/resources/ are exempt: they
 * mirror Istio's API reference, where an unset field has Istio's behaviour. Properties without a description are
 * listed as a warning (API Extractor also lists them in the report, as ae-undocumented).
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const modelFile = path.join(root, 'build', 'api', 'cdk8s-istio.api.json');
const inputFolder = path.join(root, 'build', 'api', 'reference-input');
const outputFolder = path.join(root, 'docs', 'api');

if (!fs.existsSync(modelFile)) {
  process.stderr.write(`api-reference: ${path.relative(root, modelFile)} is missing: run \`npm run api\` first\n`);
  process.exit(1);
}
const model = JSON.parse(fs.readFileSync(modelFile, 'utf8'));

/** A block tag (`@default`, `@remarks`...) where TSDoc sees one: after whitespace, not an inline `{@link}`. */
const BLOCK_TAG = /(^|\s)@([A-Za-z]+)/g;
/** A literal default (`'permissive'`, `31380`, `false`, `[]`) and the words after it. */
const LITERAL = /^('[^']*'|"[^"]*"|`[^`]*`|-?\d[\w.:/-]*|true|false|null|undefined|\[\]|\{\}|[A-Z][A-Za-z]+(?=\s|$))(.*)$/s;

/** The comment's text without its `/**`, `*\/` and leading `*`s. */
function bodyOf(comment) {
  return comment.replace(/^\s*\/\*\*/, '').replace(/\*\/\s*$/, '').split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/** `@default X` as a sentence of the summary, so that the props tables show it: "Default: `X`." */
function defaultSentence(text) {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.startsWith('- ')) return `Default: ${t.slice(2)}`;
  const m = LITERAL.exec(t);
  if (!m) return `Default: ${t}`;
  const literal = m[1].startsWith('`') ? m[1] : `\`${m[1]}\``;
  return `Default: ${literal}${m[2]}`;
}

/**
 * The comment with its `@default` block moved to the end of the summary. API Documenter shows a property's summary in
 * its interface's table, and renders only TSDoc's `@defaultValue`, on the property's own page.
 */
function moveDefault(comment) {
  const body = bodyOf(comment);
  const tags = [...body.matchAll(BLOCK_TAG)].map((m) => ({ name: m[2], start: m.index + m[1].length, end: m.index + m[0].length }));
  const i = tags.findIndex((t) => t.name === 'default');
  if (i < 0) return undefined;
  const tag = tags[i];
  const blockEnd = i + 1 < tags.length ? tags[i + 1].start : body.length;
  const rest = (body.slice(0, tag.start) + body.slice(blockEnd)).trim();
  const firstOther = [...rest.matchAll(BLOCK_TAG)][0];
  const cut = firstOther ? firstOther.index + firstOther[1].length : rest.length;
  const summary = rest.slice(0, cut).trimEnd();
  let sentence = defaultSentence(body.slice(tag.end, blockEnd));
  if (!/[.!?]$/.test(sentence)) sentence += '.';
  const text = `${summary}${summary ? '\n\n' : ''}${sentence}${cut < rest.length ? `\n\n${rest.slice(cut)}` : ''}`;
  return `/**\n${text.split('\n').map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n */\n`;
}

/** Declarations whose optional properties need not document a default: Istio's API types. */
const EXEMPT = /^build\/lib\/resources\//;
/** @type {string[]} */
const withoutDefault = [];
/** @type {string[]} */
const withoutDescription = [];

/** @param {any} item @param {string} parent @param {string} file */
function rewrite(item, parent, file) {
  const name = parent ? `${parent}.${item.name}` : item.name;
  const where = item.fileUrlPath ?? file;
  if (item.kind === 'PropertySignature' && !EXEMPT.test(where)) {
    const body = typeof item.docComment === 'string' ? bodyOf(item.docComment) : '';
    if (!body.split(BLOCK_TAG)[0].trim()) withoutDescription.push(`${name} (${where})`);
    if (item.isOptional && !/(^|\s)@default(?![A-Za-z])/.test(body)) withoutDefault.push(`${name} (${where})`);
  }
  if (typeof item.docComment === 'string') {
    const moved = moveDefault(item.docComment);
    if (moved !== undefined) item.docComment = moved;
  }
  for (const member of item.members ?? []) rewrite(member, item.kind === 'EntryPoint' || item.kind === 'Package' ? '' : name, where);
}
rewrite(model, '', '');

fs.rmSync(inputFolder, { recursive: true, force: true });
fs.mkdirSync(inputFolder, { recursive: true });
fs.writeFileSync(path.join(inputFolder, path.basename(modelFile)), JSON.stringify(model, null, 2));

// API Documenter empties its output folder first: docs/api/ holds nothing else.
const documenter = path.join(path.dirname(require.resolve('@microsoft/api-documenter/package.json')), 'bin', 'api-documenter');
const r = spawnSync(process.execPath, [documenter, 'markdown', '--input-folder', inputFolder, '--output-folder', outputFolder], {
  cwd: root, encoding: 'utf8',
});
if (r.status !== 0) {
  process.stderr.write(r.stdout + r.stderr);
  process.exit(r.status ?? 1);
}
const pages = fs.readdirSync(outputFolder).filter((f) => f.endsWith('.md')).length;
process.stdout.write(`api-reference: ${pages} pages in ${path.relative(root, outputFolder)}/\n`);

if (withoutDescription.length > 0) {
  const shown = withoutDescription.slice(0, 10);
  const more = withoutDescription.length - shown.length;
  process.stderr.write(`api-reference: warning: ${withoutDescription.length} public properties have no description:\n  ${shown.join('\n  ')}\n`
    + (more > 0 ? `  ... and ${more} more (etc/cdk8s-istio.api.md lists them as ae-undocumented)\n` : ''));
}
if (withoutDefault.length > 0) {
  process.stderr.write(`api-reference: ${withoutDefault.length} optional public properties have no @default (add one to their doc comment):\n  ${withoutDefault.join('\n  ')}\n`);
  process.exit(1);
}

#!/usr/bin/env node
/**
 * Builds the CLI users run (package.json `bin`): one esbuild bundle of build/bin/cdk8s-istio.js (build/cli/main.js),
 * a small launcher (build/cli/cdk8s-istio.js) that runs it through V8's code cache, and the cache itself, made by
 * running a default synth once: start-up then skips most parsing and compiling (see `npm run bench`).
 * Plain JavaScript because it runs right after `tsc`, before anything else is built.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'cli');
fs.mkdirSync(out, { recursive: true });
const esbuild = require('esbuild');

/**
 * Modules the bundle loads only when first used, instead of when the module requiring them starts: a default synth
 * never uses them, and loading them costs several ms at every start (`assert` about 6 ms, `crypto` 3 ms, the `yaml`
 * package, which only cdk8s' own Yaml class uses, about 4 ms). Keyed by the requiring file (relative to the project),
 * then by module: `module` makes a stand-in object that loads the module at its first property read (enough for
 * `mod.fn(...)` and TypeScript's `__importStar`), `functions` one whose properties are functions that load it at
 * their first call (yargs copies `assert.strictEqual` and `notStrictEqual` when it starts, cdk8s `spawnSync`, for
 * Helm charts this CLI never renders). `child_process` and `net` bring Node.js' streams and sockets, about 4 ms.
 */
const LAZY_REQUIRES = {
  'node_modules/yargs/build/index.cjs': { assert: 'functions' },
  'node_modules/constructs/lib/private/node-addr.js': { crypto: 'module' },
  'node_modules/cdk8s/lib/names.js': { crypto: 'module' },
  'node_modules/cdk8s/lib/yaml.js': { yaml: 'module', child_process: 'functions' },
  'node_modules/cdk8s/lib/_child_process.js': { child_process: 'functions' },
  'build/lib/inject/kube-inject.js': { crypto: 'module' },
  'build/lib/inject/params.js': { net: 'module' },
};
const LAZY_HELPERS = `var __lazyModule = (load) => {
  let m;
  const get = () => m || (m = load());
  return new Proxy({}, {
    get: (_, k) => (k === '__esModule' ? true : get()[k]),
    has: (_, k) => k in get(),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, k) => { const d = Object.getOwnPropertyDescriptor(get(), k); return d && { ...d, configurable: true }; },
  });
};
var __lazyFunctions = (load) => {
  let m;
  const fns = {};
  return new Proxy({}, { get: (_, k) => fns[k] || (fns[k] = function (...a) { return (m || (m = load()))[k].apply(this, a); }) });
};`;
/**
 * Functions of the library that take no input and return plain data, so that the bundle can hold their result
 * instead of computing it at every start: Grafana's dashboards as text (built from the typed dashboards and
 * serialized, about 7 ms of a synth), the injection template, and the tree of the chart's keys the values check
 * uses. Each module (relative to the project, as tsc wrote it) gets `exports.<name> = () => <the result>` appended;
 * with `only`, that is all it holds (the dashboards' builders then stay out of the bundle). The library memoizes
 * the same functions, so both share one result per process. The result comes from build/lib, which tsc has just
 * written: it is the library's own, and test/cli.test.ts checks the bundle writes the bytes the library does.
 */
const CONSTANT_RESULTS = {
  'build/lib/addons/grafana-dashboards/files.js': { name: 'dashboardFiles', only: true },
  'build/lib/injector-template.js': { name: 'injectionTemplate' },
  'build/lib/chart/known-keys.js': { name: 'knownKeys' },
};
function constantModule(rel, text) {
  const { name, only } = CONSTANT_RESULTS[rel];
  const fn = require(path.join(root, rel))[name];
  if (typeof fn !== 'function' || fn.length !== 0) throw new Error(`build-cli: ${rel} has no ${name}() to fold; update CONSTANT_RESULTS`);
  const result = fn();
  const json = JSON.stringify(result);
  // Written as a literal: JSON must carry it whole, and a "__proto__" key would set the literal's prototype.
  if (!require('util').isDeepStrictEqual(JSON.parse(json), result) || json.includes('"__proto__"')) {
    throw new Error(`build-cli: ${rel}: ${name}() returned what a JSON literal cannot hold`);
  }
  const override = `const ${name}Result = ${json};\nexports.${name} = () => ${name}Result;\n`;
  return only ? `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n${override}` : `${text}\n${override}`;
}

/**
 * cdk8s-plus-25's L1 module (lib/imports/k8s.js, 2.3 MB of tsc output) defines every Kubernetes kind; the CLI uses
 * about thirty of them. CommonJS is not tree-shaken by esbuild, so the bundle keeps only the top-level declarations
 * reachable from the names build/lib/k8s.js (the one module that imports it) mentions: a smaller module to start at
 * every run (about 3 ms). Each top-level statement of that tsc output starts at column 0; a class, function or enum,
 * with its `exports.X = X`, RTTI and `GVK` statements, is kept or dropped as one. Anything it does not recognize
 * is kept; a line that is not a statement, or a core class left out, fails the build.
 */
const K8S_MODULE = 'node_modules/cdk8s-plus-25/lib/imports/k8s.js';
function shakeK8s(text) {
  const using = fs.readdirSync(path.join(root, 'build', 'lib'), { recursive: true })
    .filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(root, 'build', 'lib', f), 'utf8').includes('cdk8s-plus-25'));
  if (using.length !== 1 || using[0] !== 'k8s.js') {
    throw new Error(`build-cli: cdk8s-plus-25 is imported by build/lib/${using.join(', build/lib/')}, not only by build/lib/k8s.js; update shakeK8s`);
  }
  const lines = text.split('\n');
  const chunks = [];
  const topLevel = (l) => /^[^\s})]/.test(l) && !l.startsWith('/**');
  for (let i = 0; i < lines.length;) {
    const l = lines[i];
    if (l === '' || l.startsWith('//')) { i++; continue; }
    if (l.startsWith('/**')) { while (!lines[i].includes('*/')) i++; i++; continue; }
    if (!topLevel(l)) throw new Error(`build-cli: ${K8S_MODULE}:${i + 1} is not a top-level statement; update shakeK8s`);
    let j = i + 1;
    while (j < lines.length && lines[j] !== '' && !topLevel(lines[j]) && !lines[j].startsWith('/**')) j++;
    const t = lines.slice(i, j).join('\n');
    const m = /^(?:class (\w+)|function (\w+)|exports\.(\w+) = \w+;$|(\w+)\[_\w+\] = |(\w+)\.GVK = |var (\w+);$|\(function \((\w+)\))/.exec(t);
    chunks.push({ text: t, owner: m ? m.slice(1).find((x) => x) : /^_\w+ = JSII_RTTI_SYMBOL_1;$/.test(t) ? '@next' : undefined });
    i = j;
  }
  for (let k = chunks.length - 1; k >= 0; k--) if (chunks[k].owner === '@next') chunks[k].owner = chunks[k + 1].owner;
  const declared = new Map();
  for (const c of chunks) if (c.owner) declared.set(c.owner, [...(declared.get(c.owner) ?? []), c]);
  const names = (t) => t.match(/[A-Za-z_$][\w$]*/g) ?? [];
  const mentioned = names(fs.readFileSync(path.join(root, 'build', 'lib', 'k8s.js'), 'utf8')).filter((n) => declared.has(n));
  const keep = new Set();
  const queue = [...new Set(mentioned)];
  while (queue.length > 0) {
    const n = queue.pop();
    if (keep.has(n)) continue;
    keep.add(n);
    for (const c of declared.get(n)) for (const id of names(c.text)) if (declared.has(id) && !keep.has(id)) queue.push(id);
  }
  for (const n of ['KubeDeployment', 'IntOrString', 'Quantity', 'toJson_ObjectMeta']) {
    if (!keep.has(n)) throw new Error(`build-cli: shakeK8s kept no ${n}; update it`);
  }
  return chunks.filter((c) => !c.owner || keep.has(c.owner)).map((c) => {
    // `exports.A = exports.B = ... = void 0;`: only the names kept.
    if (!c.owner && /^exports\.\w+ = exports\./.test(c.text)) return `${[...keep].map((n) => `exports.${n} = `).join('')}void 0;`;
    return c.text;
  }).join('\n') + '\n';
}

/**
 * A bundled file's key in the tables above: its path in the project, or `node_modules/<package>/...` wherever the
 * package really lives (a symlinked node_modules, pnpm's store), so that every rewrite applies in either layout.
 */
function keyOf(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const at = rel.lastIndexOf('node_modules/');
  return at === -1 ? rel : rel.slice(at);
}
/** The keys the plugin rewrote: after the build, each table entry must be among them. */
const rewritten = new Set();

const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    build.onLoad({ filter: /\.c?js$/ }, (args) => {
      const rel = keyOf(args.path);
      if (CONSTANT_RESULTS[rel] || rel === K8S_MODULE || LAZY_REQUIRES[rel]) rewritten.add(rel);
      if (CONSTANT_RESULTS[rel]) return { contents: constantModule(rel, fs.readFileSync(args.path, 'utf8')), loader: 'js' };
      if (rel === K8S_MODULE) return { contents: shakeK8s(fs.readFileSync(args.path, 'utf8')), loader: 'js' };
      const lazy = LAZY_REQUIRES[rel];
      if (!lazy) return undefined;
      let text = fs.readFileSync(args.path, 'utf8');
      for (const [mod, how] of Object.entries(lazy)) {
        const call = `require("${mod}")`;
        if (!text.includes(call)) throw new Error(`build-cli: ${rel} no longer has ${call}; update LAZY_REQUIRES`);
        const helper = how === 'functions' ? '__lazyFunctions' : '__lazyModule';
        text = text.split(call).join(`${helper}(() => ${call})`);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

// esbuild runs plugins only in its asynchronous API.
/**
 * What the build reads, for its up-to-date check: tsc's output, the installed packages (through the lock file), this
 * script, and the Node.js the code cache is made for. Sizes and modification times, not contents: tsc rewrites only
 * the files it changes, so a `npm test` after no change skips the bundle and its code cache (about a second).
 */
function inputsFingerprint() {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) files.push(p);
    }
  };
  for (const d of ['bin', 'lib', 'imports']) {
    const dir = path.join(root, 'build', d);
    if (fs.existsSync(dir)) walk(dir);
  }
  files.push(path.join(root, 'package-lock.json'), __filename);
  const stats = files.sort().map((f) => {
    const st = fs.statSync(f);
    return [path.relative(root, f), st.size, st.mtimeMs];
  });
  return JSON.stringify({ node: process.version, arch: process.arch, platform: process.platform, stats });
}
const FINGERPRINT_FILE = path.join(root, 'build', '.cli-inputs.json');
const OUTPUTS = ['cdk8s-istio.js', 'main.js', 'main.js.cache', 'main.js.LEGAL.txt'].map((f) => path.join(out, f));

async function main() {
const fingerprint = inputsFingerprint();
if (OUTPUTS.every((f) => fs.existsSync(f)) && fs.existsSync(FINGERPRINT_FILE) && fs.readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint) {
  return; // up to date
}
fs.rmSync(FINGERPRINT_FILE, { force: true });
await esbuild.build({
  entryPoints: [path.join(root, 'build', 'bin', 'cdk8s-istio.js')],
  bundle: true,
  platform: 'node',
  target: 'node18',
  outfile: path.join(out, 'main.js'),
  // Whitespace and syntax only (names stay, for --debug's stacks): a third less source to read at every start.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'external', // main.js.LEGAL.txt, shipped beside it
  banner: { js: LAZY_HELPERS },
  plugins: [lazyRequires],
  logLevel: 'warning',
});
const missed = [...Object.keys(LAZY_REQUIRES), ...Object.keys(CONSTANT_RESULTS), K8S_MODULE].filter((k) => !rewritten.has(k));
if (missed.length > 0) throw new Error(`build-cli: not in the bundle, so not rewritten: ${missed.join(', ')}; update the tables`);
// main.js is run by the launcher, not as a script: no shebang line (kept as a comment, so line numbers stay).
const mainFile = path.join(out, 'main.js');
const bundled = fs.readFileSync(mainFile, 'utf8');
if (bundled.startsWith('#!')) fs.writeFileSync(mainFile, `//${bundled.slice(2)}`);
// An ASCII bundle is read as latin1, which takes Node.js a third of the time UTF-8 decoding does (3 ms less per start).
const ascii = !/[^\x00-\x7f]/.test(bundled);
if (!ascii) process.stderr.write('build-cli: main.js has non-ASCII characters; the CLI reads it as UTF-8, more slowly\n');

const launcher = `#!/usr/bin/env node
'use strict';
// Runs main.js (the bundled CLI) with V8's code cache when main.js.cache matches this Node.js; plainly otherwise.
const timing = process.env.CDK8S_ISTIO_TIMING ? (p) => performance.mark('cdk8s-istio:' + p) : () => {};
timing('launcher');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');
const file = path.join(__dirname, 'main.js');
const cacheFile = file + '.cache';
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
const script = new vm.Script(Module.wrap(fs.readFileSync(file, '${ascii ? 'latin1' : 'utf8'}')), { filename: file, cachedData });
timing('compiled');
const m = new Module(file, module);
m.filename = file;
m.paths = Module._nodeModulePaths(__dirname);
const req = (id) => m.require(id);
req.resolve = (id, o) => Module._resolveFilename(id, m, false, o);
req.cache = Module._cache;
req.main = m;
process.mainModule = m;
if (process.env.CDK8S_ISTIO_WRITE_CODE_CACHE) {
  process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
}
script.runInThisContext()(m.exports, req, m, file, __dirname);
`;
fs.writeFileSync(path.join(out, 'cdk8s-istio.js'), launcher, { mode: 0o755 });

// The code cache: compiled after a default synth, so it holds the functions a synth runs.
fs.rmSync(path.join(out, 'main.js.cache'), { force: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-cache-'));
const r = spawnSync(process.execPath, [path.join(out, 'cdk8s-istio.js'), 'synth', '--output', path.join(tmp, 'out')], {
  env: { ...process.env, CDK8S_ISTIO_WRITE_CODE_CACHE: '1' }, encoding: 'utf8',
});
fs.rmSync(tmp, { recursive: true, force: true });
if (r.status !== 0 || !fs.existsSync(path.join(out, 'main.js.cache'))) {
  process.stderr.write(`build-cli: no code cache (the CLI still works, more slowly to start): ${r.stderr.trim().split('\n').pop()}\n`);
} else {
  fs.writeFileSync(FINGERPRINT_FILE, fingerprint);
}
}

main().catch((e) => {
  process.stderr.write(`${e.message.startsWith("build-cli: ") ? "" : "build-cli: "}${e.message}\n`);
  process.exit(1);
});

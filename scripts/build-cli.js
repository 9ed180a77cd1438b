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
esbuild.buildSync({
  entryPoints: [path.join(root, 'build', 'bin', 'cdk8s-istio.js')],
  bundle: true,
  platform: 'node',
  target: 'node18',
  outfile: path.join(out, 'main.js'),
  // Whitespace and syntax only (names stay, for --debug's stacks): a third less source to read at every start.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'external', // main.js.LEGAL.txt, shipped beside it
  logLevel: 'warning',
});
// main.js is run by the launcher, not as a script: no shebang line (kept as a comment, so line numbers stay).
const mainFile = path.join(out, 'main.js');
const bundled = fs.readFileSync(mainFile, 'utf8');
if (bundled.startsWith('#!')) fs.writeFileSync(mainFile, `//${bundled.slice(2)}`);

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
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
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
}

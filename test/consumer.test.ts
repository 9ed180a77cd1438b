/**
 * The package as a user gets it: `npm pack`, installed into a fresh cdk8s TypeScript app outside the repository
 * (offline, from the npm cache), compiled with the tsconfig `cdk8s init` writes, synthesized, and compared with our own
 * output for the same props. Needs `npm run build` (`npm test` runs it first).
 *
 * The app's lockfile is made from ours (the same versions and integrity hashes), so that `npm ci --offline` finds every
 * tarball in the cache our own `npm ci` filled, without registry metadata. When the cache does not
 * hold them, the tests are skipped with the reason; any other failure fails them.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { Istio } from '../lib/istio';
import { IstioProps } from '../lib/options';

const ROOT = path.resolve(__dirname, '..');
/** The props both apps use, and the same as CLI flags. */
const PROPS: IstioProps = { mode: 'strict', profile: 'demo' };
const CLI_FLAGS = ['--mode', 'strict', '--profile', 'demo'];
/** Dependencies of the app besides the package, as `cdk8s init` gives an app (versions: ours). */
const APP_DEPENDENCIES = ['cdk8s', 'constructs', 'typescript', '@types/node'];

/** The tsconfig.json `cdk8s init typescript-app` writes (cdk8s-cli's template): no skipLibCheck, strict. */
const INIT_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true, inlineSources: true,
    lib: ['es2016'], module: 'CommonJS', noEmit: false, noEmitOnError: true, noFallthroughCasesInSwitch: true,
    noImplicitAny: true, noImplicitReturns: true, noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true,
    resolveJsonModule: true, strict: true, strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true,
    target: 'ES2017',
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

const MAIN_TS = `import { App, Chart } from 'cdk8s';
import { Istio, IstioProps, VirtualService } from 'cdk8s-istio';

const props: IstioProps = ${JSON.stringify(PROPS)};
const app = new App();
new Istio(app, 'istio', props);

const chart = new Chart(app, 'reviews', { disableResourceNameHashes: true });
new VirtualService(chart, 'reviews', {
  metadata: { name: 'reviews', namespace: 'default' },
  spec: {
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 75 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 25 }] }],
  },
});
app.synth();
`;

/** Compiled, never run: each line below must be a type error, or tsc fails on the unused directive. */
const TYPES_TS = `import { App } from 'cdk8s';
import * as lib from 'cdk8s-istio';

export function misuse(app: App) {
  // @ts-expect-error not a mesh mode
  new lib.Istio(app, 'a', { mode: 'mtls' });
  // @ts-expect-error not a chart value
  new lib.Istio(app, 'b', { values: { pilot: { autoscaleMin: 'two' } } });
  // @ts-expect-error a VirtualService spec needs hosts
  new lib.VirtualService(app, 'c', { metadata: { name: 'c' }, spec: {} });
  // @ts-expect-error internals are not exported
  lib.resolveOptions;
  // @ts-expect-error internals are not exported
  lib.GoTemplate;
}
`;

interface Lock { packages: Record<string, Record<string, unknown>> }

/**
 * npm without the variables an enclosing `npm test` sets about this repository (npm_package_*, npm_lifecycle_*,
 * npm_config_local_prefix ...); its configuration (npm_config_cache, ...) is kept.
 */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(?!config_)|^npm_config_local_prefix$/i.test(k)));
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * The lockfile entries of `names` and everything they need, from our lockfile: a dependency resolves as Node resolves
 * it, in the nearest `node_modules` up the tree. Flags about our dev dependencies are dropped (the app depends on them).
 * Each registry package gets its tarball URL (our lockfile may omit them): without one, npm would fetch the package's
 * metadata to find it, which `npm ci` never cached; with it and the integrity hash, the tarball comes from the cache.
 */
function closure(lock: Lock, names: string[], registry: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!dir) return undefined;
    }
  };
  const visit = (key: string) => {
    if (out[key]) return;
    const { dev, devOptional, ...entry } = lock.packages[key] as Record<string, unknown>;
    void dev; void devOptional;
    if (!entry.resolved && !entry.inBundle && !entry.link) {
      const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      entry.resolved = `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    }
    out[key] = entry;
    const deps = { ...(entry.dependencies as object), ...(entry.optionalDependencies as object), ...(entry.peerDependencies as object) };
    for (const name of Object.keys(deps)) {
      const found = resolve(key, name);
      if (found) visit(found);
      else if (!(name in ((entry.optionalDependencies as object) ?? {})) && !(name in ((entry.peerDependencies as object) ?? {}))) {
        throw new Error(`our package-lock.json has no ${name} for ${key}`);
      }
    }
  };
  for (const name of names) {
    const key = resolve('', name);
    if (!key) throw new Error(`our package-lock.json has no ${name}`);
    visit(key);
  }
  return out;
}

/** The `*.k8s.yaml` files of a folder, by name. */
function manifests(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** The names lib/index.ts exports as types only (`export type { ... }`): classes users get, not construct. */
function typeOnlyExports(): string[] {
  const index = fs.readFileSync(path.join(ROOT, 'lib', 'index.ts'), 'utf8');
  return [...index.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()).filter(Boolean));
}

interface Packed { filename: string; integrity: string; files: Array<{ path: string }> }

/** Everything before the tests: pack, write the app, install it. Runs while the suite is collected, to skip or not. */
function setUp(): { tmp: string; app: string; packed: Packed; skip?: string; error?: Error } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-consumer-'));
  const app = path.join(tmp, 'app');
  let packed: Packed = { filename: '', integrity: '', files: [] };
  try {
    if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'index.js')) || !fs.existsSync(path.join(ROOT, 'build', 'cli', 'cdk8s-istio.js'))) {
      throw new Error('build/ is missing: run `npm run build` first (`npm test` does)');
    }
    // The package as `npm publish` would make it; the build is already there (prepare would rebuild it).
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    packed = (JSON.parse(pack.stdout) as Packed[])[0];

    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const registry = npm(['config', 'get', 'registry'], tmp).stdout.trim().replace(/\/?$/, '/');
    const deps = closure(lock, [...Object.keys(pkg.dependencies), ...APP_DEPENDENCIES], registry);
    const tarball = `file:../${packed.filename}`;
    const dependencies: Record<string, string> = { 'cdk8s-istio': tarball };
    for (const name of APP_DEPENDENCIES) dependencies[name] = deps[`node_modules/${name}`].version as string;
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
    fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({
      name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true,
      packages: {
        '': { name: 'consumer', version: '1.0.0', dependencies },
        'node_modules/cdk8s-istio': {
          version: pkg.version, resolved: tarball, integrity: packed.integrity, license: pkg.license,
          dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines,
        },
        ...deps,
      },
    }, null, 2));
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(INIT_TSCONFIG, null, 2));
    fs.writeFileSync(path.join(app, 'main.ts'), MAIN_TS);
    fs.writeFileSync(path.join(app, 'types.ts'), TYPES_TS);

    const install = npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], app);
    if (install.status !== 0) {
      const out = install.stdout + install.stderr;
      if (/ENOTCACHED|only-if-cached/.test(out)) {
        const why = out.split('\n').filter((l) => /ENOTCACHED|only-if-cached/.test(l)).join('; ');
        fs.rmSync(tmp, { recursive: true, force: true }); // skipped tests run no afterAll
        return { tmp, app, packed, skip: `the npm cache lacks a package for the offline install (${why})` };
      }
      throw new Error(`npm ci --offline failed:\n${out}`);
    }
    return { tmp, app, packed };
  } catch (e) {
    return { tmp, app, packed, error: e as Error };
  }
}

// Packing and installing takes a while: `npm run test:all` (and CI) run it, `npm test` reports it skipped.
const setup: ReturnType<typeof setUp> = process.env.PACK_TEST
  ? setUp()
  : { tmp: '', app: '', packed: undefined as never, skip: 'npm pack and an offline install take ~20 s; PACK_TEST=1 (npm run test:all, CI) runs it' };
if (setup.skip) process.stderr.write(`consumer.test.ts: skipped: ${setup.skip}\n`);
const maybe = setup.skip ? test.skip : test;

describe('the npm package, in a fresh cdk8s app outside the repository', () => {
  let ours: Record<string, string>;

  beforeAll(() => {
    if (setup.skip) return;
    if (setup.error) throw setup.error;
    // Our output for the same props: the Istio charts, as the app's `app.synth()` names them.
    const outdir = path.join(setup.tmp, 'ours');
    const app = new App({ outdir });
    new Istio(app, 'istio', PROPS);
    app.synth();
    ours = manifests(outdir);
  });

  afterAll(() => {
    fs.rmSync(setup.tmp, { recursive: true, force: true });
  });

  maybe('the app is outside the repository', () => {
    expect(path.relative(ROOT, setup.app).startsWith('..')).toBe(true);
  });

  maybe('the package holds the library, the CLI, the API reference, README, LICENSE and CHANGELOG only', () => {
    const files = setup.packed.files.map((f) => f.path).sort();
    const unexpected = files.filter((f) => !/^(build\/(lib|imports)\/.+\.(js|d\.ts)|build\/cli\/[^/]+|docs\/api\/[^/]+\.md|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(f));
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|__snapshots__|\.ci|etc)\/|\.test\.|\.snap$|tsconfig|jest\.config/.test(f))).toEqual([]);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/cli/cdk8s-istio.js', 'docs/api/index.md']) {
      expect(files).toContain(f);
    }
    expect(fs.readFileSync(path.join(setup.app, 'node_modules', 'cdk8s-istio', 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  maybe('an app using Istio and a typed VirtualService compiles with `cdk8s init`\'s tsconfig; misuse does not', () => {
    // types.ts holds the misuses, each under @ts-expect-error: tsc fails if one of them type-checks.
    run(process.execPath, [path.join(setup.app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], setup.app);
    expect(fs.existsSync(path.join(setup.app, 'main.js'))).toBe(true);
  });

  maybe('its synth writes the Istio files byte for byte as ours, and the VirtualService beside them', () => {
    run(process.execPath, ['main.js'], setup.app);
    const theirs = manifests(path.join(setup.app, 'dist'));
    const istio = Object.keys(theirs).filter((f) => /^\d{4}-istio(-crds)?\.k8s\.yaml$/.test(f));
    expect(istio).toEqual(Object.keys(ours));
    for (const f of istio) expect({ file: f, yaml: theirs[f] }).toEqual({ file: f, yaml: ours[f] });
    const reviews = Object.keys(theirs).filter((f) => !istio.includes(f));
    expect(reviews).toEqual(['0002-reviews.k8s.yaml']);
    expect(theirs['0002-reviews.k8s.yaml']).toBe([
      'apiVersion: networking.istio.io/v1alpha3',
      'kind: VirtualService',
      'metadata:',
      '  name: reviews',
      '  namespace: default',
      'spec:',
      '  hosts:',
      '    - reviews',
      '  http:',
      '    - route:',
      '        - destination:',
      '            host: reviews',
      '            subset: v1',
      '          weight: 75',
      '        - destination:',
      '            host: reviews',
      '            subset: v2',
      '          weight: 25',
      '',
    ].join('\n'));
  });

  maybe('the installed CLI writes the same files for the same flags', () => {
    const out = path.join(setup.tmp, 'cli-out');
    run(process.execPath, [path.join(setup.app, 'node_modules', '.bin', 'cdk8s-istio'), 'synth', ...CLI_FLAGS, '--output', out], setup.app);
    expect(manifests(out)).toEqual(ours);
  });

  maybe('its runtime exports are the API report\'s, and nothing else', () => {
    const keys = JSON.parse(run(process.execPath, ['-e', 'console.log(JSON.stringify(Object.keys(require("cdk8s-istio")).sort()))'], setup.app)) as string[];
    const report = fs.readFileSync(path.join(ROOT, 'etc', 'cdk8s-istio.api.md'), 'utf8');
    const declared = (kinds: string) => [...report.matchAll(new RegExp(`^export (?:declare )?(?:abstract )?(?:${kinds}) (\\w+)`, 'gm'))].map((m) => m[1]);
    const values = [...new Set([...declared('class|function|const')])].filter((n) => !typeOnlyExports().includes(n)).sort();
    expect(keys).toEqual(values);
    expect(keys).not.toEqual(expect.arrayContaining(['resolveOptions']));
  });
});

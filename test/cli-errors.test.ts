import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Testing } from 'cdk8s';
import { classify, CliError, EXIT, oneLine, quote, reportFailure, UsageError } from '../lib/cli-errors';
import { loadUserYaml, loadUserYamlAll, markStdinArgs, STDIN_ARG } from '../lib/input';
import { Istio } from '../lib/istio';
import { warningsOf } from '../lib/warnings';
import { CLI, readTree, ROOT, tmpDir } from './helpers';
import { runCli } from './run-cli';

/** The classic "billion laughs": 9 levels of 9 aliases, 9^9 strings when expanded (81 aliases, under the count). */
function billionLaughs(): string {
  let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return text;
}
/** 40 aliases, each level doubling: 2^40 nodes when expanded. */
function doublingChain(): string {
  let text = 'a0: &a0 [x]\n';
  for (let i = 1; i <= 20; i++) text += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
  return text;
}
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** Time a refusal: the error and how long it took, in milliseconds. */
function timed(f: () => unknown): { error: Error; ms: number } {
  const start = performance.now();
  try {
    f();
  } catch (e) {
    return { error: e as Error, ms: performance.now() - start };
  }
  throw new Error('expected a refusal');
}

describe('bounded YAML input (lib/input.ts)', () => {
  test('a billion-laughs file is refused in well under a second, without being expanded', () => {
    const { error, ms } = timed(() => loadUserYaml(billionLaughs(), '--config lol.yaml'));
    expect(error.message).toBe('--config lol.yaml: YAML aliases expand to more than 100000 nodes; aliases are limited to keep expansion bounded');
    expect(ms).toBeLessThan(1000);
  });

  test('a doubling chain of aliases is refused as fast', () => {
    const { error, ms } = timed(() => loadUserYaml(doublingChain(), 'values.yaml'));
    expect(error.message).toMatch(/^values\.yaml: YAML aliases expand to more than 100000 nodes/);
    expect(ms).toBeLessThan(1000);
  });

  test('more than 100 aliases are refused at the 101st, with its line; 100 are fine', () => {
    const aliases = (n: number) => `a: &a 1\nb:\n${'- *a\n'.repeat(n)}`;
    expect(() => loadUserYaml(aliases(101), 'x.yaml')).toThrow('x.yaml: line 103: more than 100 YAML aliases; aliases are limited to keep expansion bounded');
    expect((loadUserYaml(aliases(100), 'x.yaml') as any).b).toHaveLength(100);
  });

  test('the alias count is for the whole stream of documents', () => {
    const doc = `a: &a 1\nb: [${Array(60).fill('*a').join(', ')}]\n`;
    expect(() => loadUserYamlAll(`${doc}---\n${doc}`, '--filename app.yaml')).toThrow(/--filename app\.yaml: line 5: more than 100 YAML aliases/);
  });

  test.each([
    ['a map that contains itself', 'a: &x\n  b: *x\n', /^c\.yaml: line 2: a YAML alias refers to a node that contains it \(a cycle\)$/],
    ['a list that contains itself', '&a [ *a ]\n', /^c\.yaml: line 1: a YAML alias refers to a node that contains it \(a cycle\)$/],
    ['a cycle through two anchors', 'a: &x {b: &y {c: *x}}\n', /^c\.yaml: line 1: a YAML alias refers to a node that contains it/],
  ])('a cyclic alias is refused: %s', (_name, text, message) => {
    const { error, ms } = timed(() => loadUserYaml(text, 'c.yaml'));
    expect(error.message).toMatch(message);
    expect(ms).toBeLessThan(100);
  });

  test('nesting deeper than 64 levels is refused (by the parser, and through aliases); 60 levels are fine', () => {
    expect(() => loadUserYaml(nested(70), 'd.yaml')).toThrow('d.yaml: line 1: nested deeper than 64 levels');
    expect(() => loadUserYaml(nested(60), 'd.yaml')).not.toThrow();
    const deepMap = Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(() => loadUserYaml(deepMap, 'd.yaml')).toThrow(/^d\.yaml: line \d+: nested deeper than 64 levels$/);
    // Each half is shallow enough; the alias puts one inside the other.
    const viaAlias = `a: &a ${nested(40)}\nb: ${'['.repeat(30)}*a${']'.repeat(30)}\n`;
    expect(() => loadUserYaml(viaAlias, 'd.yaml')).toThrow(/^d\.yaml: b\[0\]\[0\].*: nested deeper than 64 levels$/);
    // Manifests may nest deeper (CRD schemas do).
    expect(() => loadUserYamlAll(nested(100), 'm.yaml')).not.toThrow();
  });

  test('a file above the size limit is refused before it is parsed', () => {
    const big = `a: ${'x'.repeat(5 * 1024 * 1024)}\n`;
    const { error, ms } = timed(() => loadUserYaml(big, '--config big.yaml'));
    expect(error.message).toBe('--config big.yaml: 5 MiB, more than the 4 MiB this input may have');
    expect(ms).toBeLessThan(1000);
    expect(loadUserYaml(big, 'big', { maxBytes: 8 * 1024 * 1024 })).toEqual({ a: 'x'.repeat(5 * 1024 * 1024) });
  });

  test('YAML errors are one line and quote at most a short prefix of the offending text', () => {
    const { error } = timed(() => loadUserYaml(`a: *${'n'.repeat(100000)}\n`, 'e.yaml'));
    expect(error.message).toMatch(/^e\.yaml: not valid YAML or JSON: unidentified alias "n+… \(line 1, column \d+\)$/);
    expect(error.message.length).toBeLessThan(250);
    expect(() => loadUserYaml('a: 1\0', 'n.yaml')).toThrow('n.yaml: not a text file (a NUL byte at offset 4)');
  });

  test('ordinary YAML with anchors and merge keys still loads', () => {
    expect(loadUserYaml('d: &d {k: 1}\ne:\n  <<: *d\n  m: 2\nf: *d\n', 'ok.yaml')).toEqual({ d: { k: 1 }, e: { k: 1, m: 2 }, f: { k: 1 } });
  });
});

describe('messages and exit codes (lib/cli-errors.ts)', () => {
  test('quote and oneLine cut what users gave', () => {
    expect(quote('short')).toBe('"short"');
    expect(quote('y'.repeat(1000))).toBe(`"${'y'.repeat(80)}…" (1000 characters)`);
    expect(quote(Number.NaN)).toBe('NaN');
    expect(oneLine(`mode: got "${'z'.repeat(50000)}", expected\none of a, b`)).toBe(`mode: got "${'z'.repeat(80)}…" (50000 characters), expected one of a, b`);
    expect(oneLine('q'.repeat(5000))).toHaveLength(1000 + '… (message cut)'.length);
  });

  test.each([
    ['a usage error', new UsageError('Unknown argument: x'), EXIT.usage],
    ['yargs\' own errors', Object.assign(new Error('Not enough arguments following: f'), { name: 'YError' }), EXIT.usage],
    ['refused input', new CliError('--config x: ...'), EXIT.input],
    ['an option error', Object.assign(new Error('mode: got 1'), { name: 'IstioOptionError' }), EXIT.input],
    ['an injection error', Object.assign(new Error('Deployment x: ...'), { name: 'InjectionError' }), EXIT.input],
    ['an output path that is a file', Object.assign(new Error('/x: is a file, expected a folder for the output'), { name: 'OutputFolderError' }), EXIT.usage],
    ['a foreign file in the output', Object.assign(new Error('/x/a.k8s.yaml: exists and was not written by cdk8s-istio'), { name: 'OutputFolderError' }), EXIT.input],
    ['a permission error', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', syscall: 'open', path: '/out/a' }), EXIT.input],
    ['a path through a file', Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR', syscall: 'mkdir', path: '/etc/passwd/x' }), EXIT.usage],
    ['findings', new CliError('2 errors', EXIT.findings), EXIT.findings],
    ['a bug', new TypeError('Cannot read properties of undefined'), EXIT.internal],
  ])('%s exits with its class\'s code', (_name, error, code) => {
    expect(classify(error).status).toBe(code);
  });

  test('file-system errors are one line with their path, not Node\'s message', () => {
    const e = Object.assign(new Error('EACCES: permission denied, open \'/out/a\''), { code: 'EACCES', syscall: 'open', path: '/out/a' });
    expect(classify(e).message).toBe('/out/a: cannot open (permission denied, EACCES)');
  });

  test('an internal error says so in one line; --debug adds the stack', () => {
    const lines: string[] = [];
    const bug = new TypeError('x is undefined');
    expect(reportFailure(bug, false, (s) => lines.push(s))).toBe(70);
    expect(lines).toEqual(['cdk8s-istio: internal error, please report: TypeError: x is undefined (run with --debug for the stack trace)\n']);
    lines.length = 0;
    reportFailure(bug, true, (s) => lines.push(s));
    expect(lines[0]).toBe('cdk8s-istio: internal error, please report: TypeError: x is undefined\n');
    expect(lines[1]).toMatch(/^TypeError: x is undefined\n\s+at /);
  });

  test('main(): a bug in a command exits 70 with one line, and the stack only with --debug', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const synth = require('../lib/synth');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../lib/cli');
    const spy = jest.spyOn(synth, 'synthesize').mockImplementation(() => { throw new TypeError('boom'); });
    const written: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(((s: string) => { written.push(String(s)); return true; }) as any);
    try {
      const out = path.join(tmpDir(), 'out');
      expect(await main(['synth', '--output', out])).toBe(70);
      expect(written.join('')).toBe('cdk8s-istio: internal error, please report: TypeError: boom (run with --debug for the stack trace)\n');
      written.length = 0;
      expect(await main(['synth', '--output', out, '--debug'])).toBe(70);
      expect(written.join('')).toMatch(/^cdk8s-istio: internal error, please report: TypeError: boom\nTypeError: boom\n\s+at /);
    } finally {
      err.mockRestore();
      spy.mockRestore();
    }
  });
});

describe('the CLI: one line per error, an exit code per class', () => {
  let dir: string;
  let out: string;
  let before: Record<string, string>;
  beforeEach(() => {
    dir = tmpDir();
    out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'mine.k8s.yaml'), 'kind: Mine\n');
    before = readTree(out);
  });
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  /** One line on stderr, no stack trace, nothing on stdout, the output folder as it was. */
  const expectOneLine = (r: { stdout: string; stderr: string }) => {
    expect(r.stderr).toMatch(/^cdk8s-istio: [^\n]*\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(r.stdout).toBe('');
    expect(readTree(out)).toEqual(before);
  };

  test.each([
    ['an alias bomb', () => write('lol.yaml', `values:\n  x:\n${billionLaughs().replace(/^/gm, '    ')}`), /YAML aliases expand to more than 100000 nodes/],
    ['a cyclic alias', () => write('cyc.yaml', 'values: &v\n  pilot: *v\n'), /line \d+: a YAML alias refers to a node that contains it \(a cycle\)/],
    ['deep nesting', () => write('deep.yaml', `values: ${nested(80)}\n`), /line 1: nested deeper than 64 levels/],
    ['a huge file', () => write('huge.yaml', `mode: ${'x'.repeat(5 * 1024 * 1024)}\n`), /huge\.yaml: 5 MiB, more than the 4 MiB this input may have/],
    ['a huge value', () => write('long.yaml', `${'k'.repeat(100000)}\n`), /long\.yaml: got "k{80}…" \(100000 characters\), expected a map of cdk8s-istio props/],
  ])('synth --config with %s: refused input, exit 1, quickly', async (_name, config, message) => {
    const start = Date.now();
    const r = await runCli(['synth', '--output', out, '--config', config()]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(EXIT.input);
    expectOneLine(r);
    expect(r.stderr.length).toBeLessThan(400);
    // Process start-up included; without the bounds the bomb ran for a minute and ran out of memory.
    expect(Date.now() - start).toBeLessThan(10000);
  });

  test('a manifest above 32 MiB is refused without being read', async () => {
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 33 * 1024 * 1024);
    const r = await runCli(['inject', '-f', big]);
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toBe(`cdk8s-istio: --filename ${big}: 33 MiB, more than the 32 MiB this input may have\n`);
  });

  test.each([
    ['an unknown flag', ['synth', '--gateway', 'NodePort'], /Unknown argument: gateway/],
    ['a repeated flag', ['synth', '--mode', 'strict', '--mode', 'permissive'], /--mode was given more than once \("strict", "permissive"\); give it once/],
    ['a value not among the choices', ['synth', '--delivery', 'helm'], /Invalid values: Argument: delivery, Given: "helm"/],
    ['no command', [], /name a command/],
    ['an unknown command', ['synthesize'], /Unknown argument: synthesize/],
    ['inject without --filename', ['inject'], /Missing required argument: filename/],
    ['--filename without its value', ['inject', '-f'], /Not enough arguments following: f/],
  ])('%s is a usage error: exit 2, one line', async (_name, args, message) => {
    const r = await runCli(args.map((a) => a.replace('OUT', out)));
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(EXIT.usage);
    expectOneLine(r);
  });

  test('an output path that is a file, or goes through one, is a usage error', async () => {
    const file = write('file', 'not a folder\n');
    for (const output of [file, path.join(file, 'sub')]) {
      const r = await runCli(['synth', '--output', output]);
      expect(r.status).toBe(EXIT.usage);
      expect(r.stderr).toMatch(/^cdk8s-istio: [^\n]*\n$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder\n');
  });

  (process.getuid?.() === 0 ? test.skip : test)('an output folder that is not writable is one line (EACCES)', async () => {
    fs.chmodSync(out, 0o500);
    try {
      const r = await runCli(['synth', '--output', out]);
      expect(r.status).toBe(EXIT.input);
      expect(r.stderr).toMatch(/^cdk8s-istio: [^\n]*\n$/);
    } finally {
      fs.chmodSync(out, 0o700);
    }
  });

  test('--debug prints the stack after the line', async () => {
    const r = await runCli(['synth', '--mode', 'a', '--mode', 'b', '--debug']);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^cdk8s-istio: --mode was given more than once[^\n]*\nUsageError: [^\n]*\n\s+at /);
  });

  test('- reads stdin for synth\'s --config and --values too, once', async () => {
    const run = (args: string[], input: string) => runCli(args, { input });
    const config = await run(['synth', '--output', out, '--config', '-'], 'values: {pilot: {autoscaleMin: 2}}\n');
    expect(config.stderr).not.toMatch(/cdk8s-istio: (?!warning)/);
    expect(config.status).toBe(0);
    expect(fs.readFileSync(path.join(out, '0001-istio.k8s.yaml'), 'utf8')).toMatch(/minReplicas: 2/);
    const bad = await run(['synth', '--output', out, '--values', '-'], 'pilot: [\n');
    expect(bad.status).toBe(EXIT.input);
    expect(bad.stderr).toMatch(/^cdk8s-istio: --values - \(stdin\): not valid YAML or JSON: [^\n]*\n$/);
    const twice = await run(['synth', '--output', out, '--config', '-', '--values', '-'], '{}\n');
    expect(twice.status).toBe(EXIT.usage);
    expect(twice.stderr).toMatch(/--values - \(stdin\): stdin was read already by another flag; give - to one flag only\n$/);
  });

  test('markStdinArgs: only a file flag\'s - is stdin; a positional - (analyze) is left alone', () => {
    expect(markStdinArgs(['inject', '-f', '-', '--mode', '-'])).toEqual(['inject', '-f', STDIN_ARG, '--mode', '-']);
    expect(markStdinArgs(['analyze', '--verbose', '-'])).toEqual(['analyze', '--verbose', '-']);
    expect(markStdinArgs(['synth', '--', '--config', '-'])).toEqual(['synth', '--', '--config', '-']);
  });

  test('a reader that goes away (| head) ends the output quietly, exit 0', () => {
    const workloads = Array.from({ length: 80 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec: {containers: [{name: c, image: c:1}]}\n`);
    const app = write('many.yaml', workloads.join('---\n'));
    const errFile = path.join(dir, 'stderr.txt');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" inject -f "${app}" 2>"${errFile}" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0');
    expect(fs.readFileSync(errFile, 'utf8')).toBe('');
  });
});

describe('library hygiene', () => {
  test('constructing the installation prints nothing; the Kiali demo-credential warning is on the construct', () => {
    const write = jest.spyOn(process.stderr, 'write');
    try {
      const app = Testing.app();
      new Istio(app, 'istio');
      expect(write).not.toHaveBeenCalled();
      expect(warningsOf(app)).toEqual([expect.stringMatching(/^Secret kiali holds Kiali's demo credentials admin\/admin; set values\.kiali\.createDemoSecret: false/)]);
      const own = Testing.app();
      new Istio(own, 'istio', { values: { kiali: { createDemoSecret: false, dashboard: { secretName: 'mine' } } } });
      expect(warningsOf(own)).toEqual([]);
    } finally {
      write.mockRestore();
    }
  });

  test('two Istio charts in one App are refused with a message', () => {
    const app = new App({ outdir: tmpDir() });
    new Istio(app, 'istio');
    expect(() => new Istio(app, 'istio2', { mode: 'strict' })).toThrow(
      /^\[istio2\] an app holds one Istio installation, and istio is one already/);
  });
});

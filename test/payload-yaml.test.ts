import { Testing } from 'cdk8s';
import * as jsyaml from 'js-yaml';
import { Istio, IstioProps } from '../lib';

// Every payload the components dump goes through the real emitter and is recorded, to be compared with js-yaml.
const recorded: unknown[] = [];
jest.mock('../lib/payload-yaml', () => {
  const actual = jest.requireActual('../lib/payload-yaml');
  return { ...actual, payloadYaml: (v: unknown) => { recorded.push(v); return actual.payloadYaml(v); } };
});
// eslint-disable-next-line import/first
import { payloadYaml } from '../lib/payload-yaml';
const { payloadYaml: emitter } = jest.requireActual('../lib/payload-yaml') as typeof import('../lib/payload-yaml');

const jsYaml = (v: unknown) => jsyaml.dump(v, { lineWidth: -1, noRefs: true });

describe('payloads are written as js-yaml dump writes them', () => {
  // [name, props, payloads at least: mesh config, injector config, Galley's webhook, Prometheus, Kiali, Grafana's files]
  const configurations: Array<[string, IstioProps, number]> = [
    ['the demo', {}, 6],
    ['strict', { mode: 'strict' }, 6],
    ['the default profile', { profile: 'default' }, 4],
    ['sds-auth', { profile: 'sds-auth' }, 4],
    ['minimal on 1.2.10', { profile: 'minimal', version: '1.2.10' }, 1],
    ['a tracer, a CA address and mesh expansion', {
      set: ['global.proxy.tracer=datadog', 'global.remotePilotAddress=10.0.0.1', 'pilot.traceSampling=0.5', 'global.meshExpansion.enabled=true'],
    }, 6],
  ];
  test.each(configurations)('%s: every payload equals js-yaml', (_name, props, atLeast) => {
    recorded.length = 0;
    new Istio(Testing.app(), 'istio', props);
    expect(payloadYaml).toBeDefined();
    expect(recorded.length).toBeGreaterThanOrEqual(atLeast);
    for (const v of recorded) expect(emitter(v)).toBe(jsYaml(v));
  });

  test('quoting, block text, numbers and empty collections', () => {
    const doc = {
      multi: 'one\n  two\n', lead: ' space', leadBlock: ' a\nb', blanks: 'x\n\n\ny\n\n', onlyNl: '\n', nl: '\nfirst', trailing: 'end  ',
      colon: 'a: b', colonEnd: 'a:', colonNoSpace: 'http://x:80/y', hash: 'a #b', hash2: 'a#b', empty: '', quotes: 'it\'s "q"',
      yes: 'yes', n: 'N', on: 'On', base60: '1:20', oct: '0755', hex: '0x1F', float: '1.5', exp: '1e3', inf: '.inf', nan: '.NaN',
      date: '2019-01-01', merge: '<<', tilde: '~', nul: 'null', tru: 'True', dash: '-', dashWord: '-x', question: '?x', star: '*x',
      brackets: 'a[0],{b}', pct: '%x', at: '@x', tick: '`x', eq: '=x', gt: '>x', pipe: '|x', amp: '&x', bang: '!x', comma: ',x',
      lists: [[], {}, [1, [2, []]], { a: [] }, [{ a: 1, b: [{ c: null }] }]], undefinedItem: [undefined, 1],
      nums: [0, -0, 1.5, 1e21, -3, 5e-7, -1.5e-300, NaN, Infinity, -Infinity, 0.1 + 0.2],
      keys: { 'a b': 1, 'x:y': 2, '-k': 3, 'true': 5, '': 6, 'no': 7, '1': 8, 'a: b': 9 }, nil: null, skipped: undefined, t: true, f: false,
      nested: { deeper: { text: 'l1\nl2', list: ['x', 'y: z', ' y'] } },
    };
    expect(emitter(doc)).toBe(jsYaml(doc));
  });

  test('what it leaves to js-yaml (tabs, control characters, other scripts, long keys) comes out the same', () => {
    for (const doc of [{ tab: 'a\tb' }, { bell: 'ding\u0007' }, { 'multi\nline key': 1 }, { text: 'Grüße' }, { ['k'.repeat(1100)]: 1 }, { d: new Date(0) }, 'top\tlevel', [1, 'x']]) {
      expect(emitter(doc)).toBe(jsYaml(doc));
    }
  });

  test('generated strings and shapes equal js-yaml (seeded)', () => {
    let seed = 20261202;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pieces = ['a', 'Z', '0', '1', '.', '-', ':', ' ', '#', '\n', "'", '"', '[', ']', '{', '}', ',', '?', '|', '>', '~', '<', '*', '&', '!', '%', '@', '`', '=', 'e', 'x', 'true', 'null', 'yes', '_', '/', '+'];
    const text = () => Array.from({ length: rnd(7) }, () => pieces[rnd(pieces.length)]).join('');
    const value = (depth: number): unknown => {
      switch (rnd(depth > 3 ? 5 : 8)) {
        case 0: case 1: case 2: return text();
        case 3: return [0, -1, 2.5, 1e-9, 123456789][rnd(5)];
        case 4: return [true, false, null][rnd(3)];
        case 5: return Array.from({ length: rnd(4) }, () => value(depth + 1));
        default: return Object.fromEntries(Array.from({ length: rnd(4) }, () => [text(), value(depth + 1)]));
      }
    };
    for (let i = 0; i < 3000; i++) {
      const v = value(0);
      expect(emitter(v)).toBe(jsYaml(v));
    }
  });
});

describe('the injector values JSON', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { injectorValues, injectorValuesJson } = require('../lib/injector-values') as typeof import('../lib/injector-values');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolveOptions } = require('../lib/options') as typeof import('../lib/options');
  test.each<[string, IstioProps]>([['the demo', {}], ['strict on 1.2.10', { mode: 'strict', version: '1.2.10' }], ['minimal', { profile: 'minimal' }]])(
    '%s: one pass equals JSON.stringify of the sorted tree', (_name, props) => {
      const values = resolveOptions(props).values;
      expect(injectorValuesJson(values)).toBe(JSON.stringify(injectorValues(values)));
    });
  test('unset keys, list holes, nested lists and odd numbers', () => {
    const v = { b: [1, undefined, [{ z: 1, a: undefined }], null], a: 'x"y', n: NaN, e: {}, l: [] } as never;
    expect(injectorValuesJson(v)).toBe(JSON.stringify(injectorValues(v)));
  });
});

import { Testing, Yaml } from 'cdk8s';
import { Istio, IstioProps } from '../lib';
import { stringifyDocument, stringifyManifests, Unsupported } from '../lib/yaml-emitter';

/** Every document of an installation, as the charts render them. */
function documents(props: IstioProps): unknown[] {
  const istio = new Istio(Testing.app(), 'istio', props);
  return istio.charts.flatMap((c) => c.toJson());
}

describe('the manifest emitter writes the bytes cdk8s writes', () => {
  const configurations: Array<[string, IstioProps]> = [
    ['the demo', {}],
    ['strict', { mode: 'strict' }],
    ['gitops with sync waves', { delivery: 'gitops', argoCdSyncWaves: true }],
    ['the default profile', { profile: 'default' }],
    ['sds-auth', { profile: 'sds-auth' }],
    ['1.2.10', { version: '1.2.10' }],
    ['NodePort, hub, annotations', { hub: 'registry.example.com:5000/istio', ingressGateway: { type: 'NodePort', serviceAnnotations: { 'x/y': 'true', z: '- a: b' } } }],
  ];
  test.each(configurations)('%s: every document equals Yaml.stringify', (_name, props) => {
    for (const d of documents(props)) expect(stringifyDocument(d)).toBe(Yaml.stringify(d));
  });

  test('edge cases of quoting and block text equal the yaml package', () => {
    const doc = {
      multi: 'one\n  two\n', lead: ' space', blanks: 'x\n\n\ny\n\n', nl: '\nfirst', trailing: 'end  ', colon: 'a: b\nc',
      tab: ['x\ty'], empty: '', quotes: 'it\'s "q"', dq: 'say "hi"', sq: "it's", hash: 'a #b', yes: 'yes', n: 'n', oct: '0755',
      float: '1.5', exp: '1e3', time: '1:20', date: '2019-01-01', marker: '--- doc', dash: '-', lists: [[], {}, [1, [2]], { a: [] }],
      nums: [0, -0, 1.5, 1e21, -3], keys: { 'a b': 1, 'x:y': 2, '-k': 3, '- k': 4, 'true': 5, '---': 6 }, nil: null, undef: undefined,
      // eslint-disable-next-line no-sparse-arrays
      sci: ['e+5', 'E-3', 'e_1', '.5e2', '+.inf', '-.5', '~', '+12', 'o', 'Off ', '0o7', '1_000'],
      holes: [1, , 3], astral: 'mesh \u{1F600} ok', latin: 'caf\u00e9 \u00a0',
    };
    expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
  });

  test('generated words and near-words equal the yaml package (seeded)', () => {
    let seed = 1202;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pieces = ['a', 'e', 'E', 'n', 'N', 'o', 'y', 'Y', 'true', 'null', 'no', 'off', 'On', 'x', '0', '1', '5', '.', '-', '_', '/', '+', ':', ' ', '~', '#'];
    const word = () => Array.from({ length: 1 + rnd(5) }, () => pieces[rnd(pieces.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const doc = Object.fromEntries(Array.from({ length: 1 + rnd(6) }, () => [word(), rnd(3) === 0 ? [word(), word()] : word()]));
      expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
    }
  });

  test('what it does not write itself goes to the yaml package, with the same result', () => {
    const doc = { bell: 'ding\u0007', 'multi\nline key': 1, quotedBlock: 'a\n  ' };
    expect(() => stringifyDocument(doc)).toThrow(Unsupported);
    expect(() => stringifyDocument({ lone: 'half \uD83D of a pair' })).toThrow(Unsupported);
    expect(() => stringifyDocument({ c1: 'next line \u0085' })).toThrow(Unsupported);
    expect(stringifyManifests([doc, { a: 1 }])).toBe(Yaml.stringify(doc, { a: 1 }));
  });
});

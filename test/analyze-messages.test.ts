import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { formatGo, MESSAGES, MessageName, messageText, msg } from '../lib/analyze/messages';
import { describeWithShared, SHARED } from './helpers';

describe('the message catalogue', () => {
  test('codes are unique and ordered', () => {
    const codes = Object.values(MESSAGES).map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
  });

  test('each template has a verb per argument', () => {
    for (const [name, m] of Object.entries(MESSAGES)) {
      const verbs = (m.template.match(/%[sqdtv]/g) ?? []).length;
      expect([name, verbs]).toEqual([name, m.args.length]);
    }
  });

  test('Go verbs: %q quotes, %v prints lists as [a b], %t and %d as Go does', () => {
    expect(formatGo('%s %q %v %v %t %d %%', ['a', 'b"c', ['x', 'y'], [80, 443], false, 9080])).toBe('a "b\\"c" [x y] [80 443] false 9080 %');
    expect(formatGo('%s and %s', ['one'])).toBe('one and %!s(MISSING)');
    expect(messageText(msg.referencedResourceNotFound('host+subset in destinationrule', 'reviews+bogus')))
      .toBe('Referenced host+subset in destinationrule not found: "reviews+bogus"');
  });
});

interface UpstreamMessage {
  name: string;
  code: string;
  level: string;
  template: string;
}

describeWithShared('the message catalogue against Istio\'s (../shared/reference/analyze/messages.yaml)', () => {
  const upstream = (yaml.load(fs.readFileSync(path.join(SHARED, 'reference', 'analyze', 'messages.yaml'), 'utf8')) as { messages: UpstreamMessage[] }).messages;

  test('every message of Istio\'s catalogue is there with its code, level and text', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(upstream.map((m) => m.name).sort());
    for (const m of upstream) {
      const ours = MESSAGES[m.name as MessageName];
      expect({ name: m.name, code: ours.code, level: ours.level, template: ours.template }).toEqual({ name: m.name, code: m.code, level: m.level, template: m.template });
    }
  });
});

/**
 * The fast `toJson` (lib/plain-json.ts, lib/k8s.ts) against cdk8s' own: the same JSON, key order included (the YAML
 * follows it), for every object of several installations, and the cases where it must step aside for cdk8s.
 */
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import * as base from 'cdk8s-plus-25/lib/imports/k8s';
import { Istio, IstioProps, IstioResource } from '../lib';
import * as k8s from '../lib/k8s';
import { PlainApiObject, plainApiObjectJson, usePlainJson } from '../lib/plain-json';

/** `obj.toJson()` as text (key order matters), with the fast path on or off. */
function json(obj: ApiObject, fast: boolean): string {
  usePlainJson(fast);
  try {
    return JSON.stringify(obj.toJson());
  } finally {
    usePlainJson(true);
  }
}

/** The L1 classes lib/k8s.ts gives the fast path (its own exports, not cdk8s-plus-25's). */
const FAST_L1 = Object.entries(k8s).filter(([name, c]) => name.startsWith('Kube') && c !== (base as any)[name]).map(([, c]) => c as any);

const INSTALLS: Array<[string, IstioProps]> = [
  ['default', {}],
  ['demo', { profile: 'demo' }],
  ['demo-auth with every optional part', {
    profile: 'demo-auth',
    set: ['certmanager.enabled=true', 'istiocoredns.enabled=true', 'global.multiCluster.enabled=true', 'kiali.ingress.enabled=true',
      'tracing.ingress.enabled=true', 'grafana.ingress.enabled=true', 'gateways.custom.enabled=true', 'gateways.custom.ports[0].port=80',
      'gateways.custom.ports[0].name=http', 'gateways.custom.labels.istio=custom'],
  }],
  ['sds-auth', { profile: 'sds-auth' }],
  ['remote', { profile: 'remote', set: ['kiali.enabled=true', 'tracing.enabled=true', 'tracing.provider=zipkin', 'prometheus.enabled=true'] }],
  ['gitops with sync waves', { profile: 'demo', delivery: 'gitops', argoCdSyncWaves: true }],
];

describe('fast toJson equals cdk8s\' toJson on every object', () => {
  test.each(INSTALLS)('%s', (_name, props) => {
    const app = Testing.app();
    new Istio(app, 'istio', props);
    const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      // Every object's class takes the fast path: built from lib/k8s.ts, PlainApiObject or IstioResource.
      const x: object = o;
      const fastClass = x instanceof PlainApiObject || x instanceof IstioResource || FAST_L1.some((c) => x instanceof c);
      expect({ path: o.node.path, fastClass }).toEqual({ path: o.node.path, fastClass: true });
      expect({ path: o.node.path, plain: plainApiObjectJson(o) !== undefined }).toEqual({ path: o.node.path, plain: true });
      expect({ path: o.node.path, json: json(o, true) }).toEqual({ path: o.node.path, json: json(o, false) });
    }
  });
});

describe('fast toJson: values that need cdk8s\' resolution take its path', () => {
  const chart = () => new Chart(Testing.app(), 'c');

  test('IntOrString and Quantity become their value, nulls leave maps but stay in lists, keys sort', () => {
    const d = new k8s.KubeDeployment(chart(), 'd', {
      metadata: { name: 'd', labels: { b: '2', a: '1' } },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromString('25%') } },
        template: {
          spec: {
            containers: [{ name: 'c', args: ['z', null as any, 'a'], resources: { limits: { cpu: k8s.Quantity.fromString('100m') } }, env: undefined }],
          },
        },
      },
    });
    expect(plainApiObjectJson(d)).toBeDefined();
    expect(json(d, true)).toBe(json(d, false));
    expect(d.toJson().spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: '25%' });
  });

  test('a Lazy, an object with resolve(), and a user JSON patch', () => {
    const c = chart();
    const lazy = new PlainApiObject(c, 'lazy', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l' }, data: { a: Lazy.any({ produce: () => 'later' }) } });
    const token = new PlainApiObject(c, 'token', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 't' }, data: { a: { resolve: () => 'resolved' } } });
    const patched = new k8s.KubeConfigMap(c, 'patched', { metadata: { name: 'p' }, data: { a: '1' } });
    patched.addJsonPatch(JsonPatch.add('/data/b', '2'), JsonPatch.remove('/data/a'));
    expect(plainApiObjectJson(lazy)).toBeUndefined();
    expect(plainApiObjectJson(token)).toBeUndefined();
    expect(plainApiObjectJson(patched)).toBeDefined();
    expect(lazy.toJson().data).toEqual({ a: 'later' });
    expect(token.toJson().data).toEqual({ a: 'resolved' });
    expect(patched.toJson().data).toEqual({ b: '2' });
    for (const o of [lazy, token, patched]) expect(json(o, true)).toBe(json(o, false));
  });

  test('metadata: empty maps and lists dropped, other attributes kept, a Lazy label takes cdk8s\' path', () => {
    const c = chart();
    const m = new k8s.KubeConfigMap(c, 'm', {
      metadata: { name: 'm', labels: {}, annotations: { z: '1', a: '' }, finalizers: [], generateName: 'g-', ownerReferences: [] },
    });
    m.metadata.addLabel('b', '2');
    m.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' });
    expect(plainApiObjectJson(m)).toBeDefined();
    expect(json(m, true)).toBe(json(m, false));
    expect(Object.keys(m.toJson().metadata)).toEqual(['annotations', 'generateName', 'labels', 'name', 'ownerReferences']);
    const lazy = new k8s.KubeConfigMap(c, 'lazy', { metadata: { name: 'l', labels: { a: Lazy.any({ produce: () => 'x' }) as any } } });
    expect(plainApiObjectJson(lazy)).toBeUndefined();
    expect(lazy.toJson().metadata.labels).toEqual({ a: 'x' });
  });

  test('an app with its own resolver takes cdk8s\' path, so the resolver still applies', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext) {
        if (typeof context.value === 'string' && context.key.includes('data') && context.value !== context.value.toUpperCase()) context.replaceValue(context.value.toUpperCase());
      }
    }
    const c = new Chart(new App({ resolvers: [new Upper()] }), 'c');
    const m = new k8s.KubeConfigMap(c, 'm', { metadata: { name: 'm' }, data: { a: 'x' } });
    expect(plainApiObjectJson(m)).toBeUndefined();
    expect(m.toJson().data).toEqual({ a: 'X' });
  });

  test('a key named __proto__ and a class instance: the same result or the same error as cdk8s', () => {
    const c = chart();
    const proto = new PlainApiObject(c, 'proto', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: JSON.parse('{"__proto__": {"x": "1"}, "a": "2"}') });
    expect(plainApiObjectJson(proto)).toBeUndefined();
    expect(json(proto, true)).toBe(json(proto, false));
    const date = new PlainApiObject(c, 'date', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: { a: new Date(0) as any } });
    expect(() => date.toJson()).toThrow(/can't render non-simple object of type 'Date'/);
  });

  test('CDK8S_DISABLE_SORT keeps the keys in their order, as cdk8s does', () => {
    const m = new PlainApiObject(chart(), 'm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { b: '1', a: '2' } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(Object.keys(m.toJson().data)).toEqual(['b', 'a']);
      expect(json(m, true)).toBe(json(m, false));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    expect(Object.keys(m.toJson().data)).toEqual(['a', 'b']);
  });
});

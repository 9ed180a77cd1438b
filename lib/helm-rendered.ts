/**
 * What the gateways and istiocoredns subcharts' templates write that cdk8s' typed objects would not carry as is:
 * nulls (`key:` with nothing after it, e.g. a label whose value is empty), unquoted prints read back by YAML
 * (`--set-string x=true` becomes a boolean), `toYaml` fragments of user values (any fields), and the charts' shared
 * `nodeaffinity` / `podAntiAffinity` templates with their exact output.
 */
import { ApiObject } from 'cdk8s';
import * as k8s from './k8s';
import { goText, reread, truthy } from './helm-text';
import { IstioConfig } from './options';
import { istioTolerations } from './scheduling';
import { AntiAffinitySelectorValues, ResourceValues, TolerationValues } from './values';

/** Stands for a null the chart writes while the object goes through cdk8s (which drops nulls); `HelmRendered` puts it back. */
export const HELM_NULL = '\u0000helm-null';

/** `{{ v }}` written unquoted, as YAML reads it back; a null travels as `HELM_NULL`. */
export function plain(v: unknown): any {
  const r = reread(v);
  return r === null ? HELM_NULL : r;
}

/** `"{{ v }}"` (or `{{ v | quote }}`): always a string. */
export const quoted = (v: unknown): string => goText(v);

/** A map printed key by key (`{{ $key }}: {{ $val }}`, keys in Go's sorted order). */
export function plainMap(m: unknown): Record<string, any> {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return {};
  const o = m as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, plain(o[k])]));
}

/** A values map (or nothing), for reading a user's section that may hold anything. */
export const asMap = (v: unknown): Record<string, any> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, any> : {});

/** The `HELM_NULL` markers of a JSON tree `toJson` just made (nothing else holds it) replaced by nulls, in place. */
function restoreNulls(v: unknown): unknown {
  if (v === HELM_NULL) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = restoreNulls(v[i]);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) o[keys[i]] = restoreNulls(o[keys[i]]);
  }
  return v;
}

type ApiObjectClass = new (...args: any[]) => ApiObject;

/** What `HelmRendered` adds to an object. */
export interface HelmFinish {
  /** Steps run on the final JSON, in order. */
  readonly finish: Array<(json: any) => void>;
}

/**
 * An L1 class whose final JSON gets what the typed conversion cannot carry: `HELM_NULL` markers become nulls, and
 * `finish` steps (a user's `toYaml` fragment placed as written, a null where a map or list is typed) run last.
 */
export function HelmRendered<B extends ApiObjectClass>(Base: B): new (...args: ConstructorParameters<B>) => InstanceType<B> & HelmFinish {
  class Rendered extends Base implements HelmFinish {
    public readonly finish: Array<(json: any) => void> = [];
    public toJson(): any {
      const json = restoreNulls(super.toJson()) as any;
      for (const f of this.finish) f(json);
      return json;
    }
  }
  return Rendered as any;
}

/** `toYaml` of a `resources` map as a container's requirements. */
export function toYamlResources(values: ResourceValues | Record<string, unknown>): k8s.ResourceRequirements {
  const quantities = (q: unknown) => {
    if (q === null || q === undefined) return undefined;
    return Object.fromEntries(Object.entries(asMap(q)).map(([k, v]) => [k,
      typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v === null ? HELM_NULL : String(v))]));
  };
  const r = asMap(values);
  return {
    ...(r.limits !== undefined ? { limits: quantities(r.limits) } : {}),
    ...(r.requests !== undefined ? { requests: quantities(r.requests) } : {}),
  };
}

/** `if .resources` then its `toYaml`, else `global.defaultResources`. */
export function resourcesOrDefault(config: IstioConfig, values: unknown): k8s.ResourceRequirements {
  return toYamlResources(truthy(values) ? asMap(values) : asMap(config.values.global.defaultResources));
}

/** An image as the charts write it: under `global.hub` at `global.tag`, unless it holds a `/`. */
export function chartImage(config: IstioConfig, image: unknown): string {
  const text = goText(image);
  return text.includes('/') ? text : `${goText(config.values.global.hub)}/${text}:${goText(config.values.global.tag)}`;
}

const ARCH_LABEL = 'beta.kubernetes.io/arch';

/** sprig's `split ","`: a map `_0`, `_1` ... that `range` walks in sorted key order (`_10` before `_2`). */
function splitValues(values: unknown): string[] {
  const parts = goText(values).split(',');
  return parts.map((v, i) => ({ k: `_${i}`, v })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.v);
}

function antiAffinityTerm(item: AntiAffinitySelectorValues | Record<string, unknown>) {
  const i = asMap(item);
  return {
    labelSelector: {
      matchExpressions: [{
        key: plain(i.key),
        operator: plain(i.operator),
        ...(truthy(i.values) ? { values: splitValues(i.values).map(plain) } : {}),
      }],
    },
    topologyKey: plain(i.topologyKey),
  };
}

/** What a component's scheduling settings are in its values. */
export interface ChartScheduling {
  readonly nodeSelector?: unknown;
  readonly podAntiAffinityLabelSelector?: unknown;
  readonly podAntiAffinityTermLabelSelector?: unknown;
}

/**
 * The charts' `nodeaffinity` and `podAntiAffinity` templates (the gateways subchart has its own copy, the same):
 * the architectures of `global.arch` with a positive weight, the node selector (or `global.defaultNodeSelector`),
 * and the anti-affinity terms. `finish` steps are added to `obj` for the nulls Helm writes with no architecture.
 */
export function chartAffinity(config: IstioConfig, s: ChartScheduling): { affinity: k8s.Affinity; finish: Array<(json: any) => void> } {
  const archMap = asMap(config.values.global.arch);
  const arches = Object.keys(archMap).sort().map((a) => [a, Math.trunc(Number(archMap[a]) || 0)] as const).filter(([, w]) => w > 0);
  const nodeSelector = asMap(truthy(s.nodeSelector) ? s.nodeSelector : config.values.global.defaultNodeSelector);
  const required = truthy(s.podAntiAffinityLabelSelector) ? s.podAntiAffinityLabelSelector as unknown[] : [];
  const preferred = truthy(s.podAntiAffinityTermLabelSelector) ? s.podAntiAffinityTermLabelSelector as unknown[] : [];
  const affinity: k8s.Affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{
          matchExpressions: [
            { key: ARCH_LABEL, operator: 'In', values: arches.map(([a]) => plain(a)) },
            ...Object.keys(nodeSelector).sort().map((key) => ({ key: plain(key), operator: 'In', values: [plain(nodeSelector[key])] })),
          ],
        }],
      },
      preferredDuringSchedulingIgnoredDuringExecution: arches.map(([a, weight]) => ({
        weight,
        preference: { matchExpressions: [{ key: ARCH_LABEL, operator: 'In', values: [plain(a)] }] },
      })),
    },
    ...(required.length || preferred.length ? {
      podAntiAffinity: {
        ...(required.length ? { requiredDuringSchedulingIgnoredDuringExecution: required.map((i) => antiAffinityTerm(i as Record<string, unknown>)) } : {}),
        ...(preferred.length ? {
          preferredDuringSchedulingIgnoredDuringExecution: preferred.map((i) => ({ podAffinityTerm: antiAffinityTerm(i as Record<string, unknown>), weight: 100 })),
        } : {}),
      },
    } : {}),
  };
  const finish: Array<(json: any) => void> = [];
  if (arches.length === 0) {
    // `values:` and `preferredDuringSchedulingIgnoredDuringExecution:` with nothing under them.
    finish.push((json) => {
      const node = json.spec.template.spec.affinity.nodeAffinity;
      node.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values = null;
      node.preferredDuringSchedulingIgnoredDuringExecution = null;
    });
  }
  return { affinity, finish };
}

/** The pod's tolerations: its own (`toYaml`, as written), else `global.defaultTolerations` (the fallback since 1.2.1). */
export function chartTolerations(config: IstioConfig, own: unknown): k8s.Toleration[] | undefined {
  return istioTolerations(config, { tolerations: truthy(own) ? own as TolerationValues[] : [] });
}

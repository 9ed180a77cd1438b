/**
 * Sidecar injection at synth time: what `istioctl kube-inject` (Istio 1.2.2) does to a workload, done in TypeScript by
 * running the same injection template the installation's injector ConfigMap carries.
 */
import { createHash } from 'crypto';
import * as yaml from 'js-yaml';
import { quote } from '../cli-errors';
import { INJECTION_ANNOTATIONS as A, injectionTemplate } from '../injector-template';
import { loadUserYamlAll, LoadOptions } from '../input';
import { injectorValues } from '../injector-values';
import { meshConfig, ProxyConfig } from '../mesh-config';
import { IstioConfig } from '../options';
import { GoTemplate, goPrint, TemplateFunc, truthy } from './go-template';
import { cidrListProblem, DNS_SUBDOMAIN, formatGoDuration, parseGoDuration, portListProblem } from './params';

export type Manifest = Record<string, any>;

const isMap = (v: unknown): v is Manifest =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);
/** A value from the input, cut for a message. */
const cut = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** An injection refused because of the workload (bad annotations): the message names the annotation. */
export class InjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InjectionError';
  }
}

/** Everything the template reads besides the workload: values, the mesh's proxy defaults, the template itself. */
export interface InjectionSettings {
  /** The values tree the injector reads (`.Values`). */
  readonly values: Record<string, any>;
  /** The mesh's proxy defaults (`.ProxyConfig`). */
  readonly proxyConfig: ProxyConfigData;
  /** Mesh-wide SDS settings the injection reads. */
  readonly sdsUdsPath?: string;
  readonly enableSdsTokenMount?: boolean;
  /** @default - the installation's injection template */
  readonly template?: string;
  /**
   * Annotations every injected pod gets unless it sets its own (how `includeInboundPorts` and `kubevirtInterfaces`
   * parameters take effect: Istio 1.2.2's template reads them from the pod's annotations only).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
}

/** The ProxyConfig fields the template uses, as Istio's `meshconfig.ProxyConfig`. */
export interface ProxyConfigData {
  readonly configPath: string;
  readonly binaryPath: string;
  readonly drainDuration: string;
  readonly parentShutdownDuration: string;
  readonly connectTimeout: string;
  readonly discoveryAddress: string;
  readonly proxyAdminPort: number;
  readonly concurrency: number;
  readonly controlPlaneAuthPolicy: 'NONE' | 'MUTUAL_TLS';
  readonly interceptionMode: 'REDIRECT' | 'TPROXY';
  readonly statsdUdpAddress?: string;
  readonly envoyMetricsServiceAddress?: string;
  readonly tracing?: ProxyConfig['tracing'];
}

/** The injection settings of an installation: its values (as its injector holds them) and its mesh config. */
export function installationInjectionSettings(config: IstioConfig): InjectionSettings {
  const mesh = meshConfig(config);
  const d = mesh.defaultConfig;
  return {
    values: injectorValues(config.values) as Record<string, any>,
    sdsUdsPath: mesh.sdsUdsPath ?? '',
    enableSdsTokenMount: mesh.enableSdsTokenMount,
    proxyConfig: {
      configPath: d.configPath,
      binaryPath: d.binaryPath,
      drainDuration: d.drainDuration,
      parentShutdownDuration: d.parentShutdownDuration,
      connectTimeout: d.connectTimeout,
      discoveryAddress: d.discoveryAddress,
      proxyAdminPort: d.proxyAdminPort,
      concurrency: d.concurrency,
      controlPlaneAuthPolicy: d.controlPlaneAuthPolicy,
      interceptionMode: 'REDIRECT',
      statsdUdpAddress: d.statsdUdpAddress,
      envoyMetricsServiceAddress: d.envoyMetricsServiceAddress,
      tracing: d.tracing,
    },
  };
}

// ------------------------------------------------------------------ annotation validation (inject.go)

const check = (problem: string | undefined) => { if (problem !== undefined) throw new Error(problem); };
const validateCidrs = (value: string, allowStar: boolean) => check(cidrListProblem(value, allowStar));
const validatePorts = (value: string, allowStar: boolean) => check(portListProblem(value, allowStar));
const validateUInt32 = (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new Error('expected an unsigned 32-bit number');
};
const ANNOTATION_VALIDATORS: Record<string, (v: string) => void> = {
  [A.interceptionMode]: (v) => { if (!['REDIRECT', 'TPROXY', 'NONE'].includes(v)) throw new Error('expected REDIRECT, TPROXY or NONE'); },
  [A.statusPort]: (v) => { if (!/^\d{1,5}$/.test(v.trim()) || Number(v) > 65535) throw new Error('expected a port number from 0 to 65535'); },
  [A.readinessInitialDelaySeconds]: validateUInt32,
  [A.readinessPeriodSeconds]: validateUInt32,
  [A.readinessFailureThreshold]: validateUInt32,
  [A.readinessApplicationPorts]: (v) => validatePorts(v, true),
  [A.includeOutboundIPRanges]: (v) => validateCidrs(v, true),
  [A.excludeOutboundIPRanges]: (v) => validateCidrs(v, false),
  [A.includeInboundPorts]: (v) => validatePorts(v, true),
  [A.excludeInboundPorts]: (v) => validatePorts(v, false),
  [A.excludeOutboundPorts]: (v) => validatePorts(v, false),
};

/** Refuse invalid injection annotations, naming each one (as the 1.2.2 injector does). */
export function validateAnnotations(annotations: Record<string, string> | undefined, where: string) {
  const errors: string[] = [];
  for (const [name, value] of Object.entries(annotations ?? {}).sort()) {
    const check = ANNOTATION_VALIDATORS[name];
    if (!check) continue;
    try { check(value); } catch (e) { errors.push(`invalid value '${cut(value)}' for annotation '${name}': ${(e as Error).message}`); }
  }
  if (errors.length) throw new InjectionError(`${where}: ${errors.join('; ')}`);
}

// ------------------------------------------------------------------ template functions (inject.go's funcMap)

/** A Go duration (`45s`, `1m0s`) as Go's `Duration.String()` writes it; `1s` for what is not one, as the injector does. */
function formatDuration(d: unknown): string {
  const ns = parseGoDuration(String(d));
  return ns === undefined ? '1s' : formatGoDuration(ns);
}

const containerPorts = (containers: any[], keep: (c: any) => boolean) =>
  (containers ?? []).filter(keep).flatMap((c) => (c.Ports ?? []).map((p: any) => String(p.ContainerPort))).join(',');

/** Go's sigs.k8s.io/yaml rendering (sorted keys) for `toYaml`. */
const toYaml = (v: unknown) => yaml.dump(v, { sortKeys: true, lineWidth: -1, noRefs: true });

function templateFuncs(data: any): Record<string, TemplateFunc> {
  const funcs: Record<string, TemplateFunc> = {
    formatDuration,
    isset: (m: Record<string, string> | undefined, key: string) => m !== undefined && m !== null && key in m,
    excludeInboundPort: (port: unknown, excluded: string) => {
      const portStr = goPrint(port).trim();
      if (portStr === '' || portStr === '0') return excluded;
      const out: string[] = [];
      for (const p of excluded.split(',')) {
        if (p === portStr) return excluded;
        if (p.trim()) out.push(p.trim());
      }
      return [...out, portStr].join(',');
    },
    includeInboundPorts: (containers: any[]) => containerPorts(containers, () => true),
    applicationPorts: (containers: any[]) => containerPorts(containers, (c) => c.Name !== 'istio-proxy'),
    kubevirtInterfaces: (s: string) => s,
    annotation: (meta: any, name: string, dflt: unknown) => (meta.Annotations && name in meta.Annotations ? meta.Annotations[name] : goPrint(dflt)),
    valueOrDefault: (v: unknown, d: unknown) => (v === '' || v === undefined || v === null ? d : v),
    toJSON: (m: unknown) => (m ? JSON.stringify(sortKeys(m)) : '{}'),
    toJson: (m: unknown) => (m ? JSON.stringify(sortKeys(m)) : '{}'),
    fromJSON: (s: string) => { try { return JSON.parse(s); } catch { return '{}'; } },
    toYaml,
    indent: (spaces: number, source: string) => source.split('\n').map((l, i) => (i > 0 ? `${' '.repeat(spaces)}${l}` : l)).join('\n'),
    directory: (p: string) => p.slice(0, p.lastIndexOf('/') + 1),
    contains: (needle: string, haystack: string) => String(haystack).includes(String(needle)),
    // text/template's builtins
    and: (...args: unknown[]) => { for (const a of args) if (!truthy(a)) return a; return args[args.length - 1]; },
    or: (...args: unknown[]) => { for (const a of args) if (truthy(a)) return a; return args[args.length - 1]; },
    not: (a: unknown) => !truthy(a),
    eq: (a: unknown, ...bs: unknown[]) => bs.some((b) => goPrint(a) === goPrint(b) && typeof a === typeof b) || bs.some((b) => a === b),
    ne: (a: unknown, b: unknown) => !(a === b || (typeof a === typeof b && goPrint(a) === goPrint(b))),
    gt: (a: unknown, b: unknown) => Number(a) > Number(b),
    index: (m: any, ...keys: unknown[]) => keys.reduce((v: any, k) => (v === undefined || v === null ? undefined : v[k as any]), m) ?? '',
    printf: (fmt: string, ...args: unknown[]) => { let i = 0; return fmt.replace(/%[sdv]/g, () => goPrint(args[i++])); },
    len: (v: any) => (v ? (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : Object.keys(v).length) : 0),
  };
  funcs.render = (tpl: string) => { try { return new GoTemplate(tpl, funcs).execute(data); } catch { return ''; } };
  return funcs;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as any)[k])]));
  return v;
}

/** `.ProxyConfig` as the template sees Istio's protobuf: fields, and the `Get...` accessors it calls. */
function proxyConfigData(pc: ProxyConfigData) {
  const tracing = pc.tracing as any;
  const getter = (o: any) => ({ GetAddress: () => o?.address ?? '', GetAccessToken: () => o?.accessToken ?? '', GetSecure: () => o?.secure ?? false, GetCacertPath: () => o?.cacertPath ?? '' });
  return {
    ConfigPath: pc.configPath,
    BinaryPath: pc.binaryPath,
    DrainDuration: pc.drainDuration,
    ParentShutdownDuration: pc.parentShutdownDuration,
    ConnectTimeout: pc.connectTimeout,
    DiscoveryAddress: pc.discoveryAddress,
    ProxyAdminPort: pc.proxyAdminPort,
    Concurrency: pc.concurrency,
    ControlPlaneAuthPolicy: pc.controlPlaneAuthPolicy,
    InterceptionMode: pc.interceptionMode,
    StatsdUdpAddress: pc.statsdUdpAddress ?? '',
    EnvoyMetricsServiceAddress: pc.envoyMetricsServiceAddress ?? '',
    GetTracing: () => ({
      GetZipkin: () => getter(tracing?.zipkin),
      GetLightstep: () => getter(tracing?.lightstep),
      GetDatadog: () => getter(tracing?.datadog),
    }),
  };
}

// ------------------------------------------------------------------ the injection

/** Kubernetes' canonical form of a quantity (`2000m` is `2`, `1024Mi` is `1Gi`), as a Go round trip writes it. */
export function canonicalQuantity(q: string): string {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q));
  if (!m) return q;
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === 'm') return n % 1000 === 0 ? String(n / 1000) : q;
  const binary = ['Ki', 'Mi', 'Gi', 'Ti'];
  const bi = binary.indexOf(unit);
  if (bi >= 0) {
    let value = n;
    let idx = bi;
    while (idx < binary.length - 1 && value % 1024 === 0) { value /= 1024; idx++; }
    return `${value}${binary[idx]}`;
  }
  return q;
}

function canonicalResources(r: any) {
  if (!r || typeof r !== 'object') return r;
  const fix = (m: any) => (m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, canonicalQuantity(String(v))])) : m);
  return { ...r, ...(r.limits ? { limits: fix(r.limits) } : {}), ...(r.requests ? { requests: fix(r.requests) } : {}) };
}

/** The fields of a Kubernetes container: Go's typed round trip drops any other key the template writes. */
const CONTAINER_FIELDS = new Set([
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'volumeMounts', 'volumeDevices',
  'livenessProbe', 'readinessProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy',
  'securityContext', 'stdin', 'stdinOnce', 'tty',
]);

/** Go's typed round trip: container args, commands and env values are strings; quantities canonical. */
function normalizeContainer(c: any) {
  const out = Object.fromEntries(Object.entries(c).filter(([k]) => CONTAINER_FIELDS.has(k))) as any;
  if (out.args) out.args = out.args.map(String);
  if (out.command) out.command = out.command.map(String);
  if (out.env) {
    out.env = out.env.map((e: any) => {
      const { value, ...rest } = e;
      // EnvVar.value is `omitempty`: an empty value disappears.
      return value === undefined || value === null || String(value) === '' ? rest : { ...rest, value: String(value) };
    });
  }
  if (out.resources) out.resources = canonicalResources(out.resources);
  return out;
}

/** The sidecar's `--concurrency`: from its CPU limit (else request), unless the template set it. */
function applyConcurrency(c: any) {
  const args: string[] = c.args ?? [];
  if (args.some((a) => /^-{1,2}concurrency(=\d+)?$/.test(a.trim()))) return;
  const millis = (q: unknown) => {
    if (q === undefined || q === null) return 0;
    const s = String(q);
    return s.endsWith('m') ? Number(s.slice(0, -1)) : Number(s) * 1000;
  };
  for (const cpu of [c.resources?.limits?.cpu, c.resources?.requests?.cpu]) {
    const n = Math.ceil(millis(cpu) / 1000);
    if (n > 0) { c.args = [...args, '--concurrency', String(n)]; return; }
  }
}

interface PodTemplate { meta: Manifest; spec: Manifest; deploymentMeta: Manifest }

/** The annotation that turns the rewriting of the application's HTTP probes on or off for one workload. */
const REWRITE_PROBES_ANNOTATION = 'sidecar.istio.io/rewriteAppHTTPProbers';
/** The env var that hands the application's original probes to the pilot agent. */
const APP_PROBERS_ENV = 'ISTIO_KUBE_APP_PROBERS';

/** The status port the sidecar was started with (`--statusPort N` or `--statusPort=N`), or -1. */
function sidecarStatusPort(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const m = /^-{1,2}statusPort(=(\d+))?$/.exec(args[i].trim());
    if (!m) continue;
    const port = m[2] ?? args[i + 1];
    return port !== undefined && /^\d+$/.test(port) ? Number(port) : -1;
  }
  return -1;
}

/** An HTTPGetAction as Go's JSON writes it: its fields in declaration order, empty ones left out. */
function httpGetJson(h: any): Record<string, unknown> {
  return {
    ...(h.path ? { path: h.path } : {}),
    port: h.port,
    ...(h.host ? { host: h.host } : {}),
    ...(h.scheme ? { scheme: h.scheme } : {}),
    ...(h.httpHeaders?.length ? { httpHeaders: h.httpHeaders } : {}),
  };
}

/**
 * With `rewriteAppHTTPProbe` (or the pod's annotation), the kubelet probes the application through the sidecar's
 * status port, which forwards to the original probe (over HTTPS where it was): the probes still work under mutual TLS.
 */
function rewriteAppHTTPProbes(meta: Manifest, spec: Manifest, rewrite: boolean) {
  const annotation = meta.annotations?.[REWRITE_PROBES_ANNOTATION];
  const enabled = annotation === 'true' || annotation === 'false' ? annotation === 'true' : rewrite;
  if (!enabled) return;
  const sidecar = (spec.containers ?? []).find((c: any) => c.name === 'istio-proxy');
  if (!sidecar) return;
  const statusPort = sidecarStatusPort(sidecar.args ?? []);
  if (statusPort === -1) return;
  const apps = (spec.containers as any[]).filter((c) => c.name !== 'istio-proxy');
  const probers: Record<string, unknown> = {};
  for (const c of apps) {
    const ports = new Map<string, number>((c.ports ?? []).filter((p: any) => p.name).map((p: any) => [p.name, p.containerPort]));
    for (const [kind, probe] of [['readyz', c.readinessProbe], ['livez', c.livenessProbe]] as const) {
      const h = probe?.httpGet;
      if (!h) continue;
      const portNumber = typeof h.port === 'string' ? ports.get(h.port) : h.port;
      if (portNumber === undefined) continue;
      probers[`/app-health/${c.name}/${kind}`] = httpGetJson({ ...h, port: portNumber });
    }
  }
  const sortedProbers = Object.fromEntries(Object.keys(probers).sort().map((k) => [k, probers[k]]));
  sidecar.env = [...(sidecar.env ?? []), { name: APP_PROBERS_ENV, value: JSON.stringify(sortedProbers) }];
  for (const c of apps) {
    for (const [kind, probe] of [['readyz', c.readinessProbe], ['livez', c.livenessProbe]] as const) {
      if (!probe?.httpGet) continue;
      probe.httpGet = {
        ...probe.httpGet,
        port: statusPort,
        path: `/app-health/${c.name}/${kind}`,
        ...(probe.httpGet.scheme === 'HTTPS' ? { scheme: 'HTTP' } : {}),
      };
    }
  }
}

// ------------------------------------------------------------------ the shape of what is read


/** The workload as messages name it: `Deployment hello`, `Deployment hello.default` (name.namespace). */
export function workloadName(o: Manifest): string {
  const m = isMap(o.metadata) ? o.metadata : {};
  const name = typeof m.name === 'string' && m.name ? m.name : typeof m.generateName === 'string' && m.generateName ? `${m.generateName}*` : '(unnamed)';
  const ns = typeof m.namespace === 'string' && m.namespace ? `.${m.namespace}` : '';
  return `${typeof o.kind === 'string' ? cut(o.kind, 40) : 'object'} ${cut(name)}${cut(ns, 64)}`;
}

/** Checks of the fields injection reads, so a malformed workload is refused with its path, not a TypeError. */
class Shape {
  constructor(private readonly where: string) {}
  private fail(path: string, v: unknown, expected: string): never {
    throw new InjectionError(`${this.where}: ${path}: got ${quote(v)}, expected ${expected}`);
  }
  /** A map or nothing (null is nothing, as Go reads it). */
  map(v: unknown, path: string, expected = 'a map'): Manifest | undefined {
    if (v === undefined || v === null) return undefined;
    return isMap(v) ? v : this.fail(path, v, expected);
  }
  list(v: unknown, path: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    return Array.isArray(v) ? v : this.fail(path, v, 'a list');
  }
  string(v: unknown, path: string) {
    if (v !== undefined && v !== null && typeof v !== 'string') this.fail(path, v, 'a string');
  }
  bool(v: unknown, path: string) {
    if (v !== undefined && v !== null && typeof v !== 'boolean') this.fail(path, v, 'true or false');
  }
  int(v: unknown, path: string) {
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isInteger(v))) this.fail(path, v, 'a whole number');
  }
  /** Object metadata: name and namespace strings, annotations and labels maps of strings. */
  meta(v: unknown, path: string) {
    const m = this.map(v, path);
    if (!m) return;
    this.string(m.name, `${path}.name`);
    this.string(m.namespace, `${path}.namespace`);
    for (const field of ['annotations', 'labels']) {
      const kv = this.map(m[field], `${path}.${field}`);
      for (const [k, x] of Object.entries(kv ?? {})) {
        if (typeof x !== 'string') this.fail(`${path}.${field}.${cut(k)}`, x, 'a string (quote it)');
      }
    }
  }
  /** The pod spec fields injection reads or extends. */
  podSpec(spec: Manifest, path: string) {
    this.bool(spec.hostNetwork, `${path}.hostNetwork`);
    this.string(spec.serviceAccountName, `${path}.serviceAccountName`);
    for (const field of ['containers', 'initContainers']) {
      (this.list(spec[field], `${path}.${field}`) ?? []).forEach((c, i) => {
        const cp = `${path}.${field}[${i}]`;
        const container = this.map(c, cp, 'a container (a map)') ?? this.fail(cp, c, 'a container (a map)');
        this.string(container.name, `${cp}.name`);
        (this.list(container.ports, `${cp}.ports`) ?? []).forEach((port, j) => {
          const pp = `${cp}.ports[${j}]`;
          const m = this.map(port, pp, 'a port (a map)') ?? this.fail(pp, port, 'a port (a map)');
          this.int(m.containerPort, `${pp}.containerPort`);
          this.string(m.name, `${pp}.name`);
        });
        this.list(container.args, `${cp}.args`);
        this.list(container.env, `${cp}.env`);
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          const pr = this.map(container[probe], `${cp}.${probe}`);
          if (pr) this.map(pr.httpGet, `${cp}.${probe}.httpGet`);
        }
      });
    }
    (this.list(spec.volumes, `${path}.volumes`) ?? []).forEach((v, i) => {
      const vp = `${path}.volumes[${i}]`;
      this.string((this.map(v, vp, 'a volume (a map)') ?? this.fail(vp, v, 'a volume (a map)')).name, `${vp}.name`);
    });
    this.map(spec.securityContext, `${path}.securityContext`);
    this.map(spec.dnsConfig, `${path}.dnsConfig`);
  }
}

const TEMPLATED_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'DeploymentConfig'];

/**
 * The pod template of a workload, as `intoObject` finds it (for a CronJob, the job template's metadata, as Istio
 * 1.2.2 reads it); undefined for kinds that have none. Refuses fields of the wrong type on the way.
 */
function podTemplateOf(o: Manifest, where: string): PodTemplate | undefined {
  const kind = o.kind;
  const shape = new Shape(where);
  if (kind !== 'Pod' && kind !== 'CronJob' && !TEMPLATED_KINDS.includes(kind)) return undefined;
  shape.meta(o.metadata, 'metadata');
  let pod: PodTemplate | undefined;
  let path: string;
  if (kind === 'Pod') {
    shape.map(o.spec, 'spec');
    path = 'spec';
    pod = { meta: (o.metadata ??= {}), spec: (o.spec ??= {}), deploymentMeta: o.metadata };
  } else if (kind === 'CronJob') {
    const jt = shape.map(shape.map(o.spec, 'spec')?.jobTemplate, 'spec.jobTemplate');
    shape.meta(jt?.metadata, 'spec.jobTemplate.metadata');
    const t = shape.map(shape.map(jt?.spec, 'spec.jobTemplate.spec')?.template, 'spec.jobTemplate.spec.template');
    if (!jt || !t) return undefined;
    shape.meta(t.metadata, 'spec.jobTemplate.spec.template.metadata');
    shape.map(t.spec, 'spec.jobTemplate.spec.template.spec');
    path = 'spec.jobTemplate.spec.template.spec';
    pod = { meta: (jt.metadata ??= {}), spec: (t.spec ??= {}), deploymentMeta: (o.metadata ??= {}) };
  } else {
    const t = shape.map(shape.map(o.spec, 'spec')?.template, 'spec.template');
    if (!t) return undefined;
    shape.meta(t.metadata, 'spec.template.metadata');
    shape.map(t.spec, 'spec.template.spec');
    path = 'spec.template.spec';
    pod = { meta: (t.metadata ??= {}), spec: (t.spec ??= {}), deploymentMeta: (o.metadata ??= {}) };
  }
  shape.podSpec(pod.spec, path);
  return pod;
}

/** The version hash of the status annotation: sha256 of the template, as the injector computes it. */
const templateVersion = (template: string) => createHash('sha256').update(template).digest('hex');

/** Messages about workloads left alone (host network, already injected): `Skipping Deployment hello: ...`. */
export type InjectionLog = (message: string) => void;

/** The name of the sidecar container; a pod that has one is injected already. */
const PROXY_CONTAINER = 'istio-proxy';

/**
 * Inject the sidecar into one manifest (a workload, a Pod, or a `List` of them), in place. Kinds without a pod
 * template pass through unchanged.
 *
 * Left alone, with a message: pods on the host network (the iptables rules would rewrite the node's routing) and pods
 * that have a container named `istio-proxy` (injected already; Istio 1.2.2 looks for it only beside other containers
 * and would add a second one to a lone `istio-proxy`, which Kubernetes refuses). Refused: a pod that already has
 * another container, init container or volume of a name the sidecar adds (`istio-init`, `istio-envoy`, ...).
 */
export function injectManifest(o: Manifest, settings: InjectionSettings, log: InjectionLog = () => undefined): Manifest {
  if (!isMap(o)) throw new InjectionError(`got ${quote(o)}, expected a Kubernetes object (a map)`);
  if (o.kind !== undefined && typeof o.kind !== 'string') throw new InjectionError(`kind: got ${quote(o.kind)}, expected a string`);
  if (o.kind === 'List') {
    const items = new Shape('List').list(o.items, 'items');
    if (items) {
      o.items = items.map((item, i) => {
        if (!isMap(item)) throw new InjectionError(`List: items[${i}]: got ${quote(item)}, expected a Kubernetes object (a map)`);
        return injectManifest(item, settings, log);
      });
    }
    return o;
  }
  const where = workloadName(o);
  const pod = podTemplateOf(o, where);
  if (!pod) return o;
  const { meta, spec, deploymentMeta } = pod;
  // Iptables rules of a host-network pod would rewrite the node's routing.
  if (spec.hostNetwork) {
    log(`Skipping ${where}: it uses the host network (the sidecar's iptables rules would change the node's routing)`);
    return o;
  }
  const containers: any[] = spec.containers ?? [];
  if (containers.some((c) => c.name === PROXY_CONTAINER)) {
    log(`Skipping ${where}: it has a container named ${PROXY_CONTAINER} already (injected before)`);
    return o;
  }
  // Settings that Istio reads from annotations only apply as annotations the pod has not set itself.
  const defaults = Object.entries(settings.podAnnotations ?? {}).filter(([k]) => !(meta.annotations && k in meta.annotations));
  if (defaults.length) meta.annotations = { ...(meta.annotations ?? {}), ...Object.fromEntries(defaults) };
  validateAnnotations(meta.annotations, where);

  const template = settings.template ?? injectionTemplate();
  const data = {
    ObjectMeta: { Name: meta.name ?? '', Namespace: meta.namespace ?? '', Annotations: meta.annotations, Labels: meta.labels ?? {} },
    DeploymentMeta: { Name: deploymentMeta.name ?? '', Namespace: deploymentMeta.namespace ?? '' },
    Spec: {
      Containers: containers.map((c) => ({ Name: c.name, Ports: (c.ports ?? []).map((p: any) => ({ ContainerPort: p.containerPort })) })),
      ServiceAccountName: spec.serviceAccountName ?? '',
    },
    ProxyConfig: proxyConfigData(settings.proxyConfig),
    Values: settings.values,
  };
  const rendered = new GoTemplate(template, templateFuncs(data)).execute(data);
  const sic = (yaml.load(rendered) ?? {}) as Manifest;
  const initContainers = (sic.initContainers ?? []).map(normalizeContainer);
  const sidecars = (sic.containers ?? []).map(normalizeContainer);
  for (const c of sidecars) if (c.name === PROXY_CONTAINER) applyConcurrency(c);
  const volumes = sic.volumes ?? [];

  // Kubernetes wants container names unique across containers and init containers, and volume names unique.
  const taken = new Set([...containers, ...(spec.initContainers ?? [])].map((c: any) => c.name));
  for (const c of [...initContainers, ...sidecars]) {
    if (taken.has(c.name)) {
      throw new InjectionError(`${where}: the pod already has a container named ${quote(c.name)}, which the sidecar adds (partly injected?); inject the original manifest or rename it`);
    }
  }
  const volumesTaken = new Set((spec.volumes ?? []).map((v: any) => v.name));
  for (const v of volumes) {
    if (volumesTaken.has(v.name)) throw new InjectionError(`${where}: the pod already has a volume named ${quote(v.name)}, which the sidecar adds; rename it`);
  }
  for (const d of sic.dnsConfig?.searches ?? []) {
    if (typeof d !== 'string' || !DNS_SUBDOMAIN.test(d)) {
      throw new InjectionError(`${where}: DNS search domain ${quote(d)} (from podDNSSearchNamespaces) is not a DNS-1123 subdomain`);
    }
  }

  if (initContainers.length) spec.initContainers = [...(spec.initContainers ?? []), ...initContainers];
  spec.containers = [...containers, ...sidecars];
  if (volumes.length) spec.volumes = [...(spec.volumes ?? []), ...volumes];
  if (sic.dnsConfig) spec.dnsConfig = sic.dnsConfig;
  rewriteAppHTTPProbes(meta, spec, sic.rewriteAppHTTPProbe === true);
  if (settings.enableSdsTokenMount && settings.sdsUdsPath) spec.securityContext = { fsGroup: 1337 };

  const status = {
    version: templateVersion(template),
    initContainers: initContainers.length ? initContainers.map((c: any) => c.name) : null,
    containers: sidecars.length ? sidecars.map((c: any) => c.name) : null,
    volumes: volumes.length ? volumes.map((v: any) => v.name) : null,
    imagePullSecrets: sic.imagePullSecrets?.length ? sic.imagePullSecrets.map((s: any) => s.name) : null,
  };
  meta.annotations = { ...(meta.annotations ?? {}), [A.status]: JSON.stringify(status) };
  return o;
}

/**
 * What the Go types of `istioctl kube-inject` do to objects on the way through: `omitempty` fields at their zero value
 * vanish, the others (such as a ReplicaSet's `status.replicas`) appear at zero.
 */
function typedRoundTrip(o: Manifest): Manifest {
  if (o.kind === 'List' && Array.isArray(o.items)) return { ...o, items: o.items.map(typedRoundTrip) };
  // Status counters the Kubernetes types declare without `omitempty`.
  if ((o.kind === 'ReplicaSet' || o.kind === 'ReplicationController') && o.spec) return { ...o, status: o.status ?? { replicas: 0 } };
  if (o.kind === 'StatefulSet' && o.spec) {
    return { ...o, spec: { ...o.spec, serviceName: o.spec.serviceName ?? '' }, status: o.status ?? { replicas: 0 } };
  }
  if (o.kind === 'DaemonSet' && o.spec) {
    return { ...o, status: o.status ?? { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 } };
  }
  if (o.kind !== 'DeploymentConfig' || !o.spec) return o;
  const { paused, minReadySeconds, ...spec } = o.spec;
  return {
    ...o,
    spec: { ...spec, ...(paused ? { paused } : {}), ...(minReadySeconds ? { minReadySeconds } : {}), test: spec.test ?? false },
    status: o.status ?? { availableReplicas: 0, latestVersion: 0, observedGeneration: 0, replicas: 0, unavailableReplicas: 0, updatedReplicas: 0 },
  };
}

/**
 * Inject every manifest of a multi-document YAML text; returns the injected documents. The text is read within the
 * bounds of {@link loadUserYamlAll} (32 MiB, 100 aliases, nesting); `source` names it in messages
 * (`--filename app.yaml`).
 */
export function injectYaml(text: string | Buffer, settings: InjectionSettings, log?: InjectionLog, source?: string, limits?: LoadOptions): Manifest[] {
  const docs = loadUserYamlAll(text, source ?? 'the manifest', limits);
  return docs.flatMap((d, i) => {
    if (d === null || d === undefined) return [];
    try {
      return [typedRoundTrip(injectManifest(d as Manifest, settings, log))];
    } catch (e) {
      if (!(e instanceof InjectionError)) throw e;
      const doc = !isMap(d) || typeof d.kind !== 'string' ? `document ${i + 1}: ` : '';
      throw new InjectionError(`${source ? `${source}: ` : ''}${doc}${e.message}`);
    }
  });
}

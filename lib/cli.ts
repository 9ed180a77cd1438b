import * as yaml from 'js-yaml';
// The factory, not `yargs`' main module: that one also builds a process-wide singleton, looking for a package.json.
import type { Argv, MiddlewareFunction } from 'yargs';
import yargs from 'yargs/yargs';
import { DELIVERIES, Delivery, IstioOptionError, IstioProps, MESH_MODES, MeshMode, Profile, PROFILES, IstioVersion, ISTIO_VERSIONS, DEFAULT_ISTIO_VERSION, resolveOptions } from './options';
import { defaultInjectionSettings, injectYaml, installationInjectionSettings, KUBE_INJECT_FLAGS, KubeInjectParams, kubeInjectParamProblems, withKubeInjectParams } from './inject';
import { synthesize } from './synth';
import { CliError, CliIo, debugRequested, EXIT, handleBrokenPipes, PROCESS_IO, reportFailure, UsageError } from './cli-errors';
import { loadUserYaml, MANIFEST_LIMITS, markStdinArgs, quote, readUserFile, sourceName, StdinOnce } from './input';
import { SERVICE_TYPES, ServiceType } from './values';
import { analyzeCommand, AnalyzeOutcome } from './analyze/cli';

export { CliError, UsageError, EXIT } from './cli-errors';
export type { CliIo } from './cli-errors';

/**
 * Read a config file (YAML or JSON) holding IstioProps, `-` for stdin (`stdin`, by default the process's); bounded
 * (size, aliases, nesting).
 */
export function readConfigFile(file: string, stdin?: StdinOnce): IstioProps {
  const source = sourceName(file, '--config');
  const data = loadUserYaml(readUserFile(file, '--config', { stdin }), source);
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CliError(`${source}: got ${quote(data)}, expected a map of cdk8s-istio props (e.g. "mode: strict")`);
  }
  return data as IstioProps;
}

/** The options common to the commands that build the installation. */
interface InstallFlags {
  config?: string;
  mode?: string;
  'gateway-type'?: string;
  hub?: string;
  tag?: string;
  delivery?: string;
  'argocd-sync-waves'?: boolean;
  profile?: string;
  'istio-version'?: string;
  values?: string[];
  set?: string[];
  'set-string'?: string[];
}

/** A Helm values file (`--values FILE`, `-` for stdin): a map, bounded like --config. */
export function readValuesFile(file: string, stdin?: StdinOnce): Record<string, unknown> {
  const source = sourceName(file, '--values');
  // Helm reads values files as YAML 1.1: `enabled: yes` is a boolean there, and here.
  const data = loadUserYaml(readUserFile(file, '--values', { stdin }), source, { yaml11Booleans: true });
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CliError(`${source}: got ${quote(data)}, expected a map of Istio chart values (a Helm values file)`);
  }
  return data as Record<string, unknown>;
}

/** Props from `--config` with the flags on top (`-` files read from `stdin`); validated before anything is written. */
export function propsFromFlags(flags: InstallFlags, stdin?: StdinOnce): IstioProps {
  const fromFile = flags.config !== undefined ? readConfigFile(flags.config, stdin) : {};
  const props: { -readonly [K in keyof IstioProps]: IstioProps[K] } = { ...fromFile };
  if (flags.mode !== undefined) props.mode = flags.mode as MeshMode;
  if (flags.delivery !== undefined) props.delivery = flags.delivery as Delivery;
  if (flags['argocd-sync-waves'] !== undefined) props.argoCdSyncWaves = flags['argocd-sync-waves'];
  if (flags.hub !== undefined) props.hub = flags.hub;
  if (flags.tag !== undefined) props.tag = flags.tag;
  if (flags.profile !== undefined) props.profile = flags.profile as Profile;
  if (flags['istio-version'] !== undefined) props.version = flags['istio-version'] as IstioVersion;
  // Helm's order: the config's values, then each --values file, then --set, then --set-string.
  const files = (flags.values ?? []).map((f) => readValuesFile(f, stdin));
  if (files.length > 0) {
    const own = fromFile.values === undefined ? [] : Array.isArray(fromFile.values) ? fromFile.values : [fromFile.values];
    props.values = [...own, ...files] as IstioProps['values'];
  }
  if (flags.set !== undefined) props.set = [...(fromFile.set ?? []), ...flags.set];
  if (flags['set-string'] !== undefined) props.setString = [...(fromFile.setString ?? []), ...flags['set-string']];
  if (flags['gateway-type'] !== undefined) {
    const ig = (fromFile.ingressGateway ?? {}) as Record<string, unknown>;
    props.ingressGateway = { ...ig, type: flags['gateway-type'] as ServiceType };
  }
  try {
    resolveOptions(props);
  } catch (e) {
    if (e instanceof IstioOptionError) {
      throw new CliError(`${flags.config !== undefined ? `--config ${flags.config}: ` : ''}${e.message}`);
    }
    throw e;
  }
  return props;
}

/** The manual-injection parameters of the `inject` flags, each checked: a bad value is a usage error naming its flag. */
function injectParams(args: Record<string, unknown>): KubeInjectParams {
  const pick = <T>(k: string) => args[k] as T | undefined;
  // Whole numbers are given as text and parsed strictly here (yargs' numbers would take `1e3`, `0x10` or make NaN).
  const num = (k: string) => {
    const v = args[k];
    return typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : (v as number | undefined);
  };
  const params: KubeInjectParams = {
    hub: pick('hub'),
    tag: pick('tag'),
    imagePullPolicy: pick('image-pull-policy'),
    interceptionMode: pick('interception-mode'),
    enableCoreDump: pick('enable-core-dump'),
    privileged: pick('privileged'),
    includeIPRanges: pick('include-ip-ranges'),
    excludeIPRanges: pick('exclude-ip-ranges'),
    includeInboundPorts: pick('include-inbound-ports'),
    excludeInboundPorts: pick('exclude-inbound-ports'),
    kubevirtInterfaces: pick('kubevirt-interfaces'),
    statusPort: num('status-port'),
    readinessInitialDelaySeconds: num('readiness-initial-delay-seconds'),
    readinessPeriodSeconds: num('readiness-period-seconds'),
    readinessFailureThreshold: num('readiness-failure-threshold'),
    podDNSSearchNamespaces: pick('dns-search-namespace'),
    duration: pick('duration'),
    rewriteAppHTTPProbe: pick('rewrite-app-http-probe'),
  };
  const problems = kubeInjectParamProblems(params, (k) => KUBE_INJECT_FLAGS[k]);
  if (problems.length) throw new UsageError(problems.join('; '));
  return params;
}

/**
 * Refuse a flag given twice unless it is repeatable (`--mode a --mode b` would otherwise become a list, or the last
 * one would silently win).
 */
function refuseRepeatedFlags(args: Record<string, unknown>, y: unknown) {
  // yargs hands middleware its instance, with the running command's options (its typings leave it out).
  const options = (y as { getOptions(): unknown }).getOptions() as { array: string[]; alias: Record<string, string[]>; key: Record<string, boolean> };
  const repeatable = new Set(options.array.flatMap((k) => [k, ...(options.alias[k] ?? [])]));
  for (const key of Object.keys(options.key)) {
    if (key.length === 1 || repeatable.has(key) || !Array.isArray(args[key])) continue;
    const values = (args[key] as unknown[]).map((v) => quote(v, 40)).join(', ');
    throw new UsageError(`--${key} was given more than once (${values}); give it once`);
  }
}

/**
 * yargs renders the running command's whole help text after its handler returns (`cacheHelpMessage`), to show it
 * should an asynchronous handler fail later. Ours are synchronous and failures print one line, never the help, so
 * that rendering (a good part of a command's own run time) is skipped. yargs' internals are used only when present.
 */
function skipHelpCaching(parser: unknown): void {
  const usage = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } })
    .getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/**
 * Run the CLI with `argv` (without node and the script); resolves to the exit status. It writes to and reads from
 * `io` (by default the process's streams) and changes nothing else of the process, so it can run more than once in
 * one process (the tests do).
 */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const debug = debugRequested(argv);
  // Standard input is read once per run, by the first flag given `-`.
  const stdin = new StdinOnce(io.readStdin);
  const analyzeOutcome = new AnalyzeOutcome();
  if (io.isProcess) handleBrokenPipes(() => analyzeOutcome.status);
  const installOptions = (y: Argv) => y
    .option('config', {
      type: 'string',
      describe: 'YAML or JSON file with the same props as the Istio construct (e.g. "mode: strict", "values: {pilot: {autoscaleMin: 2}}"); flags override it',
    })
    .option('mode', { type: 'string', choices: [...MESH_MODES], describe: 'mutual TLS: permissive (istio-demo.yaml) or strict (istio-demo-auth.yaml) [default: permissive]' })
    .option('gateway-type', { type: 'string', choices: [...SERVICE_TYPES], describe: 'Service type of the ingress gateway; ClusterIP drops all node ports [default: LoadBalancer]' })
    .option('hub', { type: 'string', describe: 'registry of the Istio images [default: docker.io/istio]' })
    .option('tag', { type: 'string', describe: 'tag of the Istio images [default: the --istio-version]' })
    .option('delivery', { type: 'string', choices: [...DELIVERIES], describe: 'release: mesh-wide resources via the release\'s post-install Jobs; gitops: as objects in their own file, no Jobs [default: release]' })
    .option('argocd-sync-waves', { type: 'boolean', describe: 'with --delivery gitops, annotate objects with Argo CD sync waves (CRDs first) [default: false]' })
    .option('istio-version', { type: 'string', describe: `the Istio patch release: ${ISTIO_VERSIONS.join(', ')} (pick the newest for its security fixes) [default: 1.2.2]` })
    .option('profile', { type: 'string', choices: [...PROFILES], describe: 'the chart profile: default (values.yaml, production), demo, demo-auth, minimal, sds-auth, remote [default: demo]' })
    .option('values', { alias: 'f', type: 'string', array: true, requiresArg: true, describe: 'a Helm values file over the profile, like `helm template -f` (repeatable, applied in order)' })
    .option('set', { type: 'string', array: true, requiresArg: true, describe: 'a Helm --set expression (path=value, a[0].b=c, list={x,y}; repeatable), after the values files' })
    .option('set-string', { type: 'string', array: true, requiresArg: true, describe: 'like --set, every value a string; applied last' });

  const args = markStdinArgs(argv);
  const parser = yargs(args)
    .scriptName('cdk8s-istio')
    .usage('$0 <command> [options]\n\nThe Istio 1.2 installation (every profile, values file and patch release of its Helm chart), synthesized from typed cdk8s constructs.')
    .command('synth', 'write the installation\'s manifests (the CRDs first, then the rest) into a folder', (y) => installOptions(y)
      .option('output', { alias: 'o', type: 'string', default: 'dist', describe: 'folder to write; replaced only when everything succeeded' })
      .example('$0 synth --output dist', 'the release\'s demo profile, as `npm run synth` writes it')
      .example('$0 synth --mode strict --gateway-type NodePort', 'mutual TLS everywhere, ingress on node ports 31380/31390/31400'),
    (args) => {
      const props = propsFromFlags(args as InstallFlags, stdin);
      const files = synthesize(props, args.output as string, { warn: (w) => io.stderr.write(`cdk8s-istio: warning: ${w}\n`) });
      for (const f of files) io.stdout.write(`${f.file}: ${f.objects} objects\n`);
    })
    .command('inject', 'inject the Istio 1.2 sidecar into the workloads of a YAML file and print them, like `istioctl kube-inject -f FILE`', (y) => y
      .option('filename', { alias: 'f', type: 'string', demandOption: true, requiresArg: true, describe: 'the workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs, Pods, Lists); - reads stdin' })
      .option('config', { type: 'string', requiresArg: true, describe: 'inject as the installation these props describe (the same file as `synth --config`; - reads stdin); without it, Istio\'s own defaults for manual injection. The flags below win over it' })
      .option('mode', { type: 'string', choices: [...MESH_MODES], requiresArg: true, describe: 'with the installation\'s options: its mutual TLS mode' })
      .option('istio-version', { type: 'string', choices: [...ISTIO_VERSIONS], requiresArg: true, describe: 'inject what that patch release\'s injector would (its proxy images) [default: 1.2.2]' })
      .option('hub', { type: 'string', requiresArg: true, describe: 'registry of the proxy images [default: docker.io/istio]' })
      .option('tag', { type: 'string', requiresArg: true, describe: 'tag of the proxy images [default: the --istio-version]' })
      .option('image-pull-policy', { type: 'string', choices: ['IfNotPresent', 'Always', 'Never'], requiresArg: true, describe: '[default: IfNotPresent]' })
      .option('interception-mode', { type: 'string', choices: ['REDIRECT', 'TPROXY'], requiresArg: true, describe: 'how inbound traffic reaches Envoy [default: REDIRECT]' })
      .option('enable-core-dump', { type: 'boolean', describe: 'add the init container that enables core dumps [default: false]' })
      .option('privileged', { type: 'boolean', describe: 'run the proxy privileged [default: false]' })
      .option('include-ip-ranges', { type: 'string', requiresArg: true, describe: 'outbound IP ranges redirected to Envoy: CIDRs, comma-separated; * for all, "" for none [default: *]' })
      .option('exclude-ip-ranges', { type: 'string', requiresArg: true, describe: 'outbound IP ranges not redirected: CIDRs, comma-separated [default: none]' })
      .option('include-inbound-ports', { type: 'string', requiresArg: true, describe: 'inbound ports redirected to Envoy: ports, comma-separated; * for all, "" for none. Applied as the traffic.sidecar.istio.io/includeInboundPorts annotation of pods without one [default: the containers\' ports]' })
      .option('exclude-inbound-ports', { type: 'string', requiresArg: true, describe: 'inbound ports not redirected: ports, comma-separated [default: none]' })
      .option('kubevirt-interfaces', { type: 'string', requiresArg: true, describe: 'KubeVirt interfaces whose inbound traffic is redirected as outbound, comma-separated. Applied as the traffic.sidecar.istio.io/kubevirtInterfaces annotation of pods without one [default: none]' })
      .option('status-port', { type: 'string', requiresArg: true, describe: 'the proxy\'s status port, 0 to 65535; 0 disables its readiness probe [default: 15020]' })
      .option('readiness-initial-delay-seconds', { type: 'string', requiresArg: true, describe: 'a whole number [default: 1]' })
      .option('readiness-period-seconds', { type: 'string', requiresArg: true, describe: 'a whole number [default: 2]' })
      .option('readiness-failure-threshold', { type: 'string', requiresArg: true, describe: 'a whole number [default: 30]' })
      .option('dns-search-namespace', { type: 'string', array: true, requiresArg: true, describe: 'DNS search domain added to the pods (repeatable; may hold templates)' })
      .option('rewrite-app-http-probe', { type: 'boolean', describe: 'let the sidecar take over the application\'s HTTP probes [default: false]' })
      .option('duration', { type: 'string', requiresArg: true, describe: 'drain, parent-shutdown and connect timeouts, as a Go duration of whole milliseconds, e.g. 10s [default: 45s, 1m0s, 1s]' })
      .example('$0 inject -f app.yaml > app-injected.yaml', 'inject with Istio\'s defaults')
      .example('$0 inject -f app.yaml --config istio.yaml', 'inject as the installation of istio.yaml would')
      .example('kubectl get deploy web -o yaml | $0 inject -f -', 'inject what stdin holds'),
    (args) => {
      const file = args.filename as string;
      // Flags first (usage errors), then the installation, then the input.
      const params = injectParams(args);
      const settings = args.config !== undefined || args.mode !== undefined
        ? withKubeInjectParams(installationInjectionSettings(resolveOptions(propsFromFlags(args as InstallFlags, stdin))), params)
        : defaultInjectionSettings(params, (args['istio-version'] as IstioVersion | undefined) ?? DEFAULT_ISTIO_VERSION);
      const text = readUserFile(file, '--filename', { maxBytes: MANIFEST_LIMITS.maxBytes, stdin });
      const docs = injectYaml(text, settings, (m) => io.stderr.write(`${m}\n`), sourceName(file, '--filename'));
      io.stdout.write(docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n'));
    })
    .command(analyzeCommand({
      readConfigFile: (file) => readConfigFile(file, stdin),
      io,
      argv,
      // analyze reads all of stdin, unbounded, as before; through io when it has its own.
      readStdin: io.readStdin ? () => io.readStdin!(Number.MAX_SAFE_INTEGER).toString('utf8') : undefined,
      outcome: analyzeOutcome,
    }))
    .demandCommand(1, 'name a command: synth or inject')
    .option('debug', { type: 'boolean', global: true, describe: 'on an internal error, print the stack trace' })
    .middleware(refuseRepeatedFlags as unknown as MiddlewareFunction, true)
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, io.columns ?? 120))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    });
  skipHelpCaching(parser);
  try {
    // With a callback, yargs hands over what it would print (the help) instead of printing it with console.log.
    await parser.parseAsync(args, {}, (_err, _argv, output) => {
      if (output) io.stdout.write(`${output}\n`);
    });
  } catch (e) {
    // One line for what the user can fix (refused input 1, usage 2); 70 and the stack (with --debug) for a bug.
    const status = reportFailure(e, debug, (s) => io.stderr.write(s));
    // analyze's flags failing to parse is a usage error, whatever the error's class.
    return analyzeOutcome.parsing && status !== EXIT.ok ? EXIT.usage : status;
  }
  return analyzeOutcome.status ?? EXIT.ok;
}

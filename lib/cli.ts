import * as fs from 'fs';
import * as yaml from 'js-yaml';
import yargs from 'yargs';
import { DELIVERIES, Delivery, IstioOptionError, IstioProps, MESH_MODES, MeshMode, resolveOptions } from './options';
import { defaultInjectionSettings, injectYaml, InjectionError, installationInjectionSettings, KubeInjectParams } from './inject';
import { OutputFolderError, synthesize } from './synth';
import { SERVICE_TYPES, ServiceType } from './values';
import { analyzeCommand } from './analyze/cli';

/** A usage error: printed with the command's name, exit status 1. */
export class CliError extends Error {}

/** Read a config file (YAML or JSON) holding IstioProps. */
export function readConfigFile(file: string): IstioProps {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`--config ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file });
  } catch (e) {
    throw new CliError(`--config ${file}: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CliError(`--config ${file}: got ${JSON.stringify(data)}, expected a map of cdk8s-istio props (e.g. "mode: strict")`);
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
}

/** Props from `--config` with the flags on top; validated before anything is written. */
export function propsFromFlags(flags: InstallFlags): IstioProps {
  const fromFile = flags.config !== undefined ? readConfigFile(flags.config) : {};
  const props: { -readonly [K in keyof IstioProps]: IstioProps[K] } = { ...fromFile };
  if (flags.mode !== undefined) props.mode = flags.mode as MeshMode;
  if (flags.delivery !== undefined) props.delivery = flags.delivery as Delivery;
  if (flags['argocd-sync-waves'] !== undefined) props.argoCdSyncWaves = flags['argocd-sync-waves'];
  if (flags.hub !== undefined) props.hub = flags.hub;
  if (flags.tag !== undefined) props.tag = flags.tag;
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

/** The manual-injection parameters of the `inject` flags. */
function injectParams(args: Record<string, unknown>): KubeInjectParams {
  const pick = <T>(k: string) => args[k] as T | undefined;
  return {
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
    statusPort: pick('status-port'),
    readinessInitialDelaySeconds: pick('readiness-initial-delay-seconds'),
    readinessPeriodSeconds: pick('readiness-period-seconds'),
    readinessFailureThreshold: pick('readiness-failure-threshold'),
    podDNSSearchNamespaces: pick('dns-search-namespace'),
    duration: pick('duration'),
    rewriteAppHTTPProbe: pick('rewrite-app-http-probe'),
  };
}

/** Run the CLI with `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let status = 0;
  const fail = (msg: string) => {
    process.stderr.write(`cdk8s-istio: ${msg}\n`);
    status = 1;
  };
  const installOptions = (y: yargs.Argv) => y
    .option('config', {
      type: 'string',
      describe: 'YAML or JSON file with the same props as the Istio construct (e.g. "mode: strict", "values: {pilot: {autoscaleMin: 2}}"); flags override it',
    })
    .option('mode', { type: 'string', choices: [...MESH_MODES], describe: 'mutual TLS: permissive (istio-demo.yaml) or strict (istio-demo-auth.yaml) [default: permissive]' })
    .option('gateway-type', { type: 'string', choices: [...SERVICE_TYPES], describe: 'Service type of the ingress gateway; ClusterIP drops all node ports [default: LoadBalancer]' })
    .option('hub', { type: 'string', describe: 'registry of the Istio images [default: docker.io/istio]' })
    .option('tag', { type: 'string', describe: 'tag of the Istio images [default: 1.2.2]' })
    .option('delivery', { type: 'string', choices: [...DELIVERIES], describe: 'release: mesh-wide resources via the release\'s post-install Jobs; gitops: as objects in their own file, no Jobs [default: release]' })
    .option('argocd-sync-waves', { type: 'boolean', describe: 'with --delivery gitops, annotate objects with Argo CD sync waves (CRDs first) [default: false]' });

  const parser = yargs(argv)
    .scriptName('cdk8s-istio')
    .usage('$0 <command> [options]\n\nThe Istio 1.2.2 installation, synthesized from typed cdk8s constructs.')
    .command('synth', 'write the installation\'s manifests (the CRDs first, then the rest) into a folder', (y) => installOptions(y)
      .option('output', { alias: 'o', type: 'string', default: 'dist', describe: 'folder to write; replaced only when everything succeeded' })
      .example('$0 synth --output dist', 'the release\'s demo profile, as `npm run synth` writes it')
      .example('$0 synth --mode strict --gateway-type NodePort', 'mutual TLS everywhere, ingress on node ports 31380/31390/31400'),
    (args) => {
      const props = propsFromFlags(args as InstallFlags);
      const files = synthesize(props, args.output as string);
      for (const f of files) process.stdout.write(`${f.file}: ${f.objects} objects\n`);
    })
    .command('inject', 'inject the Istio 1.2.2 sidecar into the workloads of a YAML file and print them, like `istioctl kube-inject -f FILE`', (y) => y
      .option('filename', { alias: 'f', type: 'string', demandOption: true, describe: 'the workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs, Pods, Lists)' })
      .option('config', { type: 'string', describe: 'inject as the installation these props describe (the same file as `synth --config`); without it, Istio\'s own defaults for manual injection' })
      .option('mode', { type: 'string', choices: [...MESH_MODES], describe: 'with the installation\'s options: its mutual TLS mode' })
      .option('hub', { type: 'string', describe: 'registry of the proxy images [default: docker.io/istio]' })
      .option('tag', { type: 'string', describe: 'tag of the proxy images [default: 1.2.2]' })
      .option('image-pull-policy', { type: 'string', choices: ['IfNotPresent', 'Always', 'Never'], describe: '[default: IfNotPresent]' })
      .option('interception-mode', { type: 'string', choices: ['REDIRECT', 'TPROXY'], describe: 'how inbound traffic reaches Envoy [default: REDIRECT]' })
      .option('enable-core-dump', { type: 'boolean', describe: 'add the init container that enables core dumps [default: false]' })
      .option('privileged', { type: 'boolean', describe: 'run the proxy privileged [default: false]' })
      .option('include-ip-ranges', { type: 'string', describe: 'outbound IP ranges redirected to Envoy [default: *]' })
      .option('exclude-ip-ranges', { type: 'string', describe: 'outbound IP ranges not redirected [default: none]' })
      .option('include-inbound-ports', { type: 'string', describe: 'inbound ports redirected to Envoy [default: *]' })
      .option('exclude-inbound-ports', { type: 'string', describe: 'inbound ports not redirected [default: none]' })
      .option('kubevirt-interfaces', { type: 'string', describe: 'KubeVirt interfaces whose traffic is redirected [default: none]' })
      .option('status-port', { type: 'number', describe: 'the proxy\'s status port; 0 disables its readiness probe [default: 15020]' })
      .option('readiness-initial-delay-seconds', { type: 'number', describe: '[default: 1]' })
      .option('readiness-period-seconds', { type: 'number', describe: '[default: 2]' })
      .option('readiness-failure-threshold', { type: 'number', describe: '[default: 30]' })
      .option('dns-search-namespace', { type: 'string', array: true, describe: 'DNS search domain added to the pods (repeatable; may hold templates)' })
      .option('rewrite-app-http-probe', { type: 'boolean', describe: 'let the sidecar take over the application\'s HTTP probes [default: false]' })
      .option('duration', { type: 'string', describe: 'drain, parent-shutdown and connect timeouts, as a Go duration [default: 45s, 1m0s, 1s]' })
      .example('$0 inject -f app.yaml > app-injected.yaml', 'inject with Istio\'s defaults')
      .example('$0 inject -f app.yaml --config istio.yaml', 'inject as the installation of istio.yaml would'),
    (args) => {
      const file = args.filename as string;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`--filename ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const settings = args.config !== undefined || args.mode !== undefined
        ? installationInjectionSettings(resolveOptions(propsFromFlags(args as InstallFlags)))
        : defaultInjectionSettings(injectParams(args));
      let docs;
      try {
        docs = injectYaml(text, settings, (m) => process.stderr.write(`${m}\n`));
      } catch (e) {
        if (e instanceof InjectionError || e instanceof yaml.YAMLException) throw new CliError(`--filename ${file}: ${(e as Error).message}`);
        throw e;
      }
      process.stdout.write(docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n'));
    })
    .command(analyzeCommand({ readConfigFile }))
    .demandCommand(1, 'name a command: synth or inject')
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns ?? 120))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new CliError(msg);
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof CliError) fail(e.message);
    else if (e instanceof IstioOptionError) fail(e.message);
    else if (e instanceof OutputFolderError) fail(e.message);
    else fail((e as Error).stack ?? String(e));
  }
  return status;
}

import * as fs from 'fs';
import * as yaml from 'js-yaml';
import yargs from 'yargs';
import { DELIVERIES, Delivery, IstioOptionError, IstioProps, MESH_MODES, MeshMode, resolveOptions } from './options';
import { synthesize } from './synth';
import { SERVICE_TYPES, ServiceType } from './values';

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
    .demandCommand(1, 'name a command: synth')
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
    else fail((e as Error).stack ?? String(e));
  }
  return status;
}

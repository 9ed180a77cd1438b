/**
 * `npm run bookinfo -- --output DIR [--mode strict] [--no-inject]`: synthesize the Bookinfo sample with its sidecars.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import yargs from 'yargs';
import { Bookinfo } from './bookinfo';

const args = yargs(process.argv.slice(2))
  .scriptName('bookinfo')
  .option('output', { alias: 'o', type: 'string', default: 'bookinfo', describe: 'folder to write' })
  .option('mode', { type: 'string', choices: ['permissive', 'strict'], default: 'permissive', describe: 'strict: DestinationRules with mutual TLS' })
  .option('inject', { type: 'boolean', default: true, describe: 'inject the Istio sidecars (--no-inject to leave them out)' })
  .strict()
  .parseSync();

// Built in a staging folder first, so a failure leaves an existing output as it was.
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'bookinfo-'));
const app = new App({ outdir: staging });
new Bookinfo(app, 'bookinfo', { mode: args.mode as 'permissive' | 'strict', injectSidecars: args.inject });
app.synth();
fs.mkdirSync(args.output, { recursive: true });
for (const f of fs.readdirSync(staging)) fs.copyFileSync(path.join(staging, f), path.join(args.output, f));
fs.rmSync(staging, { recursive: true, force: true });
process.stdout.write(`${fs.readdirSync(args.output).map((f) => path.join(args.output, f)).join('\n')}\n`);

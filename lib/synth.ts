import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { Istio } from './istio';
import { IstioProps } from './options';

/** A file the synthesis wrote. */
export interface SynthesizedFile {
  readonly file: string;
  readonly objects: number;
}

/**
 * Synthesize the installation into `outdir`, as `cdk8s synth` does for `main.ts`. Everything is built and written into
 * a temporary folder beside `outdir` first; only when that succeeded does it replace `outdir`, so a bad option or a
 * failure leaves an existing output folder exactly as it was.
 */
export function synthesize(props: IstioProps, outdir: string): SynthesizedFile[] {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  try {
    const app = new App({ outdir: staging });
    new Istio(app, 'istio', props);
    app.synth();
    const files = fs.readdirSync(staging).sort().map((f) => ({
      file: path.join(outdir, f),
      objects: countDocuments(fs.readFileSync(path.join(staging, f), 'utf8')),
    }));
    replaceDirectory(staging, target);
    return files;
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

function countDocuments(text: string): number {
  return text.split(/^---$/m).filter((d) => d.trim().length > 0).length;
}

/** Swap `staging` in for `target` (an existing `target` is removed only after the new one is in place). */
function replaceDirectory(staging: string, target: string) {
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return;
  }
  const old = `${staging}.old`;
  fs.renameSync(target, old);
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    fs.renameSync(old, target);
    throw e;
  }
  fs.rmSync(old, { recursive: true, force: true });
}

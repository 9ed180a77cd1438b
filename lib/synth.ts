import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { Istio } from './istio';
import { IstioProps } from './options';

/** The extension cdk8s gives the files it writes. */
const OUTPUT_EXTENSION = '.k8s.yaml';

/** A file the synthesis wrote. */
export interface SynthesizedFile {
  readonly file: string;
  readonly objects: number;
}

/**
 * Synthesize the installation into `outdir`, as `cdk8s synth` does for `main.ts`. Everything is built and written into
 * a temporary folder beside `outdir` first; only when that succeeded are the files moved into `outdir`, so a bad
 * option or a failure leaves an existing output folder exactly as it was.
 */
export function synthesize(props: IstioProps, outdir: string): SynthesizedFile[] {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  try {
    const app = new App({ outdir: staging, outputFileExtension: OUTPUT_EXTENSION });
    const istio = new Istio(app, 'istio', props);
    // The charts' files, named and ordered as `app.synth()` names them (`0000-istio-crds.k8s.yaml` ...): the installation
    // knows its charts' order, so the CLI skips cdk8s' dependency graph, a good part of its start-up cost.
    const files = istio.charts.map((chart, i) => {
      const name = `${String(i).padStart(4, '0')}-${chart.node.id}${OUTPUT_EXTENSION}`;
      const objects = chart.toJson();
      Yaml.save(path.join(staging, name), objects);
      return { file: path.join(outdir, name), objects: objects.length };
    });
    replaceDirectory(staging, target);
    return files;
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Move the staged files into `target`. Files of an earlier synth that this one did not write (`*.k8s.yaml`, e.g. the
 * gitops custom-resources file after switching back to release delivery) are removed; anything else in the folder is
 * left alone, so `--output` can point into a GitOps repository.
 */
function replaceDirectory(staging: string, target: string) {
  fs.mkdirSync(target, { recursive: true });
  const fresh = new Set(fs.readdirSync(staging));
  for (const f of fs.readdirSync(target)) {
    if (f.endsWith(OUTPUT_EXTENSION) && !fresh.has(f)) fs.rmSync(path.join(target, f));
  }
  for (const f of fresh) fs.renameSync(path.join(staging, f), path.join(target, f));
  fs.rmSync(staging, { recursive: true, force: true });
}

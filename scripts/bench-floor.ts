/**
 * The benchmark's floor: serialize already-built objects to YAML exactly as cdk8s does (the same `yaml` version and
 * options as cdk8s' `Yaml.stringify`) and write them. Usage: node build/scripts/bench-floor.js OBJECTS.json OUTDIR
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

const [input, outdir] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(input, 'utf8')) as Record<string, unknown[]>;
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });
for (const [file, docs] of Object.entries(files)) {
  const text = docs.map((d) => YAML.stringify(d, { keepUndefined: true, lineWidth: 0, version: '1.1' })).join('---\n');
  fs.writeFileSync(path.join(outdir, file), text);
}

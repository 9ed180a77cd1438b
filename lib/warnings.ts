/**
 * Warnings of the constructs: the library never prints; a construct records a warning on its node, and whoever runs
 * the synthesis (the CLI, a user's app) reads them with {@link warningsOf} and shows them as it sees fit.
 *
 * cdk8s 2 has no `Annotations` (that is the AWS CDK's); the warnings are construct metadata entries of type
 * {@link WARNING_METADATA}.
 */
import { IConstruct } from 'constructs';

/** The metadata type of a warning. */
export const WARNING_METADATA = 'cdk8s-istio:warning';

/** Record a warning on a construct (one line, no trailing newline). */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_METADATA, message);
}

/** The warnings recorded in a construct tree (an App, a chart, any construct), in the tree's order, without repeats. */
export function warningsOf(scope: IConstruct): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== WARNING_METADATA) continue;
      const line = String(entry.data).replace(/\s*\n\s*/g, ' ');
      if (!out.includes(line)) out.push(line);
    }
  }
  return out;
}

/** Print the warnings of a construct tree on stderr, one line each: `cdk8s-istio: warning: <message>`. */
export function printWarnings(scope: IConstruct, write: (s: string) => void = (s) => process.stderr.write(s)): void {
  for (const w of warningsOf(scope)) write(`cdk8s-istio: warning: ${w}\n`);
}

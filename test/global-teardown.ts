/** jest's globalTeardown: remove the run's temporary folder (kept with KEEP_TEST_TMP=1, to look at a failure). */
import * as fs from 'fs';

export default function globalTeardown(): void {
  const root = process.env.CDK8S_ISTIO_TEST_TMP;
  if (!root || process.env.KEEP_TEST_TMP === '1') return;
  fs.rmSync(root, { recursive: true, force: true });
}

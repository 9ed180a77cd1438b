/**
 * jest's globalSetup: one temporary folder for the whole run, as TMPDIR, so that every folder the suites create (their
 * own, cdk8s' `Testing.app()` outdirs, helm2-render's work) lands inside it; test/global-teardown.ts removes it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function globalSetup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-jest-'));
  process.env.CDK8S_ISTIO_TEST_TMP = root;
  process.env.TMPDIR = root;
}

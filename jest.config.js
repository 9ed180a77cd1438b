/**
 * Tests run with ts-jest against the TypeScript sources; `npm test` compiles first so the few tests that run the
 * packaged CLI (build/cli) as a process of its own can; the others run it in-process (test/run-cli.ts).
 * The app's own test sits beside main.ts, as `cdk8s init` lays an app out (main.test.ts, __snapshots__/); the
 * library's suites are under test/.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  // Compiled output and scratch builds hold copies of the sources: never tests or modules to resolve.
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/', '<rootDir>/\\.build-'],
  testTimeout: 120000,
  // Every temporary folder of a run goes under one TMPDIR, removed at the end (KEEP_TEST_TMP=1 keeps it).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // One worker per core of the two-core machine: the CLI runs in-process (test/run-cli.ts) and the comparator, the
  // validator and helm2-render run a few times per suite at most, so workers rarely wait on child processes any more
  // (two workers measured a little faster than three).
  maxWorkers: 2,
  moduleNameMapper: { '^cdk8s-istio$': '<rootDir>/lib/index.ts' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};

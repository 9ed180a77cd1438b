/**
 * Tests run with ts-jest against the TypeScript sources; `npm test` compiles first so the CLI tests can run build/.
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
  // One more worker than this machine's two cores: most suites also wait on child processes (the CLI, the comparator,
  // helm2-render); measured 75 s against 85 s with two.
  maxWorkers: 3,
  moduleNameMapper: { '^cdk8s-istio$': '<rootDir>/lib/index.ts' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }] },
};

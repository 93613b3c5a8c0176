/**
 * Mutation testing of the SDK's core and streams (issue 15): `npm run test:mutation`.
 * Reports land in reports/mutation/ (ignored by git); the run fails below `thresholds.break`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/core/**/*.ts', 'src/streaming/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  concurrency: 2,
  timeoutMS: 5000,
  // A static mutant (module-level code) reruns every test: 171 of them took 45% of the run.
  ignoreStatic: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

/**
 * Mutation testing of the SDK's core and streams (issue 15): `npm run test:mutation`.
 * Reports land in reports/mutation/ (ignored by git); the run fails below `thresholds.break`,
 * a score over every mutant, the ones reused from the incremental file included.
 *
 * Incremental (issue 22): a run re-tests only the mutants whose source or covering tests changed
 * since the results in `stryker-incremental.json`, and reuses the rest. That file is committed,
 * and every run (`npm run test:mutation`, CI's `.ci/run`) rewrites it: commit it with the change
 * that moved it. `npm run test:mutation:full` (`--force`) re-tests every mutant, and refreshes the
 * file too; run it after upgrading Stryker, vitest or the config, which the incremental diff
 * does not see.
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
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

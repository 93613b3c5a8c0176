/**
 * The suites `npm run test:mutation` runs against each mutant (issue 15): the msw unit tests and
 * the node-only `http` tests that import `src/` directly. Left out: the browser, CLI, example and
 * package tests (they run the built `dist/`, so a mutant in `src/` cannot reach them) and the
 * type tests. `describe.concurrent` files run one test at a time so that Stryker can tell which
 * test covers which mutant.
 */
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.js';

const notInDist = [
  'test/http/browser*.test.ts',
  'test/http/cli*.test.ts',
  'test/http/examples.test.ts',
  'test/http/main-entry-purity.test.ts',
  'test/http/proxy-example.test.ts',
  'test/http/tsx-load.test.ts',
];

/**
 * Runs the quick files first: the unit (msw) tests, then the http ones, each the shortest first by
 * their last duration. A mutant is killed at its first failing test (Stryker bails), so a quick
 * killer should not wait behind a slow file that does not fail; vitest's own order is the
 * opposite (longest first).
 */
class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (spec: TestSpecification) => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      const duration = this.ctx.cache.getFileTestResults(key)?.duration ?? 0;
      return (spec.project.name === 'msw' ? 0 : 1e9) + duration;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    maxConcurrency: 1,
    // One module graph for all files: a mutant run loads each test file's imports once, not per
    // file (3x quicker on the msw tests). Static mutants, which this would hide, are ignored.
    isolate: false,
    sequence: { sequencer: QuickFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'msw',
          include: ['test/**/*.test.ts'],
          exclude: ['test/http/**', 'test/package/**', 'test/bench/**'],
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          exclude: notInDist,
          // A leaked listener shows after a few calls as well as after 1,000, in 1/100 of the time.
          env: { SOAT_LISTENER_CALLS: '10' },
        },
      },
    ],
  },
});

/**
 * The suites `npm run test:mutation` runs against each mutant (issue 15): the msw unit tests and
 * the node-only `http` tests that import `src/` directly. Left out: the browser, CLI, example and
 * package tests (they run the built `dist/`, so a mutant in `src/` cannot reach them) and the
 * type tests. `describe.concurrent` files run one test at a time so that Stryker can tell which
 * test covers which mutant.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

const notInDist = [
  'test/http/browser*.test.ts',
  'test/http/cli*.test.ts',
  'test/http/examples.test.ts',
  'test/http/main-entry-purity.test.ts',
  'test/http/proxy-example.test.ts',
  'test/http/tsx-load.test.ts',
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    maxConcurrency: 1,
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

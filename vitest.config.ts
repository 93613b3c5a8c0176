import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@soat\/sdk$/, replacement: src('index.ts') },
      { find: /^@soat\/sdk\/mock$/, replacement: src('mock/index.ts') },
      { find: /^@soat\/sdk\/mock-server$/, replacement: src('mock-server.ts') },
      { find: /^@soat\/sdk\/node$/, replacement: src('node.ts') },
      { find: /^@soat\/sdk\/ai$/, replacement: src('ai/index.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'msw',
          include: ['test/**/*.test.ts'],
          // In-process tests with fake clocks: 5 s is plenty on a quiet machine, not on a busy
          // one (`npm run test:busy`); a hung test still fails, later.
          testTimeout: 20_000,
          exclude: ['test/http/**', 'test/package/**', 'test/bench/**'],
          setupFiles: ['test/setup.ts'],
          typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'] },
        },
      },
      {
        extends: true,
        test: {
          // Real node:http servers on 127.0.0.1: msw must not be listening here.
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          // Real servers, child processes and a browser wait for real: generous limits, so that
          // a busy machine (`npm run test:busy`) is slow, not red.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

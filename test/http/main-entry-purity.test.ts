import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImpurities } from '../../scripts/check-package/purity.mjs';

// The main entry runs in browsers (issue 7). This is the quick check on the source, before any
// build, with the same esbuild check scripts/check-package.mjs runs on dist/index.js and .cjs.

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

describe('what src/index.ts reaches', () => {
  it('imports no Node built-in and loads no code with a dynamic import() or require()', async () => {
    const { problems } = await findImpurities(entry, root);
    expect(problems).toEqual([]);
  });

  it('reaches nothing of the mock, the mock server or the CLI', async () => {
    const { inputs } = await findImpurities(entry, root);
    const reached = Object.keys(inputs).filter((file) =>
      /src\/(mock|mock-server|cli)\b|node_modules\/(msw|openapi-backend)\//.test(file),
    );
    expect(reached).toEqual([]);
  });

  it('reports a Node built-in reached from an entry, so the check can fail', async () => {
    const mockEntry = fileURLToPath(new URL('../../src/mock-server.ts', import.meta.url));
    const { problems } = await findImpurities(mockEntry, root);
    expect(problems.some((line) => line.includes('node:http'))).toBe(true);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImpurities } from '../../scripts/check-package/purity.mjs';

// Issue 19: an app that does not import `@soat/sdk/ai` pays nothing for it (dist/index.js is
// built from src/index.ts alone), and the entry runs in browsers and on the edge like the main
// one. The same esbuild check as main-entry-purity.test.ts.

const root = fileURLToPath(new URL('../../', import.meta.url));
const source = (file: string) => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));

describe('@soat/sdk/ai and the main entry', () => {
  it('src/index.ts reaches nothing of src/ai and no AI SDK package', async () => {
    const { inputs } = await findImpurities(source('index.ts'), root);
    const reached = Object.keys(inputs).filter((file) =>
      /src\/ai\/|node_modules\/(ai|@ai-sdk)\//.test(file),
    );
    expect(reached).toEqual([]);
  });

  it('src/ai imports no Node built-in, nothing dynamically and no AI SDK code', async () => {
    const { problems, inputs } = await findImpurities(source('ai/index.ts'), root);
    expect(problems).toEqual([]);
    const reached = Object.keys(inputs).filter((file) => /node_modules\/(ai|@ai-sdk)\//.test(file));
    expect(reached).toEqual([]);
  });
});

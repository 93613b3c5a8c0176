import { defineConfig, type Options } from 'tsup';

type TsupPlugin = NonNullable<Options['plugins']>[number];

const shared: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  splitting: false,
  // `.map` files point at the TypeScript in src/ (and generated/, which the mock bundles), both
  // shipped (`files`), so a stack trace under `node --enable-source-maps` (or a bundler's, or a
  // browser's) names src/…ts lines that exist on disk. The sources are not copied into every map
  // as well (`sourcesContent`): one copy is smaller than four embedded ones (when this was
  // chosen, 161 kB packed against 242 kB).
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
};

/**
 * Points `@soat/sdk/ai`'s imports of `@soat/sdk` at the main entry's file beside it in dist/
 * (`./index.js`, `./index.cjs`): one copy of the client and its classes, and no reliance on
 * resolving the package's own name. Its types keep importing `@soat/sdk`.
 */
const mainEntryBeside: TsupPlugin = {
  name: 'main-entry-beside',
  renderChunk(code, chunk) {
    if (!/\.c?js$/.test(chunk.path)) return;
    const file = chunk.path.endsWith('.cjs') ? './index.cjs' : './index.js';
    return { code: code.replace(/(from |require\()"@soat\/sdk"/g, `$1"${file}"`) };
  },
};

export default defineConfig([
  // The main entry runs in browsers too: no Node built-ins may reach it.
  { ...shared, entry: { index: 'src/index.ts' }, platform: 'neutral', clean: true },
  // `@soat/sdk/ai` runs in browsers and on the edge too. Its source imports `@soat/sdk`; the
  // build loads the main entry beside it instead (`./index.js`, `./index.cjs`), so the two share
  // one copy of the client and its classes and nothing depends on resolving the package's name.
  {
    ...shared,
    entry: { ai: 'src/ai/index.ts' },
    platform: 'neutral',
    external: ['@soat/sdk', '@ai-sdk/provider'],
    plugins: [mainEntryBeside],
  },
  {
    ...shared,
    entry: {
      'mock/index': 'src/mock/index.ts',
      'mock-server': 'src/mock-server.ts',
      node: 'src/node.ts',
    },
    platform: 'node',
  },
  { ...shared, entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, platform: 'node' },
]);

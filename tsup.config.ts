import { defineConfig, type Options } from 'tsup';

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

export default defineConfig([
  // The main entry runs in browsers too: no Node built-ins may reach it.
  { ...shared, entry: { index: 'src/index.ts' }, platform: 'neutral', clean: true },
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

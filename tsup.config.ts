import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  splitting: false,
  sourcemap: false,
};

export default defineConfig([
  // The main entry runs in browsers too: no Node built-ins may reach it.
  { ...shared, entry: { index: 'src/index.ts' }, platform: 'neutral', clean: true },
  {
    ...shared,
    entry: { 'mock/index': 'src/mock/index.ts', 'mock-server': 'src/mock-server.ts' },
    platform: 'node',
  },
  { ...shared, entry: { cli: 'src/cli.ts' }, format: ['esm'], dts: false, platform: 'node' },
]);

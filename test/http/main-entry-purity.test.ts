import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The main entry runs in browsers (issue 7). This is the quick check on the source, before any
// build; scripts/check-package.mjs checks the built dist/index.js and dist/index.cjs the same way.

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

async function bundleForBrowser(): Promise<{ builtinImports: string[]; metafile: Metafile }> {
  const builtinImports: string[] = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-node-builtins',
        setup(plugin) {
          plugin.onResolve({ filter: /.*/ }, (args) => {
            if (!builtins.has(args.path) && !args.path.startsWith('node:')) return undefined;
            builtinImports.push(`${args.importer} → ${args.path}`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return { builtinImports, metafile: result.metafile };
}

describe('what src/index.ts reaches', () => {
  it('imports no Node built-in', async () => {
    const { builtinImports } = await bundleForBrowser();
    expect(builtinImports).toEqual([]);
  });

  it('loads no code with a dynamic import() or require()', async () => {
    const { metafile } = await bundleForBrowser();
    const lazy = Object.entries(metafile.inputs).flatMap(([file, input]) =>
      input.imports
        .filter(
          (imported) => imported.kind === 'dynamic-import' || imported.kind === 'require-call',
        )
        .map((imported) => `${file}: ${imported.kind} ${imported.original ?? imported.path}`),
    );
    expect(lazy).toEqual([]);
  });

  it('reaches nothing of the mock, the mock server or the CLI', async () => {
    const { metafile } = await bundleForBrowser();
    const reached = Object.keys(metafile.inputs).filter((file) =>
      /src\/(mock|mock-server|cli)\b|node_modules\/(msw|openapi-backend)\//.test(file),
    );
    expect(reached).toEqual([]);
  });
});

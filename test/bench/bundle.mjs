// Bundles src/index.ts as tsup does for the package's main entry (see tsup.config.ts), into
// .tmp/bench/sdk.js, and returns its file URL: the SDK the benchmarks measure (see sdk.ts).
import { build } from 'esbuild';

export async function bundleSdk(root) {
  const outfile = new URL('.tmp/bench/sdk.js', root);
  await build({
    entryPoints: [new URL('src/index.ts', root).pathname],
    outfile: outfile.pathname,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile.href;
}

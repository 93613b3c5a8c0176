/**
 * The SDK under test. `run.mjs` bundles src/index.ts with esbuild, with tsup's settings for the
 * package's main entry, and names the bundle in `SOAT_BENCH_SDK`: the benchmarks then measure
 * the code that ships, not tsx's on-the-fly transform of src/ (which wraps every closure in a
 * `__name` call). Run on its own, a worker falls back to src/ through tsx.
 */
type Sdk = typeof import('../../src/index.js');

const bundle = process.env.SOAT_BENCH_SDK;
const sdk: Sdk = bundle ? await import(bundle) : await import('../../src/index.js');

export const { parseChatCompletionStream, SoatClient } = sdk;

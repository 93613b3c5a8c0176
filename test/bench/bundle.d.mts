/** Bundles src/index.ts into .tmp/bench/sdk.js; resolves to the bundle's file URL. */
export function bundleSdk(root: URL): Promise<string>;

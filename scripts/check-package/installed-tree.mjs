// What `npm install @soat/sdk` brings into an app (issue 13): exactly @soat/sdk, openapi-fetch,
// its helper types package and eventsource-parser. A new runtime dependency fails the check.
// Also: @soat/sdk/mock bundles for a browser (esbuild, platform "browser") with msw's worker.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CheckError, runOrFail } from './run.mjs';

/** Every package `npm ls --omit=dev --all` may list in an app that installed only @soat/sdk. */
export const EXPECTED_RUNTIME_PACKAGES = [
  '@soat/sdk',
  'eventsource-parser',
  'openapi-fetch',
  'openapi-typescript-helpers',
];

/**
 * Flattens `npm ls --json` into name → version, depth first. An optional peer that is not
 * installed (msw) appears as `{}`: it is not in the tree and is left out.
 */
function flatten(node, into = new Map()) {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (Object.keys(child).length === 0) continue;
    if (!into.has(name)) into.set(name, child.version);
    flatten(child, into);
  }
  return into;
}

async function bytesOf(path) {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await bytesOf(join(path, entry));
  return total;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * Checks the installed tree of a project that installed only the tarball, and measures it.
 * @param {string} appDir - the scratch project
 * @returns {Promise<string>} the packages with their versions and sizes on disk
 * @throws CheckError naming any package beyond EXPECTED_RUNTIME_PACKAGES, or one missing
 */
export async function checkInstalledTree(appDir) {
  const step = 'installed tree';
  const { stdout } = await runOrFail(step, 'npm', ['ls', '--omit=dev', '--all', '--json'], {
    cwd: appDir,
  });
  const found = flatten(JSON.parse(stdout));
  const extra = [...found.keys()].filter((name) => !EXPECTED_RUNTIME_PACKAGES.includes(name));
  const missing = EXPECTED_RUNTIME_PACKAGES.filter((name) => !found.has(name));
  if (extra.length > 0 || missing.length > 0) {
    throw new CheckError(
      step,
      [
        extra.length > 0 ? `unexpected runtime packages: ${extra.join(', ')}` : '',
        missing.length > 0 ? `missing: ${missing.join(', ')}` : '',
        `(npm ls --omit=dev --all lists ${[...found].map(([name, v]) => `${name}@${v}`).join(', ')})`,
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  const sizes = [];
  let total = 0;
  for (const name of EXPECTED_RUNTIME_PACKAGES) {
    const bytes = await bytesOf(join(appDir, 'node_modules', name));
    total += bytes;
    sizes.push(`${name}@${found.get(name)} ${kB(bytes)}`);
  }
  const others = total - (await bytesOf(join(appDir, 'node_modules', '@soat', 'sdk')));
  return `${found.size} packages, ${kB(total)} on disk (${kB(others)} beside @soat/sdk): ${sizes.join(', ')}`;
}

/**
 * Bundles `import { createSoatMock } from '@soat/sdk/mock'` with msw's `setupWorker` for a
 * browser, as a page that mocks SOAT in a service worker does; and checks that the node:http
 * entry does NOT bundle for a browser, so the check can fail.
 * @param {string} typedDir - a project with the tarball and msw installed
 * @returns {Promise<string>} the bundle's size
 * @throws CheckError with esbuild's messages when the mock does not bundle
 */
export async function checkMockBundlesForBrowser(typedDir) {
  const step = '@soat/sdk/mock in a browser bundle';
  const bundle = (contents) =>
    build({
      stdin: { contents, resolveDir: typedDir },
      absWorkingDir: typedDir,
      bundle: true,
      write: false,
      minify: true,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
    });
  let result;
  try {
    result = await bundle(
      "import { createSoatMock } from '@soat/sdk/mock'; import { setupWorker } from 'msw/browser'; setupWorker(...createSoatMock().handlers).start();",
    );
  } catch (error) {
    const messages = (error.errors ?? []).map((message) => message.text);
    throw new CheckError(step, messages.join('\n') || String(error));
  }
  const refused = await bundle(
    "import { startSoatMockServer } from '@soat/sdk/mock-server'; startSoatMockServer();",
  ).then(
    () => false,
    (error) =>
      (error.errors ?? []).some((message) => /Could not resolve "(node:)?http"/.test(message.text)),
  );
  if (!refused) {
    throw new CheckError(step, '@soat/sdk/mock-server bundled for a browser: the check is blind');
  }
  return `${kB(result.outputFiles[0].contents.length)} minified with msw/browser; @soat/sdk/mock-server is refused (http)`;
}

// npm run check:package: proves the built package works wherever it is imported (issue 7).
// Run after `npm run build`. Every check prints one line; any failure makes the exit code 1.
//   1. pack the package once; publint (strict) and attw (no ignored rule) on that tarball
//   2. the main entry: no Node built-in, no dynamic import(), nothing happens on import
//   3. scratch projects outside the repo install the tarball: ESM and CJS consumers make real
//      requests and streams against @soat/sdk/mock-server (started where msw is absent) under
//      Node 20/22/24/26, Bun and Deno; tsc checks strict consumers under node16 (ESM, CJS),
//      bundler and node10; @soat/sdk/mock runs with msw.
//   4. the installed tree holds nothing beyond @soat/sdk and its three runtime packages;
//      @soat/sdk/mock bundles for a browser.
// Flags: --runtimes=node,node22,… (default all), --keep (leave the scratch folder).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkLegacyStubs,
  checkMswMock,
  copyFixtures,
  installProject,
  runConsumers,
  startMockServer,
  TYPE_PROJECTS,
  typecheck,
  writeTypeProject,
} from './check-package/consumer.mjs';
import { checkAttw, checkPublint } from './check-package/exports.mjs';
import { checkInstalledTree, checkMockBundlesForBrowser } from './check-package/installed-tree.mjs';
import { checkMainEntryPurity } from './check-package/purity.mjs';
import { CheckError, indent, inParallel, runOrFail, seconds } from './check-package/run.mjs';
import { selectRuntimes } from './check-package/runtimes.mjs';
import { checkSourceMaps } from './check-package/source-maps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'test', 'package');
const argv = process.argv.slice(2);
const failures = [];
const started = performance.now();

/**
 * Runs one check, prints ✓ or ✗ with its time, and records a failure instead of stopping.
 * @param {string} name
 * @param {() => Promise<string | { summary: string }>} fn - resolves to a summary, or to an
 *   object with one that check() hands back
 * @returns what `fn` resolved to, or undefined when it failed
 */
async function check(name, fn) {
  const begin = performance.now();
  try {
    const result = await fn();
    const summary = typeof result === 'string' ? result : result?.summary;
    console.log(
      `✓ ${name} (${seconds(performance.now() - begin)})${summary ? `: ${summary}` : ''}`,
    );
    return result;
  } catch (error) {
    const message = error instanceof CheckError ? error.message : (error?.stack ?? String(error));
    console.log(`✗ ${name} (${seconds(performance.now() - begin)})\n${indent(message)}`);
    failures.push(name);
    return undefined;
  }
}

/** A failure that makes the rest meaningless: report it and stop. */
function abort(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const devDependencies = pkg.devDependencies ?? {};
const runtimes = (() => {
  try {
    return selectRuntimes(argv);
  } catch (error) {
    return abort(error.message);
  }
})();

// The build must be there: every file the exports map names.
const targets = JSON.stringify(pkg.exports).match(/\.\/dist\/[^"]+/g) ?? [];
const missing = targets.filter((target) => !existsSync(join(root, target)));
if (missing.length > 0)
  abort(`not built: ${missing.join(', ')} missing. Run \`npm run build\` first.`);

const scratch = await mkdtemp(join(tmpdir(), 'soat-check-package-'));
const appDir = join(scratch, 'app');
const typedDir = join(scratch, 'typed');
let server;
try {
  const packed = await check('npm pack', async () => {
    const { stdout } = await runOrFail(
      'npm pack',
      'npm',
      // `prepare` would build again and print the build's log into the JSON report: `npm test`
      // has just built dist/, and this packs what the build left.
      ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch],
      {
        cwd: root,
      },
    );
    const [info] = JSON.parse(stdout);
    const files = info.files.map((file) => file.path);
    const stray = files.filter(
      (file) =>
        !/^(dist\/|src\/|generated\/|mock\/package\.json$|mock-server\/package\.json$|node\/package\.json$|ai\/package\.json$|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(
          file,
        ),
    );
    if (stray.length > 0)
      throw new CheckError('npm pack', `unexpected files in the tarball: ${stray.join(', ')}`);
    return {
      tarball: join(scratch, info.filename),
      summary: `${info.filename}, ${files.length} files, ${(info.size / 1000).toFixed(1)} kB`,
    };
  });
  if (!packed) abort('npm pack failed: nothing else can be checked.');
  const { tarball } = packed;

  // Metadata and purity are quick and independent of the installs, which run meanwhile.
  const installs = Promise.all([
    check('install into a project without msw', async () => {
      await installProject(appDir, [tarball]);
      if (existsSync(join(appDir, 'node_modules', 'msw'))) {
        throw new CheckError('install', 'msw got installed, but it is an optional peer dependency');
      }
      await copyFixtures(fixtures, appDir, [
        'exercise.cjs',
        'consumer.mjs',
        'consumer.cjs',
        'mock-server.mjs',
        'stack-trace.mjs',
        'stack-trace.cjs',
      ]);
      return `${appDir} (msw absent)`;
    }),
    check('install into a project with msw and @types/node', async () => {
      await installProject(typedDir, [
        tarball,
        `msw@${devDependencies.msw}`,
        `@types/node@${devDependencies['@types/node']}`,
      ]);
      await copyFixtures(fixtures, typedDir, ['msw-mock.mjs', 'msw-mock.cjs']);
      await Promise.all(
        TYPE_PROJECTS.map((project) => writeTypeProject(typedDir, fixtures, project)),
      );
      return `${typedDir}`;
    }),
  ]);
  await check('publint (strict, on the tarball)', () => checkPublint(tarball));
  await check('attw (no ignored rule, strict profile)', () => checkAttw(root, tarball, scratch));
  await check('main entry purity', () => checkMainEntryPurity({ root, pkg }));
  await installs;
  if (failures.length > 0) abort(`${failures.join(', ')} failed.`);
  await check('installed tree: @soat/sdk, openapi-fetch (+ helper types), eventsource-parser', () =>
    checkInstalledTree(appDir),
  );
  await check('@soat/sdk/mock bundles for a browser (esbuild)', () =>
    checkMockBundlesForBrowser(typedDir),
  );

  server = await check(
    '(d) @soat/sdk and @soat/sdk/mock-server load without msw; the mock server starts',
    async () => {
      const running = await startMockServer(appDir);
      return { ...running, summary: `listening on ${running.url}` };
    },
  );
  if (!server) abort('the mock server did not start: the consumers have nothing to talk to.');

  // Consumers under each runtime, tsc projects and the msw checks, a few at a time (2 cores).
  const timings = [];
  const tasks = [
    ...runtimes.map(
      (runtime) => () =>
        check(`(a)+(b) ESM import and CJS require under ${runtime.name}`, async () => {
          const { lines, ms } = await runConsumers(appDir, server.url, runtime);
          timings.push({ runtime: runtime.name, ms });
          return `\n${indent(lines.join('\n'))}`;
        }),
    ),
    ...TYPE_PROJECTS.map(
      (project) => () =>
        check(`(c) tsc, strict, ${project.name}`, () =>
          typecheck(typedDir, join(root, 'node_modules', 'typescript', 'bin', 'tsc'), project),
        ),
    ),
    () => check('@soat/sdk/mock with msw, ESM and CJS', () => checkMswMock(typedDir)),
    // Issue 14: the maps ship with the src/ they name, and `--enable-source-maps` uses them.
    () =>
      check('source maps: a stack trace names the src/…ts line that threw', () =>
        checkSourceMaps(appDir),
      ),
    () =>
      check('node10 stub folders (resolvers that ignore "exports")', () =>
        checkLegacyStubs(typedDir),
      ),
  ];
  await inParallel(tasks, 3);
  if (timings.length > 0) {
    console.log('  runtime times (ESM + CJS, including npx start-up):');
    for (const { runtime, ms } of timings) console.log(`    ${runtime}: ${seconds(ms)}`);
  }
} finally {
  await server?.stop?.();
  if (argv.includes('--keep')) console.log(`  scratch projects kept in ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
}

const total = seconds(performance.now() - started);
if (failures.length > 0) {
  console.error(`\ncheck:package failed (${total}): ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`\ncheck:package passed (${total})`);

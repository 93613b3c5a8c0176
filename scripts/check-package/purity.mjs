// The main entry must load in a browser as it is: nothing reachable from it may import a Node
// built-in, load code with a dynamic import() or require(), or run code on import (the package
// says "sideEffects": false, which lets bundlers drop an unused import whole).
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CheckError, run } from './run.mjs';

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * An esbuild plugin that keeps Node built-ins out of the bundle and records who imported them.
 * @param {string[]} records - receives one line per import
 */
function externalBuiltins(records) {
  return {
    name: 'record-node-builtins',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (!BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
        records.push(`${args.importer} imports the Node built-in "${args.path}"`);
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles `entry` for the browser as an app would and lists what must not be there.
 * @param {string} entry - absolute path of a built entry (dist/index.js or dist/index.cjs)
 * @param {string} cwd - the package's folder, where node_modules resolves
 * @returns {Promise<{ problems: string[], inputs: Record<string, number> }>}
 */
export async function findImpurities(entry, cwd) {
  const builtins = [];
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    nodePaths: [`${cwd}/node_modules`],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [externalBuiltins(builtins)],
  });
  const problems = [...builtins];
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (imported.kind === 'dynamic-import') {
        problems.push(`${file} uses a dynamic import() of "${imported.original ?? imported.path}"`);
      } else if (imported.kind === 'require-call' && !entry.endsWith('.cjs')) {
        problems.push(`${file} calls require("${imported.original ?? imported.path}")`);
      }
    }
  }
  const inputs = Object.fromEntries(
    Object.entries(result.metafile.inputs).map(([file, input]) => [file, input.bytes]),
  );
  return { problems, inputs };
}

/**
 * What stays of the package when an app imports it and uses nothing: with "sideEffects": false
 * honoured, nothing at all; with the flag ignored, what runs on import.
 * @param {string} entry - absolute path of dist/index.js
 * @param {string} cwd - the package's folder
 * @param {boolean} trustFlag - honour "sideEffects" and /* @__PURE__ *\/ annotations
 * @returns {Promise<string>} the minified bundle of `import '<entry>'`
 */
export async function bundleOfUnusedImport(entry, cwd, trustFlag) {
  const result = await build({
    stdin: { contents: `import ${JSON.stringify(entry)};`, resolveDir: cwd },
    absWorkingDir: cwd,
    nodePaths: [`${cwd}/node_modules`],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    minify: true,
    treeShaking: true,
    ignoreAnnotations: !trustFlag,
    logLevel: 'silent',
    plugins: [externalBuiltins([])],
  });
  return result.outputFiles[0]?.text.trim() ?? '';
}

/**
 * Imports `entry` in a fresh Node process (import-probe.mjs) and lists what the import changed:
 * globals, built-in prototypes, timers or sockets left open.
 * @returns {Promise<string[]>}
 */
export async function importSideEffects(entry) {
  const probe = fileURLToPath(new URL('./import-probe.mjs', import.meta.url));
  const result = await run(process.execPath, [probe, entry], { timeoutMs: 30_000 });
  if (result.code !== 0) return [`importing it failed: ${result.stderr.trim()}`];
  const { changed, resources } = JSON.parse(result.stdout);
  return [...changed, ...resources.map((resource) => `left a ${resource} open`)];
}

/**
 * Checks the main entry (ESM and CJS) for browser purity and that "sideEffects": false is true.
 * @param {{ root: string, pkg: Record<string, unknown> }} context
 * @returns {Promise<string>} a summary, with what a bundler that ignores the flag would keep
 * @throws CheckError listing every problem
 */
export async function checkMainEntryPurity({ root, pkg }) {
  const problems = [];
  // dist/ai.* (`@soat/sdk/ai`, issue 19) runs in browsers and on the edge too.
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/ai.js', 'dist/ai.cjs']) {
    const { problems: found } = await findImpurities(join(root, file), root);
    problems.push(...found.map((problem) => `${file}: ${problem}`));
    const effects = await importSideEffects(join(root, file));
    problems.push(...effects.map((effect) => `${file}: importing it ${effect}`));
  }
  if (pkg.sideEffects !== false) {
    problems.push(
      `package.json must say "sideEffects": false, found ${JSON.stringify(pkg.sideEffects)}`,
    );
  }
  const unused = await bundleOfUnusedImport(join(root, 'dist/index.js'), root, true);
  if (unused !== '') {
    problems.push(
      `an unused \`import '@soat/sdk'\` still leaves code in a bundle:\n${unused.slice(0, 500)}`,
    );
  }
  if (problems.length > 0)
    throw new CheckError('main entry purity', `\n  - ${problems.join('\n  - ')}`);
  // Not a failure: importing changes nothing (checked above), but a bundler that ignores the
  // flag cannot prove it for top-level calls and classes with computed keys.
  const kept = await bundleOfUnusedImport(join(root, 'dist/index.js'), root, false);
  return `no Node built-in, dynamic import() or require(); importing changes no global and leaves nothing open; an unused import bundles to 0 B (${kept.length} B minified if a bundler ignored "sideEffects")`;
}

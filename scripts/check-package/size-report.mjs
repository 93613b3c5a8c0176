// What takes the space in .size-limit.json's checks: bundles each import the way size-limit's
// esbuild preset does (browser, minified), prints minified and gzipped sizes and the bytes each
// input file contributes. Run it when `npm run size` fails: node scripts/check-package/size-report.mjs
// Optional argument: another built entry to measure instead of dist/index.js.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = resolve(process.argv[2] ?? join(root, 'dist', 'index.js'));
const checks = JSON.parse(await readFile(join(root, '.size-limit.json'), 'utf8'));

for (const check of checks) {
  const result = await build({
    stdin: {
      contents: `import ${check.import} from ${JSON.stringify(entry)}; console.log(${check.import.replace(/[{}]/g, '')});`,
      resolveDir: root,
    },
    nodePaths: [join(root, 'node_modules')],
    bundle: true,
    write: false,
    minify: true,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  console.log(
    `${check.name} (limit ${check.limit}): ${output.length} B minified, ${gzipSync(output).length} B gzipped`,
  );
  for (const [file, input] of Object.entries(inputs).sort(
    (a, b) => b[1].bytesInOutput - a[1].bytesInOutput,
  )) {
    console.log(`  ${String(input.bytesInOutput).padStart(6)} B  ${file}`);
  }
}

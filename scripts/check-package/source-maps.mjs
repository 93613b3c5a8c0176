// Source maps in the installed package (issue 14): every map's sources exist in the package,
// and a stack trace under `node --enable-source-maps` names the src/…ts line that threw.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CheckError, runOrFail } from './run.mjs';

/**
 * Checks the source maps of the @soat/sdk installed in `appDir`, where the stack-trace fixtures
 * were copied.
 * @throws CheckError naming a missing source, or a stack that does not lead to the throw in src/
 */
export async function checkSourceMaps(appDir) {
  const installed = join(appDir, 'node_modules', '@soat', 'sdk');
  const dist = join(installed, 'dist');
  const maps = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith('.map'));
  if (maps.length === 0) throw new CheckError('source maps', 'no .map file in dist/');
  for (const map of maps) {
    const { sources } = JSON.parse(await readFile(join(dist, map), 'utf8'));
    const missing = sources.filter((source) => !existsSync(join(dist, dirname(map), source)));
    if (missing.length > 0) {
      throw new CheckError(
        'source maps',
        `dist/${map} names sources not in the package: ${missing.join(', ')}`,
      );
    }
  }
  const frames = [];
  for (const fixture of ['stack-trace.mjs', 'stack-trace.cjs']) {
    const { stdout } = await runOrFail(
      'source maps',
      process.execPath,
      ['--enable-source-maps', fixture],
      {
        cwd: appDir,
      },
    );
    // The first frame inside the package is where the error was thrown.
    const frame = /node_modules\/@soat\/sdk\/(src\/[\w/.-]+\.ts):(\d+):\d+/.exec(stdout);
    if (!frame) {
      throw new CheckError('source maps', `${fixture}: no src/…ts frame in the stack:\n${stdout}`);
    }
    const [, file, line] = frame;
    const text =
      (await readFile(join(installed, file), 'utf8')).split('\n')[Number(line) - 1] ?? '';
    if (!/SoatError/.test(text)) {
      throw new CheckError(
        'source maps',
        `${fixture}: ${file}:${line} is not the throw: ${text.trim()}`,
      );
    }
    frames.push(`${file}:${line}`);
  }
  return `${maps.length} maps, sources shipped; stack traces name ${frames.join(' (ESM), ')} (CJS)`;
}

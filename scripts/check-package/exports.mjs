// The package's metadata as resolvers see it: publint (warnings and suggestions fail) and
// attw on the packed tarball, with no ignored rule and the default (strict) profile, so every
// subpath is checked under node10, node16 from CJS, node16 from ESM and bundler.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { CheckError, indent, run } from './run.mjs';

/**
 * @param {string} tarball - the packed .tgz
 * @returns {Promise<string>} a summary
 */
export async function checkPublint(tarball) {
  const bytes = await readFile(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  if (messages.length > 0) {
    const lines = messages.map(
      (message) =>
        `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`,
    );
    throw new CheckError('publint', `\n  - ${lines.join('\n  - ')}`);
  }
  return 'no error, warning or suggestion';
}

/**
 * @param {string} root - the repo (for node_modules/.bin/attw)
 * @param {string} tarball - the packed .tgz
 * @param {string} cwd - a folder without .attw.json, so no rule can be ignored by config
 * @returns {Promise<string>} a summary
 */
export async function checkAttw(root, tarball, cwd) {
  const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
  const options = { cwd, env: { NO_COLOR: '1', FORCE_COLOR: '0' }, timeoutMs: 120_000 };
  const result = await run(process.execPath, [attw, tarball, '--format', 'json'], options);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new CheckError(
      'attw',
      `exit ${result.code}, no JSON report:\n${result.stdout}${result.stderr}`,
    );
  }
  const problemKinds = Object.keys(report.problems ?? {});
  if (result.code !== 0 || report.analysis.types?.kind !== 'included' || problemKinds.length > 0) {
    // Run again for attw's own table, which says what each problem means.
    const table = await run(
      process.execPath,
      [attw, tarball, '--format', 'table-flipped'],
      options,
    );
    throw new CheckError(
      'attw',
      `problems: ${problemKinds.join(', ') || `types ${report.analysis.types?.kind}`}\n${indent(table.stdout)}`,
    );
  }
  const entrypoints = Object.values(report.analysis.entrypoints);
  const kinds = Object.keys(entrypoints[0]?.resolutions ?? {});
  return `no problem in ${entrypoints.map((entry) => entry.subpath).join(', ')} under ${kinds.join(', ')}`;
}

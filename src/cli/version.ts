import { readFile } from 'node:fs/promises';

/**
 * The `version` of a package.json, read at run time so the built CLI always reports the
 * installed package's version.
 * @param packageJsonUrl - where package.json is, e.g. `new URL('../package.json', import.meta.url)`
 */
export async function readVersion(packageJsonUrl: URL): Promise<string> {
  const { version } = JSON.parse(await readFile(packageJsonUrl, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${packageJsonUrl.href} has no "version"`);
  return version;
}

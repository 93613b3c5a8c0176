// tsx loads the built mock from .cts (CommonJS) and .mts (ESM) files, and it validates a
// request there (issue 13: tsx crashed loading ajv from a .cts file). Needs `npm run build`.
// @soat/sdk/mock from a .cts runs under Node 22: on Node 20, tsx cannot require msw itself
// from a .cts (`require('msw/node')` alone fails: "request for '@mswjs/interceptors/ClientRequest'
// is not in cache", Node 20's require(esm)), whatever @soat/sdk does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** Node 22 through npx, as scripts/check-package/runtimes.mjs gets it. */
const NODE_22 = ['npx', '--yes', '--prefer-offline', 'node@22'];

function runWithTsx(
  file: string,
  entry: string,
  node: readonly string[] = [process.execPath],
): { status: number | null; output: string } {
  const [command = process.execPath, ...args] = node;
  const result = spawnSync(command, [...args, '--import', 'tsx', path(file)], {
    cwd: path(''),
    env: { ...process.env, SOAT_MOCK_ENTRY: entry },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

const INVALID = '400 {"error":"body.ai_provider_id is required"}';

describe('tsx and the built mock', () => {
  it('loads dist/mock-server.cjs from a .cts file and validates a request', () => {
    const entry = path('dist/mock-server.cjs');
    const result = runWithTsx('test/http/fixtures/load-mock-server.cts', entry);
    expect(result).toEqual({ status: 0, output: INVALID });
  });

  it('loads dist/mock/index.cjs from a .cts file under Node 22 and validates a request', () => {
    const entry = path('dist/mock/index.cjs');
    const result = runWithTsx('test/http/fixtures/load-mock.cts', entry, NODE_22);
    expect(result).toEqual({ status: 0, output: INVALID });
  }, 130_000);

  it('loads dist/mock/index.js from an .mts file and validates a request', () => {
    const entry = pathToFileURL(path('dist/mock/index.js')).href;
    const result = runWithTsx('test/http/fixtures/load-mock.mts', entry);
    expect(result).toEqual({ status: 0, output: INVALID });
  });
});

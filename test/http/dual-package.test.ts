// Issue 11, defect 7: an app often loads both builds of @soat/sdk (one dependency `require`s it,
// another `import`s it). Each copy has its own classes; `instanceof` must still see through.
// The two copies are built here from src/index.ts with esbuild, as tsup builds dist/index.cjs
// and dist/index.js, then loaded into this one process.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Sdk = typeof import('../../src/index.js');

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
/** Exported classes exempt from the brand; none since every branch merged. */
const BRANDED_ELSEWHERE = new Set<string>([]);

let folder: string;
let cjs: Sdk;
let esm: Sdk;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'soat-dual-'));
  const shared = {
    entryPoints: [entry],
    bundle: true,
    target: 'es2022',
    logLevel: 'silent' as const,
  };
  await build({ ...shared, format: 'cjs', platform: 'node', outfile: join(folder, 'index.cjs') });
  await build({
    ...shared,
    format: 'esm',
    platform: 'neutral',
    outfile: join(folder, 'index.mjs'),
  });
  cjs = createRequire(import.meta.url)(join(folder, 'index.cjs')) as Sdk;
  esm = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as Sdk;
});

afterAll(() => rm(folder, { recursive: true, force: true }));

const errorClasses = [
  'SoatError',
  'SoatConnectionError',
  'SoatTimeoutError',
  'SoatStreamError',
] as const;

function exportedClasses(sdk: Sdk): string[] {
  return Object.entries(sdk)
    .filter(([, value]) => typeof value === 'function' && /^class\b/.test(String(value)))
    .map(([name]) => name);
}

describe('the CJS and ESM builds loaded in one process', () => {
  it('are two copies whose classes differ, so plain instanceof could not work', () => {
    expect(cjs.SoatError).not.toBe(esm.SoatError);
  });

  it.each(errorClasses)(
    'an error thrown as the CJS %s is instanceof the ESM one, and back',
    (name) => {
      const fromCjs = new cjs[name]('x', { partialText: '' });
      const fromEsm = new esm[name]('x', { partialText: '' });
      expect(fromCjs).toBeInstanceOf(esm[name]);
      expect(fromEsm).toBeInstanceOf(cjs[name]);
      expect(fromCjs).toBeInstanceOf(esm.SoatError);
      expect(fromCjs).toBeInstanceOf(Error);
    },
  );

  it('does not take one error class for another', () => {
    const timeout = new cjs.SoatTimeoutError('x');
    expect(timeout).not.toBeInstanceOf(esm.SoatConnectionError);
    expect(timeout).not.toBeInstanceOf(esm.SoatStreamError);
    expect(new cjs.SoatError('x')).not.toBeInstanceOf(esm.SoatTimeoutError);
    expect(new Error('x')).not.toBeInstanceOf(esm.SoatError);
    expect(null).not.toBeInstanceOf(esm.SoatError);
  });

  it('recognises the error a CJS client throws with the ESM SoatError', () => {
    const thrown = (() => {
      try {
        return new cjs.SoatClient({ baseUrl: 'not a url', token: 'sk_x' });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(esm.SoatError);
  });

  it('recognises a client built by the CJS copy as the ESM SoatClient', () => {
    const client = new cjs.SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_x' });
    expect(client).toBeInstanceOf(esm.SoatClient);
    expect(client).not.toBeInstanceOf(esm.SoatError);
  });

  it('recognises a stream parsed by the CJS copy as the ESM ChatCompletionStream', () => {
    const stream = cjs.parseChatCompletionStream(new Response('data: [DONE]\n\n'));
    expect(stream).toBeInstanceOf(esm.ChatCompletionStream);
    expect(stream).not.toBeInstanceOf(esm.Conversation);
  });

  it('recognises a conversation built by the CJS copy as the ESM Conversation', () => {
    const client = new cjs.SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_x' });
    const conversation = new cjs.Conversation(client.chats, { chat_id: 'cht_1' });
    expect(conversation).toBeInstanceOf(esm.Conversation);
    expect(conversation).not.toBeInstanceOf(esm.ChatCompletionStream);
  });

  it('keeps the ordinary check for an app’s own subclass of SoatError', () => {
    class AppError extends esm.SoatError {}
    expect(new AppError('x')).toBeInstanceOf(AppError);
    expect(new AppError('x')).toBeInstanceOf(cjs.SoatError);
    expect(new esm.SoatError('x')).not.toBeInstanceOf(AppError);
  });

  it('brands every exported class', () => {
    const classes = exportedClasses(esm).filter((name) => !BRANDED_ELSEWHERE.has(name));
    expect(classes).toEqual(expect.arrayContaining([...errorClasses, 'SoatClient']));
    const unbranded = classes.filter(
      (name) => !Object.hasOwn(esm[name as keyof Sdk] as object, 'soatBrand'),
    );
    expect(unbranded).toEqual([]);
  });
});

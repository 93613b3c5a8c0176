// Issue 11, defect 14: an sk_ API key is refused in every browser scope, Web Workers included,
// checked in a real Chromium: a dedicated worker, a module worker and a page.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/** Tries an sk_ key, then the same with dangerouslyAllowBrowser; reports both outcomes. */
const PROBE = `
import { SoatClient } from '@soat/sdk';
const attempt = (dangerouslyAllowBrowser) => {
  try {
    new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_probe', dangerouslyAllowBrowser });
    return 'accepted';
  } catch (error) {
    return error.name + ': ' + error.message;
  }
};
const report = [attempt(false), attempt(true)];
if (typeof window === 'undefined') postMessage(report); else window.report = report;
`;

let browser: Browser;
let site: TestServer;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: PROBE, resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
    tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  site = await startTestServer((res, request) => {
    if (request.url === '/probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>probe</title>');
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const refused = /^SoatError: SoatClient: an sk_ API key in a browser is readable by anyone/;

describe('an sk_ API key in Chromium', () => {
  it.each(['classic', 'module'] as const)(
    'is refused in a %s dedicated Web Worker, and accepted there with dangerouslyAllowBrowser',
    async (type) => {
      const page = await browser.newPage();
      await page.goto(site.baseUrl);
      // The probe bundle is an ES module without imports left, so a classic worker runs it too.
      const report = await page.evaluate(
        (type) =>
          new Promise<string[]>((resolve, reject) => {
            const worker = new Worker('/probe.js', { type });
            worker.onmessage = (event) => resolve(event.data as string[]);
            worker.onerror = (event) => reject(new Error(event.message));
          }),
        type,
      );
      await page.close();
      expect(report[0]).toMatch(refused);
      expect(report[1]).toBe('accepted');
    },
  );

  it('is refused in a page', async () => {
    const page = await browser.newPage();
    await page.goto(site.baseUrl);
    await page.addScriptTag({ url: '/probe.js', type: 'module' });
    const report = await page.waitForFunction(() => (window as { report?: string[] }).report);
    const [first] = (await report.jsonValue()) as string[];
    await page.close();
    expect(first).toMatch(refused);
  });
});

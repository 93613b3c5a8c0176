import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SoatMockServer, startSoatMockServer } from '../../src/mock-server.js';
import { API_KEY, SESSION_TOKEN } from '../browser/tokens.js';
import { launchChromium, NO_CHROMIUM } from '../helpers/chromium.js';

// A real browser (issue 7): test/browser/page.ts, bundled by esbuild for `platform: 'browser'`
// from the SDK's source, is served from one 127.0.0.1 port and talks to the node:http mock
// server on another, so every call is a cross-origin fetch with a CORS preflight.

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

let mock: SoatMockServer;
let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;
let pageErrors: string[];

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [root('test/browser/page.ts')],
    tsconfig: root('tsconfig.json'), // its paths map @soat/sdk to src/index.ts
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (!inputs.includes('src/index.ts')) {
    throw new Error(`the page bundle did not use src/index.ts: ${inputs.join(', ')}`);
  }
  return result.outputFiles[0]?.text ?? '';
}

async function serveSite(): Promise<void> {
  const [html, script] = await Promise.all([
    readFile(root('test/browser/index.html'), 'utf8'),
    bundlePage(),
  ]);
  site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}

async function openPage(): Promise<void> {
  page = await browser.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(`${siteUrl}/?api=${encodeURIComponent(mock.url)}`);
  await page.waitForSelector('body[data-status="ready"]');
}

/** Types a question, clicks Ask and waits until the page says it is done (or failed). */
async function ask(question: string): Promise<void> {
  await page.fill('#question', question);
  await page.click('button[type="submit"]');
  await page.waitForSelector('body[data-status="done"], body[data-status="error"]', {
    timeout: 15_000,
  });
  const error = await page.textContent('#error');
  expect(error, `the page failed; console: ${pageErrors.join(' | ')}`).toBe('');
}

describe.skipIf(NO_CHROMIUM !== undefined)('the SDK in headless Chromium', () => {
  beforeAll(async () => {
    [mock, browser] = await Promise.all([startSoatMockServer(), launchChromium(), serveSite()]);
  }, 60_000);
  afterEach(async () => {
    await page?.close();
    mock.reset();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await mock?.close();
  });

  it('streams the answer into the page one text delta at a time', async () => {
    await openPage();
    await ask('Hello from Chromium');

    expect(await page.textContent('#answer')).toBe('You said: Hello from Chromium');
    // "You", " said:", " Hello", " from", " Chromium": each appended as it arrived.
    expect(await page.textContent('#deltas')).toBe('5');
    expect(await page.textContent('#chat')).toMatch(/^chat_/);
    expect(pageErrors).toEqual([]);
    // To look at the page: SOAT_BROWSER_SCREENSHOT=/tmp/page.png npx vitest run test/http/browser.test.ts
    const screenshot = process.env.SOAT_BROWSER_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  });

  it('shows part of the answer before the stream ends', async () => {
    mock.reply({ pieces: ['First', ' second', ' third'], pauseMs: 400 });
    await openPage();
    await page.click('button[type="submit"]');

    await page.waitForFunction(() => document.getElementById('answer')?.textContent === 'First');
    expect(await page.getAttribute('body', 'data-status')).toBe('running');
    await page.waitForSelector('body[data-status="done"]');
    expect(await page.textContent('#answer')).toBe('First second third');
  });

  it('refuses an sk_ API key without dangerouslyAllowBrowser, naming the browser', async () => {
    await openPage();
    await ask('Hi');

    const refused = await page.textContent('#sk-refused');
    expect(refused).toMatch(/^SoatError: /);
    expect(refused).toContain('browser');
    expect(refused).toContain('dangerouslyAllowBrowser');
    expect(refused).not.toContain(API_KEY);
  });

  it('accepts an sk_ API key with dangerouslyAllowBrowser: true', async () => {
    await openPage();
    await ask('Hi');

    expect(await page.textContent('#sk-allowed')).toBe('listChats 200');
    const keyed = mock.state.requests.filter(
      (request) => request.headers.authorization === `Bearer ${API_KEY}`,
    );
    expect(keyed.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/chats',
    ]);
  });

  it('sends a JWT session token as the bearer token of every call', async () => {
    await openPage();
    await ask('Hi');

    expect(await page.textContent('#jwt')).toBe('listChats 200');
    const withSession = mock.state.requests.filter(
      (request) => request.headers.authorization === `Bearer ${SESSION_TOKEN}`,
    );
    expect(withSession.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/chats',
      'POST /api/v1/chats',
      expect.stringMatching(/^POST \/api\/v1\/chats\/chat_\w+\/completions$/),
    ]);
  });
});

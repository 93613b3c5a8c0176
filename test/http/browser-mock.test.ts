// `@soat/sdk/mock` in a real browser (issue 13): examples/browser-mock/ bundles the mock for
// platform "browser" and mocks SOAT with msw's setupWorker; Debian's Chromium opens the page
// served by examples/browser-mock/serve.ts (run as a user runs it) and the completion streams
// from the service worker into the DOM. No SOAT server runs anywhere.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowserMockSite } from '../../examples/browser-mock/site.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let server: ChildProcess | undefined;
let url: string;
let browser: Browser;

/** Starts examples/browser-mock/serve.ts and resolves with the URL it prints. */
function serveExample(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/browser-mock/serve.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
  });
  server = child;
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve.ts exited with ${code}: ${output}`)));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const found = /Browser mock example: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (found) resolve(found);
    });
  });
}

/** Opens the page and waits until msw's worker is running. */
async function openPage(): Promise<{ page: Page; pageErrors: string[]; fromWorker: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  const fromWorker: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (response.fromServiceWorker()) fromWorker.push(new URL(response.url()).pathname);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-status="ready"]', { timeout: 30_000 });
  return { page, pageErrors, fromWorker };
}

async function sendAndWait(page: Page): Promise<void> {
  await page.click('#send');
  await page.waitForFunction(
    () => document.getElementById('status')?.textContent !== 'Streaming…',
    null,
    { timeout: 30_000 },
  );
}

describe('the browser-mock example', () => {
  beforeAll(async () => {
    [url, browser] = await Promise.all([serveExample(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('bundles @soat/sdk/mock from the source for a browser, with msw/browser', async () => {
    const { inputs } = await buildBrowserMockSite();
    const files = Object.keys(inputs);
    expect(files).toContain('src/mock/index.ts');
    expect(files).toContain('src/mock/router.ts');
    expect(files.some((file) => file.includes('node_modules/msw/lib/browser/'))).toBe(true);
    expect(files.filter((file) => /src\/mock\/(server|node-adapter)\.ts/.test(file))).toEqual([]);
  });

  it('streams a completion from the mock in the service worker into the DOM', async () => {
    const { page, pageErrors, fromWorker } = await openPage();
    try {
      // Record the answer's text after every DOM change.
      await page.evaluate(() => {
        const answer = document.getElementById('answer') as HTMLElement;
        const updates: string[] = [];
        (globalThis as unknown as { updates: string[] }).updates = updates;
        new MutationObserver(() => updates.push(answer.textContent ?? '')).observe(answer, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await sendAndWait(page);

      expect(pageErrors).toEqual([]);
      expect(await page.textContent('#status')).toBe('Done.');
      const final = 'You said: Hello from a mocked browser!';
      expect(await page.textContent('#answer')).toBe(final);
      const updates = await page.evaluate(
        () => (globalThis as unknown as { updates: string[] }).updates,
      );
      const partial = updates.filter((text) => text !== '' && text !== final);
      expect(partial.length).toBeGreaterThanOrEqual(2);
      for (const text of partial) expect(final.startsWith(text)).toBe(true);
      expect(fromWorker).toContain('/soat/api/v1/chats/completions');
    } finally {
      await page.close();
    }
  });

  it('shows the error of a scripted 503 that outlasts the retries', async () => {
    const { page, pageErrors } = await openPage();
    try {
      await page.check('#outage');
      await sendAndWait(page);

      expect(pageErrors).toEqual([]);
      expect(await page.textContent('#status')).toBe(
        'Failed: the server answered {"error":"Service Unavailable"}',
      );
      expect(await page.textContent('#answer')).toBe('');
    } finally {
      await page.close();
    }
  });
});

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type SoatMockServer, startSoatMockServer } from '../../src/mock-server.js';
import { CHROMIUM_PATH, NO_CHROMIUM } from '../helpers/chromium.js';
import { type ExampleServer, startExampleServer } from './helpers/example-server.js';

// Issue 19: examples/ai-sdk, a page built on the AI SDK's own useChat, in Chromium, against its
// route (toUIMessageStreamResponse) and a SOAT mock server.

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'sk_ai_sdk_example_key';

describe.skipIf(NO_CHROMIUM !== undefined)('examples/ai-sdk in Chromium', () => {
  let upstream: SoatMockServer;
  let example: ExampleServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    upstream = await startSoatMockServer({ token: KEY });
    example = await startExampleServer(
      'examples/ai-sdk/server.ts',
      /AI SDK example: (http:\/\/127\.0\.0\.1:\d+\/)/,
      {
        ...process.env,
        SOAT_BASE_URL: upstream.url,
        SOAT_TOKEN: KEY,
        SOAT_AI_PROVIDER_ID: 'aip_ui',
      },
      45_000,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(example.url);
    await page.waitForSelector('#send:enabled');
  });

  afterAll(async () => {
    await browser?.close();
    const code = await example?.stop();
    await upstream?.close();
    expect(code).toBe(0);
  });

  /** Sends `text` and waits until useChat is no longer busy; the last assistant message. */
  async function ask(text: string) {
    await page.fill('#prompt', text);
    await page.click('#send');
    await page.waitForFunction(
      () => /^(ready|error)$/.test(document.getElementById('status')?.textContent ?? ''),
      null,
      { timeout: 15_000 },
    );
    return page.evaluate(() => {
      const answers = document.querySelectorAll('#messages .assistant');
      const last = answers[answers.length - 1] as HTMLElement | undefined;
      return {
        status: document.getElementById('status')?.textContent ?? '',
        answer: last?.textContent ?? '',
        incomplete: last?.classList.contains('incomplete') ?? false,
        error: document.getElementById('error')?.textContent ?? null,
      };
    });
  }

  // The tests are one conversation, in order.

  test('the page streams the answer into the DOM, update by update', async () => {
    upstream.reply({ pieces: ['You', ' said:', ' Hello', ' from', ' useChat!'], pauseMs: 60 });
    await page.evaluate(() => {
      const updates: string[] = [];
      (globalThis as unknown as { updates: string[] }).updates = updates;
      new MutationObserver(() => {
        const answers = document.querySelectorAll('#messages .assistant');
        updates.push(answers[answers.length - 1]?.textContent ?? '');
      }).observe(document.getElementById('messages') as HTMLElement, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const final = 'You said: Hello from useChat!';
    expect(await ask('Hello from useChat!')).toEqual({
      status: 'ready',
      answer: final,
      incomplete: false,
      error: null,
    });
    const updates = await page.evaluate(
      () => (globalThis as unknown as { updates: string[] }).updates,
    );
    const partial = [...new Set(updates.filter((text) => text !== '' && text !== final))];
    expect(partial.length).toBeGreaterThanOrEqual(2);
    for (const text of partial) expect(final.startsWith(text)).toBe(true);
    expect(upstream.state.completions[0]?.aiProviderId).toBe('aip_ui');
    expect(await page.content()).not.toContain(KEY);
    expect(pageErrors).toEqual([]);
  });

  test('a failure mid-answer shows as an error, the partial text kept', async () => {
    upstream.reply({ pieces: ['Half', ' an', ' answer'], failAfter: 2, error: 'model overloaded' });
    const { status, answer, incomplete, error } = await ask('Fail please');
    expect({ status, answer, incomplete }).toEqual({
      status: 'error',
      answer: 'Half an',
      incomplete: true,
    });
    expect(error).toContain('model overloaded');
    expect(error).not.toContain(KEY);
    expect(error).not.toContain('/api/v1');
    expect(upstream.state.completions[1]?.outcome).toBe('failed');
  });

  test('the next turn streams again after the failure', async () => {
    upstream.reply({ text: 'Back again.' });
    expect(await ask('Again?')).toMatchObject({ status: 'ready', answer: 'Back again.' });
  });

  test('stop() mid-answer closes the upstream completion, the text so far kept', async () => {
    upstream.reply({ pieces: ['One', ' two', ' three'], pauseMs: 10_000 });
    await page.fill('#prompt', 'Count slowly');
    await page.click('#send');
    await page.waitForFunction(() => {
      const answers = document.querySelectorAll('#messages .assistant');
      return answers[answers.length - 1]?.textContent === 'One';
    });
    await page.click('#stop');
    const last = upstream.state.completions.length - 1;
    await vi.waitFor(() => expect(upstream.state.completions[last]?.outcome).toBe('cancelled'), {
      timeout: 10_000,
    });
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const answer = await page.evaluate(() => {
      const answers = document.querySelectorAll('#messages .assistant');
      return answers[answers.length - 1]?.textContent;
    });
    expect(answer).toBe('One');
    expect(pageErrors).toEqual([]);
  });
});

describe('examples/ai-sdk/stream-text.ts', () => {
  test('prints the answer streamed through streamText, and the finish reason', () => {
    // No SOAT_BASE_URL: the example starts the embedded mock server itself.
    const env = { ...process.env, SOAT_BASE_URL: '', SOAT_TOKEN: '' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/ai-sdk/stream-text.ts'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('You said: Stream this answer to me word by word, please.\n(stop)\n');
  });
});

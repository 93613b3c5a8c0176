// Issue 5: every example runs end to end as its own process, as a user runs it after `npm ci`:
// with no SOAT_* settings it starts the embedded mock server and prints the mock's exact answers.
// The browser example streams into a real (Debian) Chromium page.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, test, vi } from 'vitest';
import { startSoatMockServer } from '../../src/mock-server.js';
import { CHROMIUM_PATH, NO_CHROMIUM } from '../helpers/chromium.js';
import { startExampleServer } from './helpers/example-server.js';

// Each example is a fresh Node process that compiles TypeScript: seconds, not milliseconds.
vi.setConfig({ testTimeout: 30_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MOCK_NOTICE =
  /^\(SOAT_BASE_URL is not set: using the embedded mock server at http:\/\/127\.0\.0\.1:\d+\)\n$/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Each piece of stdout as it arrived, with the ms since the process started. */
  chunks: { at: number; text: string }[];
}

/** The environment of a fresh clone: no SOAT_* settings, so the examples use the mock. */
function freshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, NO_COLOR: '1' };
  for (const name of ['SOAT_BASE_URL', 'SOAT_TOKEN', 'SOAT_AI_PROVIDER_ID']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/**
 * Runs a command in the repository and collects its output. It gets its own process group, so
 * that a hung run can be killed whole (npm, its shell and tsx) after `timeoutMs`.
 */
function run(command: string, args: string[], env = freshEnv(), timeoutMs = 20_000): Promise<Run> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: ROOT, env, detached: true });
  const result: Run = { code: null, stdout: '', stderr: '', chunks: [] };
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    result.stdout += text;
    result.chunks.push({ at: Date.now() - started, text });
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    result.stderr += text;
  });
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      result.code = code;
      resolve(result);
    });
  });
}

const runExample = (file: string, env?: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', `examples/${file}`], env);

/** When the output first contained `text`: ms since the process started. */
function arrivalOf(chunks: Run['chunks'], text: string): number {
  let output = '';
  for (const chunk of chunks) {
    output += chunk.text;
    if (output.includes(text)) return chunk.at;
  }
  throw new Error(`the output never contained ${JSON.stringify(text)}`);
}

/** Output with the parts that change between runs (ports, ids) replaced by placeholders. */
const stable = (text: string) =>
  text
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, '<url>')
    .replace(/\bchat_[0-9A-Za-z]{16}\b/g, '<chat id>');

describe.concurrent('the Node examples, run with no SOAT_* settings', () => {
  test('quickstart.ts creates a chat and prints the stateless and per-chat answers', async ({
    expect,
  }) => {
    const { code, stdout, stderr } = await runExample('quickstart.ts');
    expect(stderr).toMatch(MOCK_NOTICE);
    expect(stable(stdout)).toBe(
      [
        'Created chat <chat id> (Quickstart)',
        'Stateless answer: You said: Hello!',
        'Per-chat answer: You said: What is SOAT?',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  test('stream.ts on its own prints the answer visibly word by word, then a newline', async ({
    expect,
  }) => {
    const { code, stdout, stderr, chunks } = await runExample('stream.ts');
    expect(stderr).toMatch(MOCK_NOTICE);
    expect(stdout).toBe('You said: Stream this answer to me word by word, please.\n');
    // 11 words, 80 ms apart: the answer reaches the terminal over most of a second, not at once.
    expect(arrivalOf(chunks, ' please.') - arrivalOf(chunks, 'You')).toBeGreaterThanOrEqual(500);
    expect(code).toBe(0);
  });

  test('abort.ts stops one stream with stream.abort() and one with an AbortSignal', async ({
    expect,
  }) => {
    const { code, stdout, stderr } = await runExample('abort.ts');
    expect(stderr).toMatch(MOCK_NOTICE);
    expect(stdout).toBe(
      [
        'stream.abort(): the loop ended after "You said: Count with me: one two"',
        'controller.abort(): the loop threw "Error: Stopped by the user" after "You said: Count with me: one two three"',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  test('conversation.ts sends turn 1 with turn 2 and keeps both turns', async ({ expect }) => {
    const { code, stdout, stderr } = await runExample('conversation.ts');
    expect(stderr).toMatch(MOCK_NOTICE);
    expect(stdout).toBe(
      [
        'Turn 1: You said: My name is Ada.',
        'Turn 2, sent after the 2 messages of turn 1: You said: What is my name?',
        'History: 4 messages (user, assistant, user, assistant)',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  test('errors.ts shows both error shapes as `error` and a thrown SoatConnectionError', async ({
    expect,
  }) => {
    const { code, stdout, stderr } = await runExample('errors.ts');
    expect(stderr).toMatch(MOCK_NOTICE);
    expect(stdout).toBe(
      [
        'getChat: 404 RESOURCE_NOT_FOUND: Chat not found',
        'createChatCompletion: 400 "body.messages must NOT have fewer than 1 items"',
        'SoatConnectionError: GET /api/v1/chats: could not reach the server (ECONNREFUSED), after 1 attempt(s)',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  test('`npm start` runs the quickstart and streams an answer visibly, then exits 0', async ({
    expect,
  }) => {
    const { code, stdout, stderr, chunks } = await run('npm', ['start', '--silent']);
    expect(stderr).toBe('');
    expect(stable(stdout)).toBe(
      [
        '@soat/sdk demo, against a mock SOAT server at <url>',
        '',
        '── examples/quickstart.ts ──',
        'Created chat <chat id> (Quickstart)',
        'Stateless answer: You said: Hello!',
        'Per-chat answer: You said: What is SOAT?',
        '',
        '── examples/stream.ts: the answer streams in word by word ──',
        'You said: Stream this answer to me word by word, please.',
        '',
        'Run one yourself: npx tsx examples/abort.ts (or errors.ts, or browser/serve.ts).',
        'Against a real server, set SOAT_BASE_URL, SOAT_TOKEN and SOAT_AI_PROVIDER_ID.',
        '',
      ].join('\n'),
    );
    // 11 words, 80 ms apart: the answer reaches the terminal over most of a second, not at once.
    const started = arrivalOf(chunks, 'word by word ──\nYou');
    expect(arrivalOf(chunks, ' please.') - started).toBeGreaterThanOrEqual(500);
    expect(code).toBe(0);
  });
});

test('with SOAT_BASE_URL and SOAT_TOKEN set, an example uses that server and starts no mock', async () => {
  const server = await startSoatMockServer({ token: 'sk_from_env' });
  try {
    const { code, stdout, stderr } = await runExample(
      'quickstart.ts',
      freshEnv({
        SOAT_BASE_URL: server.url,
        SOAT_TOKEN: 'sk_from_env',
        SOAT_AI_PROVIDER_ID: 'aip_env',
      }),
    );
    expect(stderr).toBe('');
    expect(stdout).toContain('Per-chat answer: You said: What is SOAT?');
    expect(code).toBe(0);
    expect(server.state.chats.map((chat) => [chat.name, chat.ai_provider_id])).toEqual([
      ['Quickstart', 'aip_env'],
    ]);
    expect(server.state.completions.map((completion) => completion.aiProviderId)).toEqual([
      'aip_env',
      'aip_env',
    ]);
  } finally {
    await server.close();
  }
});

/**
 * Debian's Chromium, as `launchChromium()` in test/helpers/chromium.ts launches it, minus its
 * `--user-data-dir` flag: playwright-core 1.65 refuses that flag in `launch()` ("Pass
 * userDataDir parameter to launchPersistentContext"), and `launch()` already gives every
 * browser a fresh temporary profile. Use `launchChromium()` again once the helper drops it.
 */
const launchDebianChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });

/** Starts `examples/browser/serve.ts` and resolves with the page's URL once it listens. */
async function serveBrowserExample() {
  // `printed()` holds `404 <method> <path>` for each missing file serve.ts was asked for.
  return startExampleServer(
    'examples/browser/serve.ts',
    /Browser example: (http:\/\/127\.0\.0\.1:\d+\/)/,
    freshEnv(),
    15_000,
  );
}

test.skipIf(NO_CHROMIUM !== undefined)(
  'the browser example streams the answer into the DOM, update by update',
  async () => {
    const served = await serveBrowserExample();
    const browser = await launchDebianChromium().catch(async (error: unknown) => {
      await served.stop();
      throw error;
    });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(served.url);
      await page.waitForSelector('#send:enabled');
      // Record the answer's text after every DOM change, with the time it happened.
      await page.evaluate(() => {
        const answer = document.getElementById('answer') as HTMLElement;
        const updates: { text: string; at: number }[] = [];
        (globalThis as unknown as { updates: typeof updates }).updates = updates;
        new MutationObserver(() =>
          updates.push({ text: answer.textContent ?? '', at: performance.now() }),
        ).observe(answer, { childList: true, characterData: true, subtree: true });
      });
      await page.click('#send');
      await page.waitForFunction(
        () => document.getElementById('status')?.textContent !== 'Streaming…',
        null,
        { timeout: 10_000 },
      );

      expect(pageErrors).toEqual([]);
      // Not even /favicon.ico, which Chromium asks for unless the page names an icon.
      expect(served.printed()).not.toMatch(/^404 /m);
      expect(await page.textContent('#status')).toBe('Done.');
      const final = 'You said: Hello from the browser!';
      expect(await page.textContent('#answer')).toBe(final);
      const updates = await page.evaluate(
        () => (globalThis as unknown as { updates: { text: string; at: number }[] }).updates,
      );
      const partial = updates.filter(({ text }) => text !== '' && text !== final);
      expect(partial.length).toBeGreaterThanOrEqual(2);
      for (const { text } of partial) expect(final.startsWith(text)).toBe(true);
      // The first words were on the page well before the last one arrived.
      const done = updates.find(({ text }) => text === final);
      expect((done?.at ?? 0) - (partial[0]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    } finally {
      await browser.close();
      expect(await served.stop()).toBe(0);
    }
  },
);

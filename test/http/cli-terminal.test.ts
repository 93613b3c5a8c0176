/**
 * Issue 20, item 12 (and "also seen": capped server text): everything the CLI prints from a
 * server reaches the terminal without a control character, the token it sent hidden, and a huge
 * error message cut. A hostile `node:http` server on 127.0.0.1 sends ESC and BEL sequences
 * (clear screen, set the window title, red text) in errors, streams, JSON bodies and debug logs;
 * the built CLI (dist/cli.js, `npm run build` first) runs as a real process.
 */
import { describe, expect } from 'vitest';
import { runCli } from './helpers/cli.js';
import { type Answer, eventStream, json, test } from './helpers/test-server.js';

const TOKEN = 'sk_live_secret123';
const HELLO = ['--messages', '[{"role":"user","content":"Hello!"}]'];

/** Clear the screen, set the window title, ring the bell: what a hostile server would send. */
const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007gone';
/** The same, as the CLI must print it: every control written visibly. */
const HOSTILE_SHOWN = '\\u001b[2J\\u001b]0;pwned\\u0007gone';

function args(baseUrl: string, ...command: string[]): string[] {
  return [...command, '--base-url', baseUrl, '--token', TOKEN, '--max-retries', '0'];
}

/** Any C0 control but newline, DEL, or a C1 control. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding controls is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe.concurrent('control characters from the server are never printed raw', () => {
  test('an error body: every control on stderr is written visibly', async ({ serve }) => {
    const server = await serve(json(400, { error: { code: 'BAD', message: HOSTILE } }));
    const result = await runCli(args(server.baseUrl, 'get-chat', '--chat-id', 'chat_1'));
    expect(result).toEqual({ code: 1, stdout: '', stderr: `400 BAD: ${HOSTILE_SHOWN}\n` });
  });

  test('an error string with a newline and a carriage return stays one line', async ({ serve }) => {
    const server = await serve(json(401, { error: 'Unauthorized\r\u001b[1Aok\nagain' }));
    const result = await runCli(args(server.baseUrl, 'list-chats'));
    // One line: the newline is a space or `\n`, whichever the quoting makes of it.
    expect(result.stderr).toMatch(/^401 Unauthorized\\u000d\\u001b\[1Aok( |\\n)again\n$/);
  });

  test('streamed answer text: escape sequences are neutralised, newlines and tabs kept', async ({
    serve,
  }) => {
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;
    const server = await serve(
      eventStream(`${chunk('Hi \u001b[31mred\u0007')}${chunk('\n\tok\u009b2J')}data: [DONE]\n\n`),
    );
    const result = await runCli([
      ...args(server.baseUrl, 'create-chat-completion', '--ai-provider-id', 'aip_1'),
      ...HELLO,
      '--stream',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: 'Hi \\u001b[31mred\\u0007\n\tok\\u009b2J\n',
      stderr: '',
    });
  });

  test('an error event mid-stream: the text so far, then the error, both escaped', async ({
    serve,
  }) => {
    const server = await serve(
      eventStream(
        `data: ${JSON.stringify({ choices: [{ delta: { content: 'so\u001b[2Jfar' } }] })}\n\n` +
          `data: ${JSON.stringify({ error: HOSTILE })}\n\n`,
      ),
    );
    const result = await runCli([
      ...args(server.baseUrl, 'create-chat-completion', '--ai-provider-id', 'aip_1'),
      ...HELLO,
      '--stream',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('so\\u001b[2Jfar\n');
    expect(result.stderr).toContain(HOSTILE_SHOWN);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });

  test('an error sent as the first event of a stream is escaped', async ({ serve }) => {
    const server = await serve(eventStream(`data: ${JSON.stringify({ error: HOSTILE })}\n\n`));
    const result = await runCli([
      ...args(server.baseUrl, 'create-chat-completion', '--ai-provider-id', 'aip_1'),
      ...HELLO,
      '--stream',
    ]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `200, error event: ${HOSTILE_SHOWN}\n`,
    });
  });

  test('JSON output escapes DEL and C1 controls too, and still parses to the same value', async ({
    serve,
  }) => {
    const chat = { id: 'chat_1', name: `a\u009b2Jb\u007f${HOSTILE}` };
    const server = await serve(json(200, chat));
    const result = await runCli(args(server.baseUrl, 'get-chat', '--chat-id', 'chat_1'));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('a\\u009b2Jb\\u007f\\u001b[2J');
    expect(JSON.parse(result.stdout)).toMatchObject(chat);
  });

  test('debug log lines quoting a raw body are escaped', async ({ serve }) => {
    const server = await serve((res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(HOSTILE);
    });
    const result = await runCli(args(server.baseUrl, 'list-chats'), {
      env: { SOAT_LOG: 'debug' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`body ${HOSTILE_SHOWN}\n`);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe.concurrent('server text quoted in an error line', () => {
  test('hides the token when the server echoes it back', async ({ serve }) => {
    const echo: Answer = (res, request) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `Invalid API key ${request.headers.authorization}` }));
    };
    const server = await serve(echo);
    const result = await runCli(args(server.baseUrl, 'list-chats'));
    expect(result).toEqual({ code: 1, stdout: '', stderr: '401 Invalid API key Bearer ***\n' });
  });

  test('is cut after 2000 characters, saying how long it was', async ({ serve }) => {
    const server = await serve(json(500, { error: 'x'.repeat(5_000_000) }));
    const result = await runCli(args(server.baseUrl, 'list-chats'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`500 ${'x'.repeat(2000)}… (5000000 characters)\n`);
  });
});

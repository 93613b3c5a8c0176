// Issue 4: the token stays secret. It must not appear when the client is printed, in any error
// the SDK throws or returns (message, stack, the whole cause chain), or in a logger line.

import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { SoatClient, SoatError } from '../../src/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import {
  closedPortUrl,
  eventStream,
  json,
  silence,
  stallingEventStream,
  test,
} from './helpers/test-server.js';

const SECRET = 'Zq7SECRETpart9xK';
const TOKEN = `sk_live_${SECRET}`;
const STREAM_BODY = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};

/** Every rendering of a value someone might log: text, JSON, inspect, and each error's cause. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }),
    String(
      JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? String(inner) : inner)),
    ),
    printed(value),
  ];
  const seen = new Set<unknown>();
  for (let error = value; error !== undefined && error !== null && !seen.has(error); ) {
    seen.add(error);
    if (error instanceof Error || error instanceof DOMException) {
      out.push(error.message, String(error.stack), String(error), JSON.stringify(error));
      out.push(inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
    }
    error = (error as { cause?: unknown }).cause;
  }
  return out;
}

/** What `console.log(value)` writes. */
function printed(value: unknown): string {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).log(value);
  return text;
}

function expectNoToken(value: unknown): void {
  for (const text of renderings(value)) {
    expect(text).not.toContain(SECRET);
  }
}

const lines: string[] = [];
beforeEach(() => {
  lines.length = 0;
});
afterEach(() => {
  // Every logger line of the test, too.
  for (const line of lines) expect(line).not.toContain(SECRET);
});

function client(baseUrl: string, options: { timeout?: number; streamIdleTimeout?: number } = {}) {
  return new SoatClient({
    baseUrl,
    token: TOKEN,
    logger: (line) => lines.push(line),
    // Every line the SDK can log, headers and bodies included (issue 14).
    logLevel: 'debug',
    maxRetries: 0,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${inspect(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('the leak check itself', () => {
  test('finds the token deep in a cause chain, in a non-enumerable field', () => {
    const inner = new Error('inner');
    Object.defineProperty(inner, 'hidden', { value: TOKEN, enumerable: false });
    const outer = new SoatError('outer', { cause: new Error('middle', { cause: inner }) });
    expect(renderings(outer).some((text) => text.includes(SECRET))).toBe(true);
  });
});

describe('the client', () => {
  test('util.inspect, JSON.stringify and console.log of the client never show the token', () => {
    const soat = client('https://api.example.com');
    expectNoToken(soat);
    expectNoToken(soat.chats);
  });

  test.for([
    ['a newline at the end', `${TOKEN}\n`],
    ['a carriage return inside', `sk_live_${SECRET}\r\nX-Injected: 1`],
    ['a space', `sk_live ${SECRET}`],
    ['a non-ASCII character', `sk_live_${SECRET}é`],
    ['a NUL', `sk_live_${SECRET}\u0000`],
  ])('a token with %s is refused at construction without echoing it', ([, token]) => {
    let thrown: unknown;
    try {
      new SoatClient({ baseUrl: 'https://api.example.com', token: token as string });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SoatError);
    expectNoToken(thrown);
  });
});

describe('errors and results', () => {
  test('a SoatConnectionError and its causes never show the token', async ({ expect }) => {
    const error = await failure(client(await closedPortUrl()).chats.listChats());
    expect((error as Error).name).toBe('SoatConnectionError');
    expect((error as Error).cause).toBeDefined();
    expectNoToken(error);
  });

  test('a SoatTimeoutError never shows the token', async ({ serve, expect }) => {
    const server = await serve(silence);
    const error = await failure(client(server.baseUrl, { timeout: 200 }).chats.listChats());
    expect((error as Error).name).toBe('SoatTimeoutError');
    expectNoToken(error);
  });

  test('a stream’s SoatTimeoutError never shows the token', async ({ serve, expect }) => {
    const server = await serve(
      stallingEventStream(encodeEventStream([delta('a')], { done: false })),
    );
    const soat = client(server.baseUrl, { streamIdleTimeout: 200 });
    const { data: stream } = await soat.chats.createChatCompletion({ body: STREAM_BODY });
    const error = await failure(stream?.text() ?? Promise.resolve());
    expect((error as Error).name).toBe('SoatTimeoutError');
    expectNoToken(error);
    expectNoToken(stream);
  });

  test('a SoatStreamError from an error event never shows the token', async ({ serve, expect }) => {
    const server = await serve(
      eventStream(encodeEventStream([delta('a')], { trailer: { error: 'terminated' } })),
    );
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    const error = await failure(stream?.text() ?? Promise.resolve());
    expect((error as Error).name).toBe('SoatStreamError');
    expectNoToken(error);
  });

  test('a SoatStreamError from a dropped connection and its causes never show the token', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeEventStream([delta('a')], { done: false }), () => {
        setTimeout(() => res.socket?.destroy(), 50);
      });
    });
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    const error = await failure(stream?.text() ?? Promise.resolve());
    expect((error as Error).name).toBe('SoatStreamError');
    expect((error as Error).cause).toBeDefined();
    expectNoToken(error);
  });

  test('a SoatError for a body that is not JSON never shows the token', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Log in to the Wi-Fi</html>');
    });
    const error = await failure(client(server.baseUrl).chats.listChats());
    expect(error).toBeInstanceOf(SoatError);
    expectNoToken(error);
  });

  test('an abort never shows the token', async ({ serve }) => {
    const server = await serve(silence);
    const controller = new AbortController();
    const call = client(server.baseUrl).chats.listChats({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expectNoToken(await failure(call));
  });

  test('an error status’s { error, response } never shows the token', async ({ serve, expect }) => {
    const server = await serve(json(401, { error: 'Unauthorized' }));
    expectNoToken(await client(server.baseUrl).chats.listChats());
    // The token did go out, where it belongs.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test('a successful result never shows the token', async ({ serve }) => {
    const server = await serve(json(200, []));
    expectNoToken(await client(server.baseUrl).chats.listChats());
  });

  test('a 2xx answer of the wrong shape that echoes a token of no known shape is quoted without it', async ({
    serve,
    expect,
  }) => {
    // Not `sk_…` nor a JWT: only the client's own scrubber knows it is a secret.
    const token = 'plain-session-token-8Hq2';
    const server = await serve(json(200, { oops: `echo ${token}` }));
    const soat = new SoatClient({ baseUrl: server.baseUrl, token, maxRetries: 0 });
    const error = await soat.chats.getChat({ path: { chat_id: 'chat_1' } }).catch((e) => e);
    expect(error).toBeInstanceOf(SoatError);
    expect(error.message).toContain('expected a chat, got');
    expect(error.message).toContain('echo ***');
    expect(error.message).not.toContain(token);
  });
});

describe('in a browser', () => {
  test('the refusal of an sk_ key never shows the token', () => {
    const g = globalThis as { window?: unknown };
    const versions = Object.getOwnPropertyDescriptor(process, 'versions') as PropertyDescriptor;
    g.window = { document: {} };
    Object.defineProperty(process, 'versions', {
      ...versions,
      value: { ...process.versions, node: undefined },
    });
    let thrown: unknown;
    try {
      new SoatClient({ baseUrl: 'https://api.example.com', token: TOKEN });
    } catch (error) {
      thrown = error;
    } finally {
      Object.defineProperty(process, 'versions', versions);
      delete g.window;
    }
    expect(thrown).toBeInstanceOf(SoatError);
    expect((thrown as Error).message).toContain('dangerouslyAllowBrowser');
    expectNoToken(thrown);
  });
});

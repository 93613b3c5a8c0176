// Issue 4: `timeout` (per attempt, until the headers of a stream or the whole body of any other
// call) and `streamIdleTimeout` (no bytes for that long), against a real node:http server.
import type { ServerResponse } from 'node:http';
import { describe } from 'vitest';
import { SoatClient, SoatTimeoutError } from '../../src/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { type Answer, json, silence, stallingEventStream, test } from './helpers/test-server.js';

const TOKEN = 'sk_test_timeouts';
const STREAM_BODY = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};

function client(baseUrl: string, lines: string[] = []) {
  return new SoatClient({ baseUrl, token: TOKEN, logger: (line) => lines.push(line) });
}

async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, ms: performance.now() - started };
}

/** Writes each piece of SSE text `every` ms apart, then ends the body. */
function tricklingEventStream(pieces: string[], every: number): Answer {
  return (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    const queue = [...pieces];
    const timer = setInterval(() => {
      const piece = queue.shift();
      if (piece === undefined) {
        clearInterval(timer);
        res.end();
      } else res.write(piece);
    }, every);
    res.on('close', () => clearInterval(timer));
  };
}

describe.concurrent('timeout', () => {
  test('a server that never answers ends in SoatTimeoutError near `timeout`', async ({
    serve,
    expect,
  }) => {
    const server = await serve(silence);
    const { error, ms } = await failureOf(
      client(server.baseUrl).chats.listChats({ timeout: 300, maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).message).toMatch(/^GET \/api\/v1\/chats: .*300 ms/);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  test('a timeout before the headers is retried like a dropped connection', async ({
    serve,
    expect,
  }) => {
    const server = await serve([silence, json(200, [])]);
    const lines: string[] = [];
    const { data } = await client(server.baseUrl, lines).chats.listChats({
      timeout: 300,
      maxRetries: 1,
    });
    expect(data).toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/api\/v1\/chats timeout \d+ms retry=0$/);
  });

  test('a timeout on every attempt ends in SoatTimeoutError after the retries', async ({
    serve,
    expect,
  }) => {
    const server = await serve(silence);
    const { error } = await failureOf(
      client(server.baseUrl).chats.listChats({ timeout: 200, maxRetries: 1 }),
    );
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).message).toContain('after 2 attempt(s)');
    expect((error as SoatTimeoutError).partialText).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  test('a call other than a stream must receive its whole body within `timeout`', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id":');
    });
    const { error } = await failureOf(
      client(server.baseUrl).chats.listChats({ timeout: 300, maxRetries: 0 }),
    );
    expect(error).toBeInstanceOf(SoatTimeoutError);
  });

  test('a body that runs out of time after the headers is not retried', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"id":');
    });
    const { error } = await failureOf(
      client(server.baseUrl).chats.createChat({
        body: { ai_provider_id: 'aip_1' },
        timeout: 300,
        maxRetries: 2,
      }),
    );
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).message).toContain('after 1 attempt(s)');
    expect(server.requests).toHaveLength(1);
  });

  test('the client-wide timeout applies when a call gives none', async ({ serve, expect }) => {
    const server = await serve(silence);
    const soat = new SoatClient({
      baseUrl: server.baseUrl,
      token: TOKEN,
      timeout: 300,
      maxRetries: 0,
    });
    const { error, ms } = await failureOf(soat.chats.listChats());
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect(ms).toBeLessThan(2000);
  });

  test.for([Number.POSITIVE_INFINITY, 2 ** 31])(
    'timeout: %s sets no limit',
    async (timeout, { serve, expect }) => {
      const server = await serve((res, request) =>
        setTimeout(() => json(200, [])(res, request), 100),
      );
      const { data } = await client(server.baseUrl).chats.listChats({ timeout, maxRetries: 0 });
      expect(data).toEqual([]);
    },
  );

  test('for a stream, `timeout` ends at the headers: a slow body still completes', async ({
    serve,
    expect,
  }) => {
    const pieces = encodeEventStream([delta('a'), delta('b'), delta('c')]).split(/(?<=\n\n)/);
    const server = await serve(tricklingEventStream(pieces, 150));
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      timeout: 200,
      streamIdleTimeout: 2000,
    });
    expect(await stream?.text()).toBe('abc');
    expect(server.requests).toHaveLength(1);
  });
});

describe.concurrent('streamIdleTimeout', () => {
  test('a stream that stalls ends in SoatTimeoutError near streamIdleTimeout, with partialText', async ({
    serve,
    expect,
  }) => {
    const server = await serve(
      stallingEventStream(encodeEventStream([delta('Hel'), delta('lo')], { done: false })),
    );
    const { data: stream, error } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      streamIdleTimeout: 300,
    });
    expect(error).toBeUndefined();
    const { error: failure, ms } = await failureOf(stream?.text() ?? Promise.resolve());
    expect(failure).toBeInstanceOf(SoatTimeoutError);
    expect((failure as SoatTimeoutError).partialText).toBe('Hello');
    expect((failure as SoatTimeoutError).message).toContain('300 ms');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2000);
    // Not retried: the body had started.
    expect(server.requests).toHaveLength(1);
  });

  test('a stream that sends its headers and then nothing fails with SoatTimeoutError', async ({
    serve,
    expect,
  }) => {
    const server = await serve(stallingEventStream(''));
    // The call waits for the first event, so the stall rejects the call itself.
    const { error } = await failureOf(
      client(server.baseUrl).chats.createChatCompletion({
        body: STREAM_BODY,
        streamIdleTimeout: 300,
      }),
    );
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).partialText).toBe('');
    expect(server.requests).toHaveLength(1);
  });

  test('keep-alive comments count as bytes: a stream that only sends comments is not idle', async ({
    serve,
    expect,
  }) => {
    const comments = Array.from({ length: 6 }, () => ': keep-alive\n\n');
    const pieces = [
      encodeEventStream([delta('x')], { done: false }),
      ...comments,
      encodeEventStream([delta('y')]),
    ];
    const server = await serve(tricklingEventStream(pieces, 100));
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      streamIdleTimeout: 300,
    });
    expect(await stream?.text()).toBe('xy');
  });

  test('the client-wide streamIdleTimeout applies when a call gives none', async ({
    serve,
    expect,
  }) => {
    const server = await serve(
      stallingEventStream(encodeEventStream([delta('part')], { done: false })),
    );
    const soat = new SoatClient({ baseUrl: server.baseUrl, token: TOKEN, streamIdleTimeout: 300 });
    const { data: stream } = await soat.chats.createChatCompletion({ body: STREAM_BODY });
    const { error } = await failureOf(stream?.text() ?? Promise.resolve());
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).partialText).toBe('part');
  });
});

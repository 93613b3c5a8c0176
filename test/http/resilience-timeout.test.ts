// Issue 4: `timeout` (per attempt, until the headers of a stream or the whole body of any other
// call) and `streamIdleTimeout` (no bytes for that long), against a real node:http server.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, vi } from 'vitest';
import { SoatClient, SoatTimeoutError } from '../../src/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { fakeTimeouts, track, turns, until } from '../helpers/fake-time.js';
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

async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error };
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
  test('a timeout before the headers is retried like a dropped connection', async ({
    serve,
    expect,
  }) => {
    const server = await serve([silence, json(200, [])]);
    const lines: string[] = [];
    // The second attempt must be answered within `timeout`, however busy the machine is.
    const { data } = await client(server.baseUrl, lines).chats.listChats({
      timeout: 2000,
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

  test('the client-wide timeout applies when a call gives none', async ({ serve, expect }) => {
    const server = await serve(silence);
    const soat = new SoatClient({
      baseUrl: server.baseUrl,
      token: TOKEN,
      timeout: 300,
      maxRetries: 0,
    });
    const { error } = await failureOf(soat.chats.listChats());
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).message).toContain('within 300 ms');
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
});

describe.concurrent('streamIdleTimeout', () => {
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
    // Gaps of 250 ms against a 1,000 ms limit (room for a busy machine), 3 s in all.
    const comments = Array.from({ length: 12 }, () => ': keep-alive\n\n');
    const pieces = [
      encodeEventStream([delta('x')], { done: false }),
      ...comments,
      encodeEventStream([delta('y')]),
    ];
    const server = await serve(tricklingEventStream(pieces, 250));
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      streamIdleTimeout: 1000,
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

// The clock moves only when the test says: these assert what happens at the limit and just
// before it, whatever the machine's load (issue 22). Fake timers are global: not concurrent.
describe('timeout and streamIdleTimeout on a clock the test moves', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('a server that never answers ends in SoatTimeoutError at `timeout`, not before', async ({
    serve,
    expect,
  }) => {
    const server = await serve(silence);
    fakeTimeouts();
    const call = track(client(server.baseUrl).chats.listChats({ timeout: 300, maxRetries: 0 }));
    await until(() => server.requests.length === 1);
    await vi.advanceTimersByTimeAsync(299);
    await turns();
    expect(call.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await failureOf(call.promise);
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).message).toMatch(
      /^GET \/api\/v1\/chats: no complete response within 300 ms \(timeout\), after 1 attempt\(s\)$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  test('a body that runs out of time after the headers is not retried', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"id":');
    });
    fakeTimeouts();
    let headersArrived = false;
    const soat = new SoatClient({
      baseUrl: server.baseUrl,
      token: TOKEN,
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        headersArrived = true;
        return response;
      },
    });
    const call = track(
      soat.chats.createChat({ body: { ai_provider_id: 'aip_1' }, timeout: 300, maxRetries: 2 }),
    );
    await until(() => headersArrived);
    await vi.advanceTimersByTimeAsync(300);
    const { error } = await failureOf(call.promise);
    expect(error).toBeInstanceOf(SoatTimeoutError);
    expect((error as SoatTimeoutError).message).toContain('after 1 attempt(s)');
    expect(server.requests).toHaveLength(1);
  });

  test('for a stream, `timeout` ends at the headers: a slow body still completes', async ({
    serve,
    expect,
  }) => {
    const [first, ...rest] = encodeEventStream([delta('a'), delta('b'), delta('c')]).split(
      /(?<=\n\n)/,
    );
    let open: ServerResponse | undefined;
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first);
      open = res;
    });
    fakeTimeouts();
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      timeout: 200,
      streamIdleTimeout: 2000,
    });
    // Well past `timeout`, well within `streamIdleTimeout`.
    await vi.advanceTimersByTimeAsync(1000);
    open?.end(rest.join(''));
    expect(await stream?.text()).toBe('abc');
    expect(server.requests).toHaveLength(1);
  });

  test('a stream that stalls ends in SoatTimeoutError at streamIdleTimeout, with partialText', async ({
    serve,
    expect,
  }) => {
    const server = await serve(
      stallingEventStream(encodeEventStream([delta('Hel'), delta('lo')], { done: false })),
    );
    fakeTimeouts();
    const { data: stream, error } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      streamIdleTimeout: 300,
    });
    expect(error).toBeUndefined();
    const text = track(stream?.text() ?? Promise.resolve(''));
    await turns();
    await vi.advanceTimersByTimeAsync(299);
    await turns();
    expect(text.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error: failure } = await failureOf(text.promise);
    expect(failure).toBeInstanceOf(SoatTimeoutError);
    expect((failure as SoatTimeoutError).partialText).toBe('Hello');
    expect((failure as SoatTimeoutError).message).toContain('no data for 300 ms');
    // Not retried: the body had started.
    expect(server.requests).toHaveLength(1);
  });
});

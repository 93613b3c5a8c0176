// Issue 4: streams against a real node:http server: closing the connection when the consumer
// stops, many streams at once, and which stream failures are (never) retried.
import { describe, vi } from 'vitest';
import { SoatClient, SoatError, SoatStreamError } from '../../src/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import {
  type Answer,
  eventStream,
  json,
  type ReceivedRequest,
  stallingEventStream,
  test,
} from './helpers/test-server.js';

const TOKEN = 'sk_test_streams';
const STREAM_BODY = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};
/** Sends one event, then holds the connection open. */
const OPEN_STREAM = stallingEventStream(encodeEventStream([delta('first')], { done: false }));

function client(baseUrl: string) {
  // No idle limit: only what a test does may close a connection, never the clock.
  return new SoatClient({ baseUrl, token: TOKEN, streamIdleTimeout: Number.POSITIVE_INFINITY });
}

/**
 * Resolves to true once the server sees the request's connection close. The server never ends
 * these bodies, so only the client can close it; a client that does not makes the test time
 * out (an event, not a number of milliseconds: issue 22).
 */
async function closes(request: ReceivedRequest | undefined): Promise<boolean> {
  if (!request) throw new Error('no request was received');
  await request.socketClosed;
  return true;
}

describe.concurrent('closing the connection', () => {
  test('stream.abort() closes the socket on the server', async ({ serve, expect }) => {
    const server = await serve(OPEN_STREAM);
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    stream?.abort();
    expect(await closes(server.requests[0])).toBe(true);
  });

  test('aborting the call’s signal mid-stream closes the socket and rejects the reader with the reason', async ({
    serve,
    expect,
  }) => {
    const server = await serve(OPEN_STREAM);
    const controller = new AbortController();
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      signal: controller.signal,
    });
    const reading = stream?.text().catch((error: unknown) => error);
    const reason = new Error('user navigated away');
    controller.abort(reason);
    expect(await closes(server.requests[0])).toBe(true);
    expect(await reading).toBe(reason);
  });

  test('leaving a for await with break closes the socket', async ({ serve, expect }) => {
    const server = await serve(OPEN_STREAM);
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    for await (const chunk of stream ?? []) {
      expect(chunk.choices[0]?.delta?.content).toBe('first');
      break;
    }
    expect(await closes(server.requests[0])).toBe(true);
  });

  test('aborting the signal after the headers, before the first event, rejects the call with the reason', async ({
    serve,
    expect,
  }) => {
    const server = await serve(stallingEventStream(''));
    const controller = new AbortController();
    const call = client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 30_000 });
    const reason = new Error('changed my mind');
    setTimeout(() => controller.abort(reason), 50);
    await expect(call).rejects.toBe(reason);
    expect(await closes(server.requests[0])).toBe(true);
  });

  test('aborting the signal before the headers arrive rejects with the default AbortError', async ({
    serve,
    expect,
  }) => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const call = client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 30_000 });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(await closes(server.requests[0])).toBe(true);
  });
});

describe.concurrent('stream failures', () => {
  test('a stream call answered 503 before its body is retried', async ({ serve, expect }) => {
    const server = await serve([
      json(503, { error: 'busy' }),
      eventStream(encodeEventStream([delta('ok')])),
    ]);
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    expect(await stream?.text()).toBe('ok');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });

  test('a 200 stream whose first event is an error comes back as { error } and is not retried', async ({
    serve,
    expect,
  }) => {
    const server = await serve(
      eventStream(encodeEventStream([], { trailer: { error: 'AI provider not found' } })),
    );
    const { data, error, response } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: 'AI provider not found' });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  test('an error event after some text rejects with SoatStreamError and is not retried', async ({
    serve,
    expect,
  }) => {
    const server = await serve(
      eventStream(
        encodeEventStream([delta('Hel'), delta('lo')], { trailer: { error: 'terminated' } }),
      ),
    );
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    const failure = await stream?.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as SoatStreamError).partialText).toBe('Hello');
    expect((failure as SoatStreamError).serverError).toBe('terminated');
    expect(server.requests).toHaveLength(1);
  });

  test('a connection dropped mid-body rejects with SoatStreamError and is not retried', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeEventStream([delta('cut')], { done: false }), () => {
        setTimeout(() => res.socket?.destroy(), 50);
      });
    });
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    const failure = await stream?.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as SoatStreamError).partialText).toBe('cut');
    expect(server.requests).toHaveLength(1);
  });

  test.for([null, undefined])(
    'a fetch whose response.body is %s for a stream gets a SoatError saying so',
    async (missing, { serve, expect }) => {
      const server = await serve(eventStream(encodeEventStream([delta('hidden')])));
      // Like React Native's default fetch: the answer arrives, but not as a ReadableStream.
      const bodiless = async (request: Request) => {
        const response = await fetch(request);
        const buffered = new Response(await response.text(), response);
        Object.defineProperty(buffered, 'body', { value: missing });
        return buffered;
      };
      const soat = new SoatClient({ baseUrl: server.baseUrl, token: TOKEN, fetch: bodiless });
      const failure = await soat.chats
        .createChatCompletion({ body: STREAM_BODY })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SoatError);
      expect((failure as SoatError).message).toMatch(/no readable body/);
      expect(server.requests).toHaveLength(1);
    },
  );

  test('an event stream sent without a content type is still read as one', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200);
      res.end(encodeEventStream([delta('no '), delta('type')]));
    });
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    expect(await stream?.text()).toBe('no type');
  });

  test('JSON under a text/plain type fails with a SoatError', async ({ serve, expect }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant' } }] }));
    });
    const failure = await client(server.baseUrl)
      .chats.createChatCompletion({ body: STREAM_BODY })
      .then(({ data }) => data?.text())
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toContain('choices');
  });

  test('an HTML page where a stream was asked for is a SoatError quoting it', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Sign in to the Wi-Fi</html>');
    });
    const failure = await client(server.baseUrl)
      .chats.createChatCompletion({ body: STREAM_BODY })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toContain('Sign in to the Wi-Fi');
    expect(server.requests).toHaveLength(1);
  });

  test('an empty 200 answer to a stream rejects the call as an incomplete stream, not a missing body', async ({
    serve,
    expect,
  }) => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': '0' });
      res.end();
    });
    const failure = await client(server.baseUrl)
      .chats.createChatCompletion({ body: STREAM_BODY })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as SoatStreamError).message).toContain('before [DONE]');
  });
});

describe('many streams', () => {
  test('200 concurrent streams against one server all finish with the right text', async ({
    serve,
    expect,
  }) => {
    const echo: Answer = (res, request) => {
      const { messages } = JSON.parse(request.body) as { messages: { content: string }[] };
      const words = `stream ${messages[0]?.content} done`.split(/(?= )/);
      eventStream(encodeEventStream(words.map(delta)))(res, request);
    };
    const server = await serve(echo);
    const soat = client(server.baseUrl);
    const texts = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const { data: stream, error } = await soat.chats.createChatCompletion({
          body: { ...STREAM_BODY, messages: [{ role: 'user', content: `#${i}` }] },
        });
        if (error) throw new Error(JSON.stringify(error));
        return stream.text();
      }),
    );
    expect(texts).toEqual(Array.from({ length: 200 }, (_, i) => `stream #${i} done`));
    expect(server.requests).toHaveLength(200);
  });
});

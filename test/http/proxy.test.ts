// Issue 12: a server holding the key forwards completions to the page with toResponse() (or
// toEventStream() piped into node:http); the page reads them with parseChatCompletionStream
// and gets the same chunks, and the same typed failures, as a direct call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ChatCompletionChunk,
  type ChatCompletionStream,
  parseChatCompletionStream,
  SoatClient,
  SoatStreamError,
  SoatTimeoutError,
} from '../../src/index.js';
import { sendWebResponse, toWebRequest } from '../../src/mock/node-adapter.js';
import { startSoatMockServer } from '../../src/mock-server.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { startTestServer } from './helpers/test-server.js';

const TOKEN = 'sk_test_proxy';
const closers: (() => Promise<unknown>)[] = [];
let idleTimeout = 10_000;

afterEach(async () => {
  idleTimeout = 10_000;
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(server: Server): Promise<string> {
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts the stream upstream for the page's messages; the signal is the page's request's. */
function openUpstream(upstream: string, body: string, signal?: AbortSignal) {
  // The stall test's upstream stalls for a minute; nothing else pauses over 50 ms.
  const soat = new SoatClient({ baseUrl: upstream, token: TOKEN, streamIdleTimeout: idleTimeout });
  const { messages } = JSON.parse(body);
  return soat.chats.createChatCompletion({
    body: { ai_provider_id: 'aip_1', messages, stream: true },
    ...(signal ? { signal } : {}),
  });
}

/** A fetch-style route handler (the Next.js App Router shape) answering with toResponse(). */
function routeHandler(upstream: string) {
  return async (request: Request): Promise<Response> => {
    const { data, error, response } = await openUpstream(
      upstream,
      await request.text(),
      request.signal,
    );
    if (error) return Response.json({ error }, { status: response.status });
    return data.toResponse();
  };
}

/** Serves the route handler over node:http; the request's signal aborts when the page leaves. */
async function startFetchStyleProxy(upstream: string): Promise<string> {
  const handler = routeHandler(upstream);
  return listen(
    createServer(async (req, res) => {
      const left = new AbortController();
      res.once('close', () => left.abort());
      const request = await toWebRequest(req, 'http://proxy.test', left.signal);
      await sendWebResponse(await handler(request), res);
    }),
  );
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const piece of req) text += piece;
  return text;
}

/** The Express / node:http shape: toEventStream() through Readable.fromWeb and pipeline. */
async function startPipelineProxy(upstream: string): Promise<string> {
  return listen(
    createServer(async (req: IncomingMessage, res: ServerResponse) => {
      // No signal here: cancelling the event stream alone must close the upstream.
      const { data } = await openUpstream(upstream, await bodyOf(req));
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      // pipeline, unlike .pipe, cancels the event stream (and so the upstream) when res closes.
      const events = (data as ChatCompletionStream).toEventStream();
      await pipeline(
        Readable.fromWeb(events as import('node:stream/web').ReadableStream),
        res,
      ).catch(() => {});
    }),
  );
}

/** The page: posts to the proxy and reads the answer with parseChatCompletionStream. */
async function ask(proxy: string, signal?: AbortSignal) {
  const response = await fetch(proxy, {
    method: 'POST',
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
    ...(signal ? { signal } : {}),
  });
  return parseChatCompletionStream(response);
}

async function readAll(stream: ChatCompletionStream) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, failure: undefined };
  } catch (failure) {
    return { chunks, failure: failure as SoatStreamError };
  }
}

async function mock() {
  const server = await startSoatMockServer({ token: TOKEN });
  closers.push(() => server.close());
  return server;
}

describe.each([
  ['a fetch-style handler returning toResponse()', startFetchStyleProxy],
  ['node:http with Readable.fromWeb and pipeline', startPipelineProxy],
])('through a proxy: %s', (_, startProxy) => {
  it('a complete answer arrives identical to a direct read', async () => {
    const upstream = await mock();
    upstream.reply({ pieces: ['Hel', 'lo ', '👋'] });
    upstream.reply({ pieces: ['Hel', 'lo ', '👋'] });
    const direct = await readAll(
      parseChatCompletionStream(
        await fetch(`${upstream.url}/api/v1/chats/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            ai_provider_id: 'aip_1',
            messages: [{ role: 'user', content: 'Hi' }],
            stream: true,
          }),
        }),
      ),
    );
    const proxied = await readAll(await ask(await startProxy(upstream.url)));
    expect(direct.failure).toBeUndefined();
    expect(proxied.failure).toBeUndefined();
    expect(proxied.chunks).toEqual(direct.chunks);
    expect(proxied.chunks.map((c) => c.choices[0]?.delta?.content).join('')).toBe('Hello 👋');
  });

  it('an upstream error mid-answer reaches the page as SoatStreamError with its message', async () => {
    const upstream = await mock();
    upstream.reply({ pieces: ['Hel', 'lo', ' there'], failAfter: 2, error: 'provider fell over' });
    const stream = await ask(await startProxy(upstream.url));
    const { failure } = await readAll(stream);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect(failure?.partialText).toBe('Hello');
    expect(failure?.message).toContain('provider fell over');
    expect(failure?.serverError).toBe('provider fell over');
  });

  it('a cut upstream body reaches the page as SoatStreamError saying the answer is incomplete', async () => {
    const upstream = await startTestServer((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(encodeEventStream([delta('Hel'), delta('lo')], { done: false }));
    });
    closers.push(() => upstream.close());
    const { failure } = await readAll(await ask(await startProxy(upstream.baseUrl)));
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect(failure?.partialText).toBe('Hello');
    expect(failure?.message).toMatch(/ended before \[DONE\]/);
  });

  // Issue 20 #9: the same class on the page as on a direct call.
  it('an upstream stall reaches the page as SoatTimeoutError naming streamIdleTimeout', async () => {
    const upstream = await mock();
    upstream.reply({ pieces: ['Hel', 'lo'], pauseMs: 60_000 });
    idleTimeout = 300;
    const { failure } = await readAll(await ask(await startProxy(upstream.url)));
    expect(failure).toBeInstanceOf(SoatTimeoutError);
    expect(failure?.partialText).toBe('Hel');
    expect(failure?.message).toMatch(/streamIdleTimeout/);
  });

  it('the page aborting closes the upstream connection, long before its next piece', async () => {
    const upstream = await mock();
    upstream.reply({ pieces: ['Hel', 'lo'], pauseMs: 60_000 });
    const page = new AbortController();
    const stream = await ask(await startProxy(upstream.url), page.signal);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    page.abort();
    // The next piece is a minute away: a proxy that did not pass the abort on would see the
    // completion finish ('completed') or the test time out, never 'cancelled'.
    while (upstream.state.completions[0]?.outcome === 'streaming') {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(upstream.state.completions[0]?.outcome).toBe('cancelled');
    expect(upstream.state.completions[0]?.piecesSent).toBe(1);
  });
});

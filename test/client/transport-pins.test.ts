// How the transport answers edge cases, through a client with its own fetch (issue 15).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SoatClient,
  SoatConnectionError,
  SoatError,
  SoatStreamError,
  SoatTimeoutError,
} from '../../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

type Fetch = (request: Request) => Promise<Response>;

function clientWith(
  fetch: Fetch,
  options: { maxRetries?: number; logger?: (line: string) => void } = {},
) {
  return new SoatClient({
    baseUrl: 'https://api.example.com',
    token: 'sk_test',
    maxRetries: 0,
    fetch,
    ...options,
  });
}

const streamBody = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};

/** A fetch that answers only when its request is aborted, by rejecting with the reason. */
const never: Fetch = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason));
  });

/** A body that sends `first`, then nothing, until cancelled. */
function stallingAfter(first: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) controller.enqueue(new TextEncoder().encode(first));
      sent = true;
      return new Promise(() => {});
    },
  });
}

describe('an empty answer to a stream call', () => {
  it('fails as incomplete when the status is 204', async () => {
    const soat = clientWith(async () => new Response(null, { status: 204 }));
    const call = soat.chats.createChatCompletion({ body: streamBody });
    await expect(call).rejects.toThrow(SoatStreamError);
    await expect(call).rejects.toThrow(/ended before \[DONE\]/);
  });

  it('fails as incomplete when Content-Length is 0', async () => {
    const soat = clientWith(
      async () => new Response('', { status: 200, headers: { 'content-length': '0' } }),
    );
    await expect(soat.chats.createChatCompletion({ body: streamBody })).rejects.toThrow(
      /ended before \[DONE\]/,
    );
  });
});

describe('a call that is not a stream', () => {
  it('resolves data to undefined for a 200 with an empty body', async () => {
    const soat = clientWith(async () => new Response('', { status: 200 }));
    const { data, error } = await soat.chats.listChats();
    expect({ data, error }).toEqual({ data: undefined, error: undefined });
  });

  it('says it could not build the request for a body JSON cannot serialise', async () => {
    const soat = clientWith(async () => new Response('{}'));
    const body = { ai_provider_id: 1n } as unknown as { ai_provider_id: string };
    await expect(soat.chats.createChat({ body })).rejects.toThrow(
      /^POST: could not build the request/,
    );
  });
});

describe('timeouts', () => {
  it('says no response within the timeout when a stream call gets no headers', async () => {
    const call = clientWith(never).chats.createChatCompletion({ body: streamBody, timeout: 10 });
    await expect(call).rejects.toThrow(
      new SoatTimeoutError(
        'POST /api/v1/chats/completions: no response within 10 ms (timeout), after 1 attempt(s)',
      ),
    );
  });

  it('logs a whole JSON body that stalls under a stream call as a timeout', async () => {
    const lines: string[] = [];
    const soat = clientWith(
      async () =>
        new Response(stallingAfter('{"choices":'), {
          headers: { 'content-type': 'application/json' },
        }),
      { logger: (line) => lines.push(line) },
    );
    const call = soat.chats.createChatCompletion({ body: streamBody, streamIdleTimeout: 10 });
    await expect(call).rejects.toThrow(SoatTimeoutError);
    expect(lines).toEqual([expect.stringMatching(/^POST \/api\/v1\/chats\/completions timeout /)]);
  });
});

describe('a stream call answered with a page that is not JSON', () => {
  it('names the request in the SoatError', async () => {
    const soat = clientWith(
      async () => new Response('<html>portal</html>', { headers: { 'content-type': 'text/html' } }),
    );
    await expect(soat.chats.createChatCompletion({ body: streamBody })).rejects.toThrow(
      /^POST \/api\/v1\/chats\/completions: expected a JSON body/,
    );
  });
});

describe('the log line', () => {
  it('gives the attempt’s duration in ms, not a timestamp', async () => {
    const lines: string[] = [];
    await clientWith(async () => new Response('[]'), {
      logger: (line) => lines.push(line),
    }).chats.listChats();
    expect(lines).toEqual([expect.stringMatching(/^GET \/api\/v1\/chats 200 \d{1,6}ms retry=0$/)]);
  });
});

describe('a failure to connect', () => {
  it('is described as undefined when fetch rejects with undefined', async () => {
    const failure = await clientWith(() => Promise.reject(undefined))
      .chats.listChats()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatConnectionError);
    expect((failure as Error).message).toBe(
      'GET /api/v1/chats: could not reach the server (undefined), after 1 attempt(s)',
    );
  });
});

describe('Retry-After', () => {
  it('is waited out when it asks for exactly 60 s, the longest honoured', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fetch = vi.fn(async () =>
      fetch.mock.calls.length === 1
        ? new Response('{"error":"busy"}', { status: 503, headers: { 'retry-after': '60' } })
        : new Response('[]'),
    );
    const call = clientWith(fetch, { maxRetries: 1 }).chats.listChats();
    await vi.advanceTimersByTimeAsync(60_000);
    const { error } = await call;
    expect({ error, calls: fetch.mock.calls.length }).toEqual({ error: undefined, calls: 2 });
  });
});

describe('SoatError', () => {
  it('is what a build failure is, not a SoatConnectionError', async () => {
    const soat = clientWith(async () => new Response('{}'));
    const body = { ai_provider_id: 1n } as unknown as { ai_provider_id: string };
    const failure = await soat.chats.createChat({ body }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect(failure).not.toBeInstanceOf(SoatConnectionError);
  });
});

describe('after [DONE]', () => {
  it('closes the connection when the rest of the body has not ended a second later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | undefined;
    const soat = clientWith(async (request) => {
      signal = request.signal;
      return new Response(
        stallingAfter('data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n'),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    });
    const { data } = await soat.chats.createChatCompletion({ body: streamBody });
    await expect(data?.text()).resolves.toBe('Hi');
    await vi.advanceTimersByTimeAsync(1000);
    expect(signal?.aborted).toBe(true);
  });
});

describe('a stream call answered with [DONE] alone', () => {
  it('yields no chunk', async () => {
    const soat = clientWith(
      async () =>
        new Response('data: [DONE]\n\n', { headers: { 'content-type': 'text/event-stream' } }),
    );
    const { data } = await soat.chats.createChatCompletion({ body: streamBody });
    const chunks: unknown[] = [];
    for await (const c of data ?? []) chunks.push(c);
    expect(chunks).toEqual([]);
  });
});

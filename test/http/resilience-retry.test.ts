// Issue 4: which answers are retried, how long the client waits, and what comes back at the end.
// Real node:http servers on 127.0.0.1; each test has its own, so the tests run concurrently.
import { describe, expect, it, vi } from 'vitest';
import { SoatClient, SoatConnectionError } from '../../src/index.js';
import { fakeTimeouts, track, turns, until } from '../helpers/fake-time.js';
import {
  type Answer,
  closedPortUrl,
  hangUp,
  json,
  startTestServer,
  test,
} from './helpers/test-server.js';

const TOKEN = 'sk_test_resilience';
const CHAT = {
  id: 'cht_1',
  project_id: 'proj_1',
  ai_provider_id: 'aip_1',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const BODY = { project_id: 'proj_1', ai_provider_id: 'aip_1', name: 'Retried' };

function client(baseUrl: string, lines: string[] = []) {
  return new SoatClient({ baseUrl, token: TOKEN, logger: (line) => lines.push(line) });
}

/**
 * Runs a `listChats` whose first answer asks for a delay, on a clock the test moves: resolves
 * with how many requests the server had seen at `notBefore - 1` ms and at `by` ms after that
 * first answer, and the call's result.
 */
async function requestsOverTime(
  first: Answer,
  { notBefore, by }: { notBefore: number; by: number },
) {
  const server = await startTestServer([first, json(200, [CHAT])]);
  try {
    fakeTimeouts();
    const lines: string[] = [];
    const call = track(client(server.baseUrl, lines).chats.listChats());
    // The attempt's log line is written just before the wait starts.
    await until(() => lines.length === 1);
    await vi.advanceTimersByTimeAsync(notBefore - 1);
    await turns();
    const early = server.requests.length;
    await vi.advanceTimersByTimeAsync(by - notBefore + 1);
    await until(() => server.requests.length === 2);
    return { early, result: await call.promise };
  } finally {
    vi.useRealTimers();
    await server.close();
  }
}

describe.concurrent('retries', () => {
  test('a 503 then a 201 succeeds after two attempts', async ({ serve, expect }) => {
    const server = await serve([json(503, { error: 'busy' }), json(201, CHAT)]);
    const { data, error } = await client(server.baseUrl).chats.createChat({ body: BODY });
    expect(error).toBeUndefined();
    expect(data).toEqual(CHAT);
    expect(server.requests).toHaveLength(2);
  });

  test.for([408, 409, 429, 500, 502, 504])('a %i is retried', async (status, { serve, expect }) => {
    const server = await serve([json(status, { error: 'transient' }), json(200, [CHAT])]);
    const { data } = await client(server.baseUrl).chats.listChats({ maxRetries: 1 });
    expect(data).toEqual([CHAT]);
    expect(server.requests).toHaveLength(2);
  });

  test.for([400, 401, 403, 404, 422])(
    'a %i is sent once and returned as { error }',
    async (status, { serve, expect }) => {
      const server = await serve(json(status, { error: 'no' }));
      const { data, error, response } = await client(server.baseUrl).chats.createChat({
        body: BODY,
      });
      expect(data).toBeUndefined();
      expect(error).toEqual({ error: 'no' });
      expect(response.status).toBe(status);
      expect(server.requests).toHaveLength(1);
    },
  );

  test('a Retry-After over 60 seconds returns the 429 at once', async ({ serve, expect }) => {
    const server = await serve([
      json(429, { error: 'quota' }, { 'retry-after': '61' }),
      json(200, [CHAT]),
    ]);
    const result = await client(server.baseUrl).chats.listChats();
    expect(result.error).toEqual({ error: 'quota' });
    expect(result.response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  test('a 500 to a POST is returned at once: the server processed it, a retry could run it again', async ({
    serve,
    expect,
  }) => {
    const server = await serve([json(500, { error: 'provider failed' }), json(201, CHAT)]);
    const { data, error, response } = await client(server.baseUrl).chats.createChat({
      body: BODY,
    });
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: 'provider failed' });
    expect(response.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  test('a 500 to a completion is not retried', async ({ serve, expect }) => {
    const server = await serve([json(500, { error: 'provider failed' }), json(200, {})]);
    const { error } = await client(server.baseUrl).chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(error).toEqual({ error: 'provider failed' });
    expect(server.requests).toHaveLength(1);
  });

  test('a 500 to a DELETE is retried', async ({ serve, expect }) => {
    const server = await serve([
      json(500, { error: 'oops' }),
      (res) => {
        res.writeHead(204);
        res.end();
      },
    ]);
    const { error, response } = await client(server.baseUrl).chats.deleteChat({
      path: { chat_id: 'cht_1' },
      maxRetries: 1,
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(server.requests).toHaveLength(2);
  });

  test('maxRetries: 0 on the client sends a 503 once', async ({ serve, expect }) => {
    const server = await serve(json(503, { error: 'busy' }));
    const soat = new SoatClient({ baseUrl: server.baseUrl, token: TOKEN, maxRetries: 0 });
    const { error } = await soat.chats.listChats();
    expect(error).toEqual({ error: 'busy' });
    expect(server.requests).toHaveLength(1);
  });

  test('maxRetries: 0 on a call sends a 503 once', async ({ serve, expect }) => {
    const server = await serve(json(503, { error: 'busy' }));
    const { error } = await client(server.baseUrl).chats.listChats({ maxRetries: 0 });
    expect(error).toEqual({ error: 'busy' });
    expect(server.requests).toHaveLength(1);
  });

  test('after the retries the last attempt’s answer is returned', async ({ serve, expect }) => {
    const server = await serve([
      json(503, { error: 'first' }),
      json(502, { error: { code: 'LAST', message: 'last one' } }),
    ]);
    const { error, response } = await client(server.baseUrl).chats.listChats({ maxRetries: 1 });
    expect(error).toEqual({ error: { code: 'LAST', message: 'last one' } });
    expect(response.status).toBe(502);
    expect(server.requests).toHaveLength(2);
  });

  test('a retried POST re-sends the identical method, URL, headers and body', async ({
    serve,
    expect,
  }) => {
    const server = await serve([json(503, { error: 'Service Unavailable' }), json(201, CHAT)]);
    await client(server.baseUrl).chats.createChat({
      body: BODY,
      headers: { 'x-request-tag': 'tag-1' },
    });
    const [first, second] = server.requests;
    expect(second?.method).toBe('POST');
    expect(second?.url).toBe('/api/v1/chats');
    expect(second?.url).toBe(first?.url);
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(second?.body ?? '')).toEqual(BODY);
    const sent = (headers: Record<string, unknown> | undefined) => ({
      authorization: headers?.authorization,
      'content-type': headers?.['content-type'],
      'content-length': headers?.['content-length'],
      'x-request-tag': headers?.['x-request-tag'],
    });
    expect(sent(second?.headers)).toEqual(sent(first?.headers));
    expect(second?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(second?.headers['x-request-tag']).toBe('tag-1');
  });

  test('a custom fetch is called once per attempt, with the same request each time', async ({
    serve,
    expect,
  }) => {
    const server = await serve([json(503, { error: 'busy' }), json(201, CHAT)]);
    const seen: string[] = [];
    const soat = new SoatClient({
      baseUrl: server.baseUrl,
      token: TOKEN,
      fetch: async (request) => {
        seen.push(`${request.method} ${request.url} ${await request.clone().text()}`);
        return fetch(request);
      },
    });
    const { data } = await soat.chats.createChat({ body: BODY });
    expect(data).toEqual(CHAT);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]).toBe(`POST ${server.baseUrl}/api/v1/chats ${JSON.stringify(BODY)}`);
  });

  test('a connection dropped before any response is retried', async ({ serve, expect }) => {
    const server = await serve([hangUp, json(200, [CHAT])]);
    const { data } = await client(server.baseUrl).chats.listChats({ maxRetries: 1 });
    expect(data).toEqual([CHAT]);
    expect(server.requests).toHaveLength(2);
  });

  test('a connection dropped on every attempt ends in SoatConnectionError', async ({
    serve,
    expect,
  }) => {
    const server = await serve(hangUp);
    const failure = await client(server.baseUrl)
      .chats.listChats({ maxRetries: 1 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatConnectionError);
    expect(server.requests).toHaveLength(2);
  });

  test('a body that breaks off after the headers ends in SoatConnectionError and is not retried', async ({
    serve,
    expect,
  }) => {
    // The 201 says the chat was created: sending the POST again would create a second one.
    const server = await serve((res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('{"id":"cht_', () => setTimeout(() => res.socket?.destroy(), 30));
    });
    const lines: string[] = [];
    const failure = await client(server.baseUrl, lines)
      .chats.createChat({ body: BODY })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatConnectionError);
    expect((failure as Error).message).toMatch(
      /^POST \/api\/v1\/chats: the connection dropped mid-response/,
    );
    expect((failure as Error).cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/^POST \/api\/v1\/chats connection error /)]);
  });

  test('a closed port ends in SoatConnectionError after the retries, one log line per attempt', async ({
    expect,
  }) => {
    const lines: string[] = [];
    const failure = await client(await closedPortUrl(), lines)
      .chats.getChat({ path: { chat_id: 'cht_1' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatConnectionError);
    const error = failure as SoatConnectionError;
    expect(error.message).toMatch(/^GET \/api\/v1\/chats\/cht_1: /);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 3 attempt(s)');
    expect(error.cause).toBeInstanceOf(Error);
    // The default maxRetries (2): three attempts.
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.match(/retry=(\d+)/)?.[1])).toEqual(['0', '1', '2']);
    for (const line of lines) {
      expect(line).toMatch(/^GET \/api\/v1\/chats\/cht_1 connection error \d+ms retry=\d$/);
    }
  });

  test('the logger gets one line per attempt with method, path, status, ms and retry number', async ({
    serve,
    expect,
  }) => {
    const server = await serve([json(503, { error: 'busy' }), json(200, [CHAT])]);
    const lines: string[] = [];
    await client(server.baseUrl, lines).chats.listChats({ query: { project_id: 'proj_1' } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/api\/v1\/chats 503 \d+ms retry=0$/);
    expect(lines[1]).toMatch(/^GET \/api\/v1\/chats 200 \d+ms retry=1$/);
  });
});

describe.concurrent('abort', () => {
  test('a signal already aborted rejects at once with its reason and sends nothing', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(200, [CHAT]));
    const reason = new Error('user left');
    await expect(
      client(server.baseUrl).chats.listChats({ signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  test('aborting during the back-off rejects with an AbortError and sends no more', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(503, { error: 'busy' }, { 'retry-after': '30' }));
    const controller = new AbortController();
    const call = client(server.baseUrl).chats.listChats({ signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const failure = await call.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });

  test('aborting while waiting for the response rejects with the signal’s reason', async ({
    serve,
    expect,
  }) => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const call = client(server.baseUrl).chats.listChats({ signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const reason = new Error('cancelled by the user');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});

// What the server asks for is waited for exactly: not a millisecond less (issue 22: a clock the
// test moves, not elapsed milliseconds on a busy machine). Fake timers are global: not concurrent.
describe('how long a retry waits', () => {
  it('Retry-After: 1 waits a second before the next attempt', async () => {
    const { early, result } = await requestsOverTime(
      json(429, { error: 'slow down' }, { 'retry-after': '1' }),
      { notBefore: 1000, by: 1000 },
    );
    expect(early).toBe(1);
    expect(result.data).toEqual([CHAT]);
  });

  it('retry-after-ms is obeyed, and wins over Retry-After', async () => {
    const { early, result } = await requestsOverTime(
      json(503, { error: 'busy' }, { 'retry-after-ms': '1200', 'retry-after': '30' }),
      { notBefore: 1200, by: 1200 },
    );
    expect(early).toBe(1);
    expect(result.data).toEqual([CHAT]);
  });

  it('a Retry-After given as an HTTP date is obeyed', async () => {
    // HTTP dates have one-second resolution: two seconds ahead waits between one and two. The
    // date is taken from the (fake) clock when the server answers, as a real server would.
    const { early, result } = await requestsOverTime(
      (res, request) =>
        json(
          503,
          { error: 'busy' },
          { 'retry-after': new Date(Date.now() + 2000).toUTCString() },
        )(res, request),
      { notBefore: 1000, by: 2000 },
    );
    expect(early).toBe(1);
    expect(result.data).toEqual([CHAT]);
  });
});

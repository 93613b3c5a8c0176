// Issue 11: a server that answers a stream call with whole JSON and then misbehaves, a logger
// that throws, and headers in every form, against real node:http servers on 127.0.0.1.
import { afterEach, describe, vi } from 'vitest';
import {
  SoatClient,
  type SoatClientOptions,
  SoatConnectionError,
  SoatError,
  SoatTimeoutError,
} from '../../src/index.js';
import { fakeTimeouts, track, until } from '../helpers/fake-time.js';
import { type Answer, json, test } from './helpers/test-server.js';

const TOKEN = 'sk_test_hostile';
const COMPLETION = {
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
};
const STREAM_BODY = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};
const CHAT = {
  id: 'cht_1',
  project_id: 'proj_1',
  ai_provider_id: 'aip_1',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

function client(baseUrl: string, options: Partial<SoatClientOptions> = {}) {
  return new SoatClient({ baseUrl, token: TOKEN, maxRetries: 0, ...options });
}

/** `200 application/json`: the first half of a completion, then nothing more. */
const stallingJson: Answer = (res) => {
  const text = JSON.stringify(COMPLETION);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
  res.write(text.slice(0, 20));
};

/** `200 application/json`: the first half of a completion, then the connection is cut. */
const droppedJson: Answer = (res) => {
  const text = JSON.stringify(COMPLETION);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
  res.write(text.slice(0, 20), () => setTimeout(() => res.socket?.destroy(), 20));
};

describe.concurrent('a whole JSON answer to a stream: true call', () => {
  test('that stalls rejects with SoatTimeoutError once streamIdleTimeout runs out, with no timeout', async ({
    serve,
    expect,
  }) => {
    const server = await serve(stallingJson);
    const failure = await client(server.baseUrl, { timeout: Number.POSITIVE_INFINITY })
      .chats.createChatCompletion({ body: STREAM_BODY, streamIdleTimeout: 300 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatTimeoutError);
    expect((failure as Error).message).toMatch(/no data for 300 ms \(streamIdleTimeout\)/);
    expect(server.requests).toHaveLength(1);
  });

  test('whose connection drops mid-body rejects with SoatConnectionError and is not retried', async ({
    serve,
    expect,
  }) => {
    const server = await serve([droppedJson, json(200, COMPLETION)]);
    const failure = await client(server.baseUrl, { maxRetries: 2 })
      .chats.createChatCompletion({ body: STREAM_BODY })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatConnectionError);
    expect((failure as Error).message).toMatch(/connection dropped mid-response/);
    expect(server.requests).toHaveLength(1);
  });

  test('that arrives whole still streams its text', async ({ serve, expect }) => {
    const server = await serve(json(200, COMPLETION));
    const { data: stream } = await client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      streamIdleTimeout: 5_000,
      timeout: 5_000,
    });
    expect(await stream?.text()).toBe('Hello!');
  });

  test('aborted by the call’s signal mid-body rejects with the signal’s reason', async ({
    serve,
    expect,
  }) => {
    const server = await serve(stallingJson);
    const controller = new AbortController();
    const reason = new Error('user left');
    const call = client(server.baseUrl).chats.createChatCompletion({
      body: STREAM_BODY,
      signal: controller.signal,
    });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});

// On a clock the test moves, once the headers are in: a busy machine cannot turn this into a
// timeout before the headers (issue 22). Fake timers are global: not concurrent.
describe('a whole JSON answer to a stream: true call, on a clock the test moves', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('that stalls rejects with SoatTimeoutError once timeout runs out', async ({
    serve,
    expect,
  }) => {
    const server = await serve(stallingJson);
    fakeTimeouts();
    let headersArrived = false;
    const soat = client(server.baseUrl, {
      timeout: 300,
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        headersArrived = true;
        return response;
      },
    });
    const call = track(soat.chats.createChatCompletion({ body: STREAM_BODY }));
    await until(() => headersArrived);
    await vi.advanceTimersByTimeAsync(300);
    const failure = await call.promise.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatTimeoutError);
    expect((failure as Error).message).toMatch(/no complete response within 300 ms \(timeout\)/);
  });
});

describe.concurrent('a logger that throws', () => {
  const logger = () => {
    throw new Error('the log is full');
  };

  test('does not change a call’s result', async ({ serve, expect }) => {
    const server = await serve(json(201, CHAT));
    const { data, error } = await client(server.baseUrl, { logger }).chats.createChat({
      body: { ai_provider_id: 'aip_1' },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual(CHAT);
  });

  test('does not change an error status into a thrown error', async ({ serve, expect }) => {
    const server = await serve(json(404, { error: 'Not Found' }));
    const { error } = await client(server.baseUrl, { logger }).chats.getChat({
      path: { chat_id: 'cht_1' },
    });
    expect(error).toEqual({ error: 'Not Found' });
  });

  test('does not change a connection failure’s error', async ({ serve, expect }) => {
    const server = await serve((res) => res.socket?.destroy());
    const failure = await client(server.baseUrl, { logger })
      .chats.listChats()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatConnectionError);
  });

  test('does not stop a whole JSON answer to a stream call from streaming', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(200, COMPLETION));
    const { data: stream } = await client(server.baseUrl, { logger }).chats.createChatCompletion({
      body: STREAM_BODY,
    });
    expect(await stream?.text()).toBe('Hello!');
  });
});

describe.concurrent('headers in every form', () => {
  test('[name, value] pairs on a call are sent as headers, not as a header named 0', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(200, [CHAT]));
    await client(server.baseUrl).chats.listChats({
      headers: [
        ['x-one', '1'],
        ['x-two', '2'],
      ],
    });
    const headers = server.requests[0]?.headers;
    expect(headers?.['x-one']).toBe('1');
    expect(headers?.['x-two']).toBe('2');
    expect(headers?.['0']).toBeUndefined();
  });

  test('a Headers object, pairs and a record merge alike, client first, the call winning', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(200, [CHAT]));
    const soat = client(server.baseUrl, {
      headers: [
        ['x-client', 'pairs'],
        ['x-both', 'client'],
      ],
    });
    await soat.chats.listChats({ headers: new Headers({ 'x-both': 'call', 'x-call': 'headers' }) });
    await soat.chats.listChats({ headers: { 'x-both': 'record' } });
    const [first, second] = server.requests;
    expect(first?.headers['x-client']).toBe('pairs');
    expect(first?.headers['x-both']).toBe('call');
    expect(first?.headers['x-call']).toBe('headers');
    expect(second?.headers['x-both']).toBe('record');
    expect(second?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test('undefined and null values in a record are left out, on the client and on a call', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(200, [CHAT]));
    const soat = client(server.baseUrl, {
      headers: { 'x-client-undefined': undefined, 'x-client-null': null, 'x-kept': 'yes' },
    });
    await soat.chats.listChats({ headers: { 'x-call-undefined': undefined, 'x-call-null': null } });
    const headers = server.requests[0]?.headers ?? {};
    expect(Object.keys(headers).filter((name) => /undefined|null/.test(name))).toEqual([]);
    expect(Object.values(headers)).not.toContain('undefined');
    expect(Object.values(headers)).not.toContain('null');
    expect(headers['x-kept']).toBe('yes');
  });

  test('a client header value a header cannot carry is refused at construction, unquoted', ({
    expect,
  }) => {
    const build = () =>
      client('http://127.0.0.1:9', { headers: [['x-api-secret', 'hunter2\r\nx-evil: 1']] });
    expect(build).toThrow(SoatError);
    expect(build).toThrow(/^SoatClient: `headers` must be .* of what a header can carry/);
    expect(build).not.toThrow(/hunter2/);
  });

  test('a header name that is not a token is refused without being sent', async ({
    serve,
    expect,
  }) => {
    const server = await serve(json(200, [CHAT]));
    const call = client(server.baseUrl).chats.listChats({ headers: { 'bad name': 'v' } });
    await expect(call).rejects.toThrow(/^GET: `headers` must be/);
    expect(server.requests).toHaveLength(0);
  });
});

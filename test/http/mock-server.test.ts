import { request as httpRequest } from 'node:http';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SoatMockServer, startSoatMockServer } from '../../src/mock-server.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';

const TOKEN = 'sk_test';
const JSON_TYPE = 'application/json; charset=utf-8';
const userSays = (content: string) => [{ role: 'user', content }];

let mock: SoatMockServer;

beforeAll(async () => {
  mock = await startSoatMockServer({ token: TOKEN });
});
afterEach(() => mock.reset());
afterAll(() => mock.close());

function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; signal?: AbortSignal } = {},
) {
  const { body, token = TOKEN } = init;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${mock.url}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

async function wire(response: Response) {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

const streamBody = (content = 'Hi') => ({
  ai_provider_id: 'aip_1',
  messages: userSays(content),
  stream: true,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startSoatMockServer', () => {
  it('listens on an ephemeral port of 127.0.0.1 and gives a url without trailing slash', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the chat routes: 201 create, 200 list and get, 204 delete with an empty body', async () => {
    const created = await call('/api/v1/chats', {
      body: { ai_provider_id: 'aip_1', project_id: 'proj_A' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe(JSON_TYPE);
    const chat = await created.json();
    expect(await (await call('/api/v1/chats?project_id=proj_A')).json()).toEqual([chat]);
    expect(await (await call(`/api/v1/chats/${chat.id}`)).json()).toEqual(chat);
    const deleted = await call(`/api/v1/chats/${chat.id}`, { method: 'DELETE' });
    expect(await wire(deleted)).toEqual({ status: 204, contentType: null, body: '' });
    expect(mock.state.chats).toEqual([]);
  });

  it('answers the exact completion JSON', async () => {
    const response = await call('/api/v1/chats/completions', {
      body: { ai_provider_id: 'aip_1', messages: userSays('Hello!') },
    });
    expect(await wire(response)).toEqual({
      status: 200,
      contentType: JSON_TYPE,
      body: '{"object":"chat.completion","model":"mock-model","choices":[{"index":0,"message":{"role":"assistant","content":"You said: Hello!"},"finish_reason":"stop"}]}',
    });
  });

  it('streams the exact SSE bytes, chunked, with the SSE headers', async () => {
    const response = await call('/api/v1/chats/completions', { body: streamBody('Hello!') });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'transfer-encoding': 'chunked',
    });
    expect(await response.text()).toBe(
      encodeEventStream([delta('You'), delta(' said:'), delta(' Hello!')]),
    );
  });

  it('answers both error shapes: a string for 401, a code for a missing chat', async () => {
    expect(await wire(await call('/api/v1/chats', { token: null }))).toEqual({
      status: 401,
      contentType: JSON_TYPE,
      body: '{"error":"Unauthorized"}',
    });
    const missing = await call('/api/v1/chats/cht_x/completions', {
      body: { messages: userSays('Hi') },
    });
    expect(await wire(missing)).toEqual({
      status: 400,
      contentType: JSON_TYPE,
      body: `{"error":{"code":"CHAT_NOT_FOUND","message":"Chat 'cht_x' not found."}}`,
    });
  });

  it('reports a missing chat inside a 200 stream without [DONE]', async () => {
    const response = await call('/api/v1/chats/cht_x/completions', {
      body: { messages: userSays('Hi'), stream: true },
    });
    expect(await wire(response)).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      body: `data: {"error":"Chat 'cht_x' not found."}\n\n`,
    });
  });

  it('answers 400 naming the field of a body that breaks the spec', async () => {
    const response = await call('/api/v1/chats/completions', {
      body: { ai_provider_id: 'aip_1', messages: [] },
    });
    expect(await response.json()).toEqual({
      error: 'body.messages must NOT have fewer than 1 items',
    });
  });

  it('answers 405 text/plain for a method the path does not have', async () => {
    expect(await wire(await call('/api/v1/chats', { method: 'PATCH', body: {} }))).toEqual({
      status: 405,
      contentType: 'text/plain',
      body: 'Method Not Allowed',
    });
  });

  it('sends a scripted failure after the pieces it allows', async () => {
    mock.reply({ pieces: ['Hel', 'lo'], failAfter: 1, error: 'boom' });
    const response = await call('/api/v1/chats/completions', { body: streamBody() });
    expect(await response.text()).toBe(
      encodeEventStream([delta('Hel')], { trailer: { error: 'boom' }, done: false }),
    );
  });
});

describe('CORS', () => {
  it('answers a preflight with 204 and the allowed origin, methods and headers', async () => {
    const response = await fetch(`${mock.url}/api/v1/chats/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-trace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-trace',
    );
    expect(await response.text()).toBe('');
  });

  it('adds Access-Control-Allow-Origin to every answer, errors and streams included', async () => {
    const answers = await Promise.all([
      call('/api/v1/chats'),
      call('/api/v1/chats', { token: null }),
      call('/api/v1/chats/completions', { body: streamBody() }),
    ]);
    for (const response of answers) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      await response.text();
    }
  });
});

describe('streaming over node:http', () => {
  it('writes each piece as it is produced, not at the end', async () => {
    mock.reply({ pieces: ['a', 'b'], pauseMs: 300 });
    const started = performance.now();
    const reader = (
      await call('/api/v1/chats/completions', { body: streamBody() })
    ).body?.getReader();
    const first = await reader?.read();
    const firstAt = performance.now() - started;
    expect(new TextDecoder().decode(first?.value)).toBe(
      encodeEventStream([delta('a')], { done: false }),
    );
    expect(firstAt).toBeLessThan(250);
    while (!(await reader?.read())?.done) {}
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('stops producing when the client aborts mid-stream', async () => {
    mock.reply({ pieces: ['a', 'b', 'c', 'd', 'e', 'f'], pauseMs: 40 });
    const abort = new AbortController();
    const response = await call('/api/v1/chats/completions', {
      body: streamBody(),
      signal: abort.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    abort.abort();
    await sleep(250);
    const [completion] = mock.state.completions;
    expect(completion?.outcome).toBe('cancelled');
    expect(completion?.piecesSent).toBeLessThan(4);
  });

  it('stops producing when the client cancels the body', async () => {
    mock.reply({ pieces: ['a', 'b', 'c', 'd', 'e', 'f'], pauseMs: 40 });
    const response = await call('/api/v1/chats/completions', { body: streamBody() });
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    await sleep(250);
    expect(mock.state.completions[0]?.outcome).toBe('cancelled');
    expect(mock.state.completions[0]?.piecesSent).toBeLessThan(4);
  });

  it('ends open streams when closed', async () => {
    const other = await startSoatMockServer();
    other.reply({ pieces: ['a', 'b'], pauseMs: 10_000 });
    const response = await fetch(`${other.url}/api/v1/chats/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer any', 'content-type': 'application/json' },
      body: JSON.stringify(streamBody()),
    });
    const reader = response.body?.getReader();
    await reader?.read();
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(reader?.read()).rejects.toThrow();
    expect(other.state.completions[0]?.outcome).toBe('cancelled');
  });
});

describe('startSoatMockServer, scripted and mounted', () => {
  it('sends a scripted HTTP answer with its headers and the CORS header', async () => {
    mock.reply({ status: 429, headers: { 'Retry-After': '1' }, body: { error: 'Slow down' } });
    const response = await call('/api/v1/chats');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ error: 'Slow down' });
  });

  it('serves the API under any path prefix, as a client with baseUrl http://host/soat calls it', async () => {
    const response = await call('/soat/api/v1/chats');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    expect((await call('/soat/api/v1/agents')).status).toBe(404);
  });

  it('pauses pauseMs between streamed pieces by default', async () => {
    const paused = await startSoatMockServer({ pauseMs: 80 });
    try {
      paused.reply({ pieces: ['a', 'b', 'c'] });
      const started = performance.now();
      const response = await fetch(`${paused.url}/api/v1/chats/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
        body: JSON.stringify(streamBody()),
      });
      expect(await response.text()).toBe(encodeEventStream(['a', 'b', 'c'].map(delta)));
      // Two pauses of 80 ms (timers may fire ~1 ms early).
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await paused.close();
    }
  });
});

describe('the @soat/sdk/mock-server entry', () => {
  async function importsOf(entry: string): Promise<string[]> {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((imported) => imported.path),
    );
  }

  it('does not import msw, directly or transitively', async () => {
    const imports = await importsOf('src/mock-server.ts');
    expect(imports).toContain('node:http');
    expect(imports.filter((path) => path === 'msw' || path.startsWith('msw/'))).toEqual([]);
  });

  it('is told apart from the msw entry, which does import msw', async () => {
    expect(await importsOf('src/mock/index.ts')).toContain('msw');
  });
});

/** POSTs `size` bytes of a JSON body with node:http, in 64 KiB chunks, and reads the answer. */
function postLarge(
  url: string,
  size: number,
  { declareLength = false } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/v1/chats`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': String(size) } : {}),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    req.on('error', reject);
    write();
  });
}

describe('request body size', () => {
  it('answers 413 with a JSON error body to a body past 1 MiB, and keeps serving', async () => {
    const answer = await postLarge(mock.url, 2 * 1024 * 1024);
    expect(answer).toMatchObject({
      status: 413,
      headers: { 'content-type': JSON_TYPE, 'access-control-allow-origin': '*' },
      body: '{"error":"request entity too large"}',
    });
    expect(mock.state.requests).toEqual([]);
    expect((await call('/api/v1/chats')).status).toBe(200);
  });

  it('answers 413 at once to a declared Content-Length past the limit', async () => {
    const small = await startSoatMockServer({ maxBodyBytes: 1000 });
    try {
      const answer = await postLarge(small.url, 4000, { declareLength: true });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ error: 'request entity too large' });
    } finally {
      await small.close();
    }
  });

  it('reads a body up to the limit', async () => {
    const small = await startSoatMockServer({ maxBodyBytes: 1000 });
    try {
      const body = JSON.stringify({ ai_provider_id: 'aip_1', name: 'x'.repeat(900) });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1000);
      const response = await fetch(`${small.url}/api/v1/chats`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('answers the structured 413 body when playing 0.28', async () => {
    const latest = await startSoatMockServer({ serverVersion: '0.28.0', maxBodyBytes: 10 });
    try {
      const answer = await postLarge(latest.url, 100);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'REQUEST_REJECTED', message: 'request entity too large' },
      });
    } finally {
      await latest.close();
    }
  });

  it('refuses a maxBodyBytes that is not a whole number of bytes with a SoatError', async () => {
    await expect(startSoatMockServer({ maxBodyBytes: -1 })).rejects.toThrow(
      /maxBodyBytes must be a whole number/,
    );
  });
});

describe('startSoatMockServer({ serverVersion: "0.28.0", aiProviders })', () => {
  let latest: SoatMockServer;
  beforeAll(async () => {
    latest = await startSoatMockServer({ serverVersion: '0.28.0', aiProviders: ['aip_1'] });
  });
  afterAll(() => latest.close());

  const post = (path: string, body: unknown) =>
    fetch(`${latest.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a system message in messages with 400 SYSTEM_MESSAGE_NOT_ALLOWED', async () => {
    const response = await post('/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      messages: [{ role: 'system', content: 'Be brief.' }, ...userSays('Hi')],
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('SYSTEM_MESSAGE_NOT_ALLOWED');
  });

  it('streams a chat completion by chat_id, its stored instructions in the exposed header', async () => {
    const chat = await (
      await post('/api/v1/chats', { ai_provider_id: 'aip_1', instructions: 'Stored.' })
    ).json();
    expect(chat.id).toMatch(/^chat_/);
    const response = await post('/api/v1/chat/completions', {
      chat_id: chat.id,
      messages: userSays('Hi'),
      stream: true,
    });
    expect(response.headers.get('x-soat-mock-system-message')).toBe('Stored.');
    expect(response.headers.get('access-control-expose-headers')).toContain(
      'X-Soat-Mock-System-Message',
    );
    expect(await response.text()).toMatch(/data: \[DONE\]\n\n$/);
  });

  it('cuts a long applied prompt in the header to 500 characters, so any HTTP client reads the answer', async () => {
    const prompt = '語'.repeat(20_000);
    const response = await post('/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      instructions: prompt,
      messages: userSays('Hi'),
    });
    expect(response.status).toBe(200);
    const header = decodeURIComponent(response.headers.get('x-soat-mock-system-message') ?? '');
    expect(header).toBe(`${'語'.repeat(500)}…`);
    expect(latest.state.completions.at(-1)?.systemMessage).toBe(prompt);
  });

  it('answers the removed per-chat route with 404 text/plain, before auth', async () => {
    const response = await fetch(`${latest.url}/api/v1/chats/chat_x/completions`, {
      method: 'POST',
    });
    expect(await wire(response)).toEqual({
      status: 404,
      contentType: 'text/plain; charset=utf-8',
      body: 'Not Found',
    });
  });

  it('answers an unknown provider with 404 before any stream', async () => {
    const response = await post('/api/v1/chat/completions', {
      ai_provider_id: 'aip_unknown',
      messages: userSays('Hi'),
      stream: true,
    });
    expect(await wire(response)).toEqual({
      status: 404,
      contentType: JSON_TYPE,
      body: '{"error":{"code":"RESOURCE_NOT_FOUND","message":"AI provider not found"}}',
    });
  });
});

describe('startSoatMockServer({ aiProviders }) on the documented API', () => {
  it('answers an unknown provider of a streamed stateless completion inside a 200 stream', async () => {
    const documented = await startSoatMockServer({ aiProviders: ['aip_1'] });
    try {
      const response = await fetch(`${documented.url}/api/v1/chats/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ ai_provider_id: 'aip_x', messages: userSays('Hi'), stream: true }),
      });
      expect(await wire(response)).toEqual({
        status: 200,
        contentType: 'text/event-stream',
        body: 'data: {"error":"AI provider not found"}\n\n',
      });
    } finally {
      await documented.close();
    }
  });
});

// The forms of mock.reply() beyond a completion's text (issue 13): an exact HTTP answer for the
// next request, an error event as `{ code, message }`, `times`, and a default pause. Each is
// tried through the SDK, as a user testing their retry or error UI would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SoatClient, SoatError, SoatStreamError } from '../../src/index.js';
import { createSoatMock } from '../../src/mock/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { collectBody, fakeTimeouts, track, turns, until } from '../helpers/fake-time.js';
import { mock, server, TOKEN } from '../setup.js';
import { call, userSays, wire } from './helpers.js';

const soat = new SoatClient({ baseUrl: 'http://soat.test', token: TOKEN });
const STATELESS = '/api/v1/chats/completions';
const body = <Stream extends boolean>(stream: Stream) => ({
  ai_provider_id: 'aip_1',
  messages: userSays('Hi'),
  stream,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('reply({ status, headers, body })', () => {
  it('has a 429 with Retry-After: 1 retried after a second, then the completion succeeds', async () => {
    mock.reply({ status: 429, headers: { 'Retry-After': '1' }, body: { error: 'Slow down' } });
    fakeTimeouts();
    const lines: string[] = [];
    const logged = new SoatClient({
      baseUrl: 'http://soat.test',
      token: TOKEN,
      logger: (line) => lines.push(line),
    });
    const call = track(logged.chats.createChatCompletion({ body: body(false) }));
    // The 429's log line is written just before the wait starts.
    await until(() => lines.length === 1);
    await vi.advanceTimersByTimeAsync(999);
    await turns();
    expect(mock.state.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const { data, error } = await call.promise;
    expect(error).toBeUndefined();
    expect(data?.choices[0]?.message.content).toBe('You said: Hi');
    expect(mock.state.requests).toHaveLength(2);
  });

  it('outlasts two retries with { status: 503, times: 3 }: the call returns { error }', async () => {
    mock.reply({ status: 503, body: { error: 'Service Unavailable' }, times: 3 });
    const { data, error, response } = await soat.chats.listChats();
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: 'Service Unavailable' });
    expect(response.status).toBe(503);
    expect(mock.state.requests).toHaveLength(3);
  });

  it('hands an HTML 502 page back normalised to { error: "<status>: <text>" }', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    mock.reply({ status: 502, headers: { 'Content-Type': 'text/html' }, body: page, times: 3 });
    const { error, response } = await soat.chats.createChat({ body: { ai_provider_id: 'aip_1' } });
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(error).toEqual({ error: `502: ${page}` });
  });

  it('answers the next request whatever its route, before authentication', async () => {
    mock.reply({ status: 503 });
    const response = await call('/api/v1/chats/cht_unknown', { method: 'DELETE', token: null });
    expect(await wire(response)).toEqual({ status: 503, contentType: null, body: '' });
    expect((await call('/api/v1/chats', { token: null })).status).toBe(401);
  });

  it('sends an object body as JSON and a string body as it is', async () => {
    mock.reply({ status: 400, body: { error: { code: 'QUOTA', message: 'No credits' } } });
    mock.reply({ status: 500, body: 'plain words' });
    expect(await wire(await call('/api/v1/chats'))).toEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: '{"error":{"code":"QUOTA","message":"No credits"}}',
    });
    expect(await wire(await call('/api/v1/chats'))).toEqual({
      status: 500,
      contentType: 'text/plain;charset=UTF-8',
      body: 'plain words',
    });
  });

  it('uses scripts in the order they were queued: a 503, then the scripted completion', async () => {
    mock.reply({ status: 503 });
    mock.reply({ text: 'After the outage.' });
    const { data } = await soat.chats.createChatCompletion({ body: body(true) });
    expect(await data?.text()).toBe('After the outage.');
    expect(mock.state.requests).toHaveLength(2);
  });

  it('leaves a completion script queued for the completion when another request comes first', async () => {
    mock.reply({ text: 'Scripted.' });
    await call('/api/v1/chats');
    expect(
      (await (await call(STATELESS, { body: body(false) })).json()).choices[0].message.content,
    ).toBe('Scripted.');
  });

  it('refuses a status outside 200-599 with a SoatError naming it', () => {
    expect(() => mock.reply({ status: 99 })).toThrow(SoatError);
    expect(() => mock.reply({ status: 99 })).toThrow(/status must be .* got 99/);
  });

  it('refuses a body on a 204', () => {
    expect(() => mock.reply({ status: 204, body: 'x' })).toThrow(/204 answer cannot have a body/);
  });
});

describe('reply({ error: { code, message } })', () => {
  it('sends the error event as an object', async () => {
    mock.reply({
      pieces: ['Hel'],
      failAfter: 1,
      error: { code: 'PROVIDER_DOWN', message: 'Gone' },
    });
    expect(await (await call(STATELESS, { body: body(true) })).text()).toBe(
      encodeEventStream([delta('Hel')], {
        trailer: { error: { code: 'PROVIDER_DOWN', message: 'Gone' } },
        done: false,
      }),
    );
  });

  it('gives a SoatStreamError whose message says CODE: message', async () => {
    mock.reply({
      pieces: ['Hel'],
      failAfter: 1,
      error: { code: 'PROVIDER_DOWN', message: 'Gone' },
    });
    const { data } = await soat.chats.createChatCompletion({ body: body(true) });
    const failure = await data?.text().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as SoatStreamError).message).toContain('PROVIDER_DOWN: Gone');
    expect((failure as SoatStreamError).partialText).toBe('Hel');
  });

  it('answers a non-streamed completion 500 with the object as error', async () => {
    mock.reply({ error: { code: 'PROVIDER_DOWN', message: 'Gone' } });
    expect(await (await call(STATELESS, { body: body(false) })).json()).toEqual({
      error: { code: 'PROVIDER_DOWN', message: 'Gone' },
    });
  });
});

describe('reply({ times })', () => {
  it('answers that many completions, then the default answer again', async () => {
    mock.reply({ text: 'Again.', times: 2 });
    const answers = [];
    for (let index = 0; index < 3; index++) {
      const { data } = await soat.chats.createChatCompletion({ body: body(false) });
      answers.push(data?.choices[0]?.message.content);
    }
    expect(answers).toEqual(['Again.', 'Again.', 'You said: Hi']);
  });

  it('refuses a times that is not a whole number from 1', () => {
    expect(() => mock.reply({ text: 'x', times: 0 })).toThrow(/times must be a whole number/);
    expect(() => mock.reply({ status: 503, times: 1.5 })).toThrow(SoatError);
  });
});

describe('createSoatMock({ pauseMs })', () => {
  it('pauses that long between streamed pieces when the script names no pause', async () => {
    const other = createSoatMock({ baseUrl: 'http://paused.test', pauseMs: 60 });
    server.use(...other.handlers);
    other.reply({ pieces: ['a', 'b', 'c'] });
    fakeTimeouts();
    const response = await fetch('http://paused.test/api/v1/chats/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify(body(true)),
    });
    const received = collectBody(response.body as ReadableStream<Uint8Array>);
    const event = (piece: string) => encodeEventStream([delta(piece)], { done: false });
    await turns();
    expect(received.text()).toBe(event('a'));
    await vi.advanceTimersByTimeAsync(59);
    await turns();
    expect(received.text()).toBe(event('a'));
    await vi.advanceTimersByTimeAsync(1);
    await turns();
    expect(received.text()).toBe(event('a') + event('b'));
    await vi.advanceTimersByTimeAsync(60);
    await received.done;
    expect(received.text()).toBe(encodeEventStream(['a', 'b', 'c'].map(delta)));
  });

  it('lets a script pause differently', async () => {
    const other = createSoatMock({ baseUrl: 'http://paused.test', pauseMs: 10_000 });
    server.use(...other.handlers);
    other.reply({ pieces: ['a', 'b'], pauseMs: 0 });
    const response = await fetch('http://paused.test/api/v1/chats/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify(body(true)),
    });
    expect(await response.text()).toBe(encodeEventStream(['a', 'b'].map(delta)));
  });

  it('refuses a negative pause with a SoatError', () => {
    expect(() => createSoatMock({ pauseMs: -1 })).toThrow(SoatError);
  });
});

describe('baseUrl with a path prefix', () => {
  it('serves the API under the prefix, as the client calls it', async () => {
    const other = createSoatMock({ baseUrl: 'http://soat.test/soat', token: 'sk_prefixed' });
    server.use(...other.handlers);
    const client = new SoatClient({ baseUrl: 'http://soat.test/soat', token: 'sk_prefixed' });
    const created = await client.chats.createChat({ body: { ai_provider_id: 'aip_1' } });
    expect(created.error).toBeUndefined();
    const { data } = await client.chats.getChat({ path: { chat_id: created.data?.id ?? '' } });
    expect(data?.id).toBe(created.data?.id);
    expect(other.state.requests.map((request) => request.path)).toEqual([
      '/soat/api/v1/chats',
      `/soat/api/v1/chats/${created.data?.id}`,
    ]);
  });

  it('answers 404 for a path under the prefix that is not the API', async () => {
    const other = createSoatMock({ baseUrl: 'http://soat.test/soat' });
    server.use(...other.handlers);
    const response = await fetch('http://soat.test/soat/api/v1/agents', {
      headers: { authorization: 'Bearer x' },
    });
    expect(await response.json()).toEqual({ error: 'Not Found' });
  });
});

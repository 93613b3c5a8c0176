import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createSoatMock } from '../../src/mock/index.js';
import { mock, server } from '../setup.js';
import { call, createChat, userSays, wire } from './helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Puts a second mock in front of the shared one for this test only. */
function useMock(options: Parameters<typeof createSoatMock>[0]) {
  const other = createSoatMock(options);
  server.use(...other.handlers);
  return other;
}

describe('aiProviders', () => {
  it('answers 400 AI_PROVIDER_NOT_FOUND when creating a chat with an unknown provider', async () => {
    useMock({ token: 'sk_test', aiProviders: ['aip_known'] });
    const response = await call('/api/v1/chats', { body: { ai_provider_id: 'aip_unknown' } });
    expect(await wire(response)).toEqual({
      status: 400,
      contentType: JSON_TYPE,
      body: '{"error":{"code":"AI_PROVIDER_NOT_FOUND","message":"AI provider not found"}}',
    });
  });

  it('creates a chat with a known provider', async () => {
    const other = useMock({ token: 'sk_test', aiProviders: ['aip_known'] });
    await createChat({ ai_provider_id: 'aip_known' });
    expect(other.state.chats).toHaveLength(1);
    expect(mock.state.chats).toEqual([]);
  });

  it('answers 404 {"error":"AI provider not found"} for a stateless completion with an unknown provider', async () => {
    useMock({ token: 'sk_test', aiProviders: ['aip_known'] });
    const response = await call('/api/v1/chats/completions', {
      body: { ai_provider_id: 'aip_x', messages: userSays('Hi') },
    });
    expect(await wire(response)).toEqual({
      status: 404,
      contentType: JSON_TYPE,
      body: '{"error":"AI provider not found"}',
    });
  });

  it('reports an unknown provider as the first and only event of a 200 stream', async () => {
    useMock({ token: 'sk_test', aiProviders: ['aip_known'] });
    const body = { ai_provider_id: 'aip_x', messages: userSays('Hi'), stream: true };
    expect(await wire(await call('/api/v1/chats/completions', { body }))).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      body: 'data: {"error":"AI provider not found"}\n\n',
    });
  });

  it('knows every provider when aiProviders is omitted', async () => {
    const chat = await createChat({ ai_provider_id: 'aip_anything' });
    expect(chat.ai_provider_id).toBe('aip_anything');
  });
});

describe('token', () => {
  it('accepts any bearer token when no token is configured', async () => {
    useMock({});
    expect((await call('/api/v1/chats', { token: 'whatever' })).status).toBe(200);
  });
});

describe('documents', () => {
  it('resolves documents given as an option', async () => {
    const other = useMock({ token: 'sk_test', documents: { doc_opt: 'From options.' } });
    const response = await call('/api/v1/chats/completions', {
      body: { ai_provider_id: 'aip_1', messages: [{ role: 'user', document_id: 'doc_opt' }] },
    });
    expect((await response.json()).choices[0].message.content).toBe('You said: From options.');
    expect(other.state.documents.get('doc_opt')).toBe('From options.');
  });
});

describe('baseUrl', () => {
  it('answers under a baseUrl given with a trailing slash', async () => {
    const other = createSoatMock({ baseUrl: 'http://other.test/', token: 't' });
    server.use(...other.handlers);
    const response = await fetch('http://other.test/api/v1/chats', {
      headers: { authorization: 'Bearer t' },
    });
    expect(await response.json()).toEqual([]);
  });

  it('defaults to http://soat.test', async () => {
    const other = useMock({});
    await call('/api/v1/chats');
    expect(other.state.requests).toHaveLength(1);
  });
});

describe('state and reset()', () => {
  it('records method, path, query, headers and parsed body of every request', async () => {
    await call('/api/v1/chats?project_id=proj_A');
    await call('/api/v1/chats', { body: { ai_provider_id: 'aip_1' } });
    expect(mock.state.requests).toEqual([
      {
        method: 'GET',
        path: '/api/v1/chats',
        query: { project_id: 'proj_A' },
        headers: expect.any(Object),
        body: undefined,
      },
      {
        method: 'POST',
        path: '/api/v1/chats',
        query: {},
        headers: expect.any(Object),
        body: { ai_provider_id: 'aip_1' },
      },
    ]);
    expect(mock.state.requests[1]?.headers).toMatchObject({
      authorization: 'Bearer sk_test',
      'content-type': 'application/json',
    });
  });

  it('records a body that is not JSON as undefined', async () => {
    await call('/api/v1/chats', { body: 'not json' });
    expect(mock.state.requests[0]?.body).toBeUndefined();
  });

  it('empties chats, requests, completions and scripts but keeps the state object', async () => {
    const { state } = mock;
    await createChat();
    await call('/api/v1/chats/completions', {
      body: { ai_provider_id: 'aip_1', messages: userSays('Hi') },
    });
    mock.reply({ text: 'never used' });
    mock.reset();
    expect(mock.state).toBe(state);
    expect([state.chats, state.requests, state.completions]).toEqual([[], [], []]);
    const response = await call('/api/v1/chats/completions', {
      body: { ai_provider_id: 'aip_1', messages: userSays('Hi') },
    });
    expect((await response.json()).choices[0].message.content).toBe('You said: Hi');
  });

  it('lets server.use() override a route for one test', async () => {
    server.use(
      http.get('http://soat.test/api/v1/chats', () =>
        HttpResponse.json({ error: 'Forbidden' }, { status: 403 }),
      ),
    );
    expect((await call('/api/v1/chats')).status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { mock } from '../setup.js';
import { call, createChat, userSays, wire } from './helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const UNAUTHORIZED = { status: 401, contentType: JSON_TYPE, body: '{"error":"Unauthorized"}' };
const STATELESS = '/api/v1/chats/completions';

describe('authentication', () => {
  it('answers 401 when the bearer token is missing', async () => {
    expect(await wire(await call('/api/v1/chats', { token: null }))).toEqual(UNAUTHORIZED);
  });

  it('answers 401 when the bearer token is not the configured one', async () => {
    expect(await wire(await call('/api/v1/chats', { token: 'sk_other' }))).toEqual(UNAUTHORIZED);
  });

  it('answers 401 for an Authorization header that is not a bearer token', async () => {
    const response = await call('/api/v1/chats', {
      token: null,
      headers: { authorization: 'Basic c2tfdGVzdA==' },
    });
    expect(await wire(response)).toEqual(UNAUTHORIZED);
  });

  it('answers 401 as JSON, not a stream, for stream: true', async () => {
    const body = { ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true };
    expect(await wire(await call(STATELESS, { body, token: null }))).toEqual(UNAUTHORIZED);
  });

  it('answers 401 before validating the body', async () => {
    const response = await call(STATELESS, { body: { messages: [] }, token: null });
    expect(response.status).toBe(401);
  });

  it('records a refused request too', async () => {
    await call('/api/v1/chats', { token: null });
    expect(mock.state.requests).toMatchObject([{ method: 'GET', path: '/api/v1/chats' }]);
    expect(mock.state.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe('validation against openapi.yaml', () => {
  it('answers 400 naming messages when it is empty', async () => {
    const response = await call(STATELESS, { body: { ai_provider_id: 'aip_1', messages: [] } });
    expect(await wire(response)).toEqual({
      status: 400,
      contentType: JSON_TYPE,
      body: '{"error":"body.messages must NOT have fewer than 1 items"}',
    });
  });

  it('answers 400 naming ai_provider_id when it is missing', async () => {
    const response = await call(STATELESS, { body: { messages: userSays('Hi') } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'body.ai_provider_id is required' });
  });

  it('answers 400 naming both fields of a message with content and document_id', async () => {
    const messages = [{ role: 'user', content: 'Hi', document_id: 'doc_1' }];
    const response = await call(STATELESS, { body: { ai_provider_id: 'aip_1', messages } });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toContain('body.messages[0].document_id');
    expect(error).toContain('body.messages[0].content');
  });

  it('answers 400 naming only the role when it is outside the enum', async () => {
    const response = await call(STATELESS, {
      body: { ai_provider_id: 'aip_1', messages: [{ role: 'bot', content: 'x' }] },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe(
      'body.messages[0].role must be equal to one of the allowed values (system, user, assistant)',
    );
  });

  it('answers 400 naming only the field a message has too many of', async () => {
    const messages = [{ role: 'user', content: 'x', colour: 'blue' }];
    const response = await call(STATELESS, { body: { ai_provider_id: 'aip_1', messages } });
    expect((await response.json()).error).toBe('body.messages[0].colour is not allowed');
  });

  it('answers 400 offering content or document_id for a message with neither', async () => {
    const messages = [{ role: 'user' }];
    const response = await call(STATELESS, { body: { ai_provider_id: 'aip_1', messages } });
    expect((await response.json()).error).toBe(
      'body.messages[0].content is required or body.messages[0].document_id is required',
    );
  });

  it('answers 400 naming every invalid field at once', async () => {
    const response = await call(STATELESS, { body: { messages: [], stream: 'yes' } });
    expect((await response.json()).error).toBe(
      'body.ai_provider_id is required; body.messages must NOT have fewer than 1 items; body.stream must be boolean',
    );
  });

  it('answers 400 naming an unknown body field', async () => {
    const response = await call('/api/v1/chats', {
      body: { ai_provider_id: 'aip_1', colour: 'blue' },
    });
    expect(await response.json()).toEqual({ error: 'body.colour is not allowed' });
  });

  it('answers 400 for a per-chat completion without messages, as JSON even with stream: true', async () => {
    const chat = await createChat();
    const response = await call(`/api/v1/chats/${chat.id}/completions`, { body: { stream: true } });
    expect(await wire(response)).toEqual({
      status: 400,
      contentType: JSON_TYPE,
      body: '{"error":"body.messages is required"}',
    });
  });

  it('answers 400 naming the body when it is not JSON', async () => {
    const response = await call('/api/v1/chats', { body: '{"ai_provider_id":' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^body is not valid JSON: /);
  });

  it('answers 400 when the body is missing', async () => {
    const response = await call('/api/v1/chats', { method: 'POST' });
    expect(await response.json()).toEqual({ error: 'body is required' });
  });

  it('answers 400 naming an unknown query parameter', async () => {
    const response = await call('/api/v1/chats?colour=blue');
    expect(await response.json()).toEqual({ error: 'query.colour is not allowed' });
  });

  it('ignores limit and offset on the chat list and answers every chat, as SOAT 0.12 does', async () => {
    await call('/api/v1/chats', { body: { ai_provider_id: 'aip_1' } });
    await call('/api/v1/chats', { body: { ai_provider_id: 'aip_1' } });
    const response = await call('/api/v1/chats?limit=1&offset=1');
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(2);
  });

  it('stores nothing when the request is refused', async () => {
    await call('/api/v1/chats', { body: { name: 'no provider' } });
    expect(mock.state.chats).toEqual([]);
  });
});

describe('routing', () => {
  it('answers 404 {"error":"Not Found"} for an unknown route', async () => {
    expect(await wire(await call('/api/v1/agents'))).toEqual({
      status: 404,
      contentType: JSON_TYPE,
      body: '{"error":"Not Found"}',
    });
  });

  it('answers 405 text/plain for a method the path does not have', async () => {
    expect(await wire(await call('/api/v1/chats', { method: 'PUT', body: {} }))).toEqual({
      status: 405,
      contentType: 'text/plain',
      body: 'Method Not Allowed',
    });
  });

  it('answers 405 for DELETE on the collection', async () => {
    expect((await call('/api/v1/chats', { method: 'DELETE' })).status).toBe(405);
  });
});

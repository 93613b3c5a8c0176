import { describe, expect, it } from 'vitest';
import { mock } from '../setup.js';
import { call, createChat, wire } from './helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('POST /api/v1/chats', () => {
  it('answers 201 with the stored chat', async () => {
    const body = {
      project_id: 'proj_ABC',
      ai_provider_id: 'aip_abc123',
      name: 'Support',
      system_message: 'Be kind.',
      model: 'gpt-4o',
    };
    const response = await call('/api/v1/chats', { body });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe(JSON_TYPE);
    const chat = await response.json();
    expect(chat).toEqual({
      ...body,
      id: expect.stringMatching(/^chat_[0-9A-Za-z]{16}$/),
      created_at: expect.stringMatching(ISO),
      updated_at: chat.created_at,
    });
    expect(mock.state.chats).toEqual([chat]);
  });

  it('puts a chat without project_id in proj_default and leaves absent fields null', async () => {
    const chat = await createChat({ ai_provider_id: 'aip_1' });
    expect(chat).toMatchObject({
      project_id: 'proj_default',
      name: null,
      system_message: null,
      model: null,
    });
  });

  it('gives every chat a different id', async () => {
    const [first, second] = [await createChat(), await createChat()];
    expect(first.id).not.toBe(second.id);
  });
});

describe('GET /api/v1/chats', () => {
  it('answers a bare array, newest first', async () => {
    const first = await createChat({ name: 'first' });
    const second = await createChat({ name: 'second' });
    const response = await call('/api/v1/chats');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(JSON_TYPE);
    expect(await response.json()).toEqual([second, first]);
  });

  it('keeps only the chats of the project_id given in the query', async () => {
    await createChat({ project_id: 'proj_A' });
    const b = await createChat({ project_id: 'proj_B' });
    const response = await call('/api/v1/chats?project_id=proj_B');
    expect(await response.json()).toEqual([b]);
  });

  it('answers an empty array when there is no chat', async () => {
    expect(await wire(await call('/api/v1/chats'))).toEqual({
      status: 200,
      contentType: JSON_TYPE,
      body: '[]',
    });
  });
});

describe('GET /api/v1/chats/{chat_id}', () => {
  it('answers 200 with the chat', async () => {
    const chat = await createChat();
    const response = await call(`/api/v1/chats/${chat.id}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(JSON.stringify(chat));
  });

  it('answers 404 RESOURCE_NOT_FOUND with the chat id in meta for a missing chat', async () => {
    expect(await wire(await call('/api/v1/chats/cht_missing'))).toEqual({
      status: 404,
      contentType: JSON_TYPE,
      body: '{"error":{"code":"RESOURCE_NOT_FOUND","message":"Chat not found","meta":{"chat_id":"cht_missing"}}}',
    });
  });
});

describe('DELETE /api/v1/chats/{chat_id}', () => {
  it('answers 204 with an empty body and no content type, and forgets the chat', async () => {
    const chat = await createChat();
    const response = await call(`/api/v1/chats/${chat.id}`, { method: 'DELETE' });
    expect(await wire(response)).toEqual({ status: 204, contentType: null, body: '' });
    expect(mock.state.chats).toEqual([]);
    expect((await call(`/api/v1/chats/${chat.id}`)).status).toBe(404);
  });

  it('answers 404 RESOURCE_NOT_FOUND for a missing chat', async () => {
    const response = await call('/api/v1/chats/cht_gone', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: 'RESOURCE_NOT_FOUND',
        message: 'Chat not found',
        meta: { chat_id: 'cht_gone' },
      },
    });
  });
});

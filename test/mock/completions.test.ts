import { describe, expect, it } from 'vitest';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { mock } from '../setup.js';
import { call, createChat, userSays, wire } from './helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const STATELESS = '/api/v1/chats/completions';
const forChat = (id: string) => `/api/v1/chats/${id}/completions`;

describe('POST /api/v1/chats/completions', () => {
  it('answers the exact completion JSON', async () => {
    const response = await call(STATELESS, {
      body: { ai_provider_id: 'aip_1', messages: userSays('Hello!') },
    });
    expect(await wire(response)).toEqual({
      status: 200,
      contentType: JSON_TYPE,
      body: '{"object":"chat.completion","model":"mock-model","choices":[{"index":0,"message":{"role":"assistant","content":"You said: Hello!"},"finish_reason":"stop"}]}',
    });
  });

  it('streams one event per word, then [DONE], with the SSE headers', async () => {
    const response = await call(STATELESS, {
      body: { ai_provider_id: 'aip_1', messages: userSays('Hello!'), stream: true },
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    expect(await response.text()).toBe(
      'data: {"choices":[{"delta":{"content":"You"}}]}\n\n' +
        'data: {"choices":[{"delta":{"content":" said:"}}]}\n\n' +
        'data: {"choices":[{"delta":{"content":" Hello!"}}]}\n\n' +
        'data: [DONE]\n\n',
    );
  });

  it('names the model of the request in the answer', async () => {
    const response = await call(STATELESS, {
      body: { ai_provider_id: 'aip_1', model: 'gpt-4o', messages: userSays('x') },
    });
    expect((await response.json()).model).toBe('gpt-4o');
  });

  it('answers the last user message', async () => {
    const messages = [
      ...userSays('first'),
      { role: 'assistant', content: 'ok' },
      ...userSays('second'),
    ];
    const response = await call(STATELESS, { body: { ai_provider_id: 'aip_1', messages } });
    expect((await response.json()).choices[0].message.content).toBe('You said: second');
  });

  it('ignores a top-level system_message, as the real 0.12 server does', async () => {
    const response = await call(STATELESS, {
      body: { ai_provider_id: 'aip_1', system_message: 'Top.', messages: userSays('x') },
    });
    expect(response.status).toBe(200);
    expect(mock.state.completions[0]).toMatchObject({
      chatId: null,
      aiProviderId: 'aip_1',
      systemMessage: null,
    });
  });

  it('lets the first system message in messages win over the top-level system_message', async () => {
    const messages = [
      { role: 'system', content: 'First.' },
      { role: 'system', content: 'Second.' },
      ...userSays('x'),
    ];
    await call(STATELESS, { body: { ai_provider_id: 'aip_1', system_message: 'Top.', messages } });
    expect(mock.state.completions[0]?.systemMessage).toBe('First.');
  });
});

describe('POST /api/v1/chats/{chat_id}/completions', () => {
  it("answers with the chat's model", async () => {
    const chat = await createChat({ model: 'gpt-4o' });
    const response = await call(forChat(chat.id), { body: { messages: userSays('Hi') } });
    expect(await response.json()).toEqual({
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'You said: Hi' },
          finish_reason: 'stop',
        },
      ],
    });
  });

  it("prefers the request's model to the chat's", async () => {
    const chat = await createChat({ model: 'gpt-4o' });
    const response = await call(forChat(chat.id), {
      body: { model: 'o3', messages: userSays('Hi') },
    });
    expect((await response.json()).model).toBe('o3');
  });

  it('falls back to mock-model when neither the request nor the chat names a model', async () => {
    const chat = await createChat();
    const response = await call(forChat(chat.id), { body: { messages: userSays('Hi') } });
    expect((await response.json()).model).toBe('mock-model');
  });

  it('streams the exact SSE bytes', async () => {
    const chat = await createChat();
    const response = await call(forChat(chat.id), {
      body: { messages: userSays('Hello from'), stream: true },
    });
    expect(await response.text()).toBe(
      encodeEventStream([delta('You'), delta(' said:'), delta(' Hello'), delta(' from')]),
    );
  });

  it("uses the chat's stored system message", async () => {
    const chat = await createChat({ system_message: 'Stored.' });
    await call(forChat(chat.id), { body: { messages: userSays('Hi') } });
    expect(mock.state.completions[0]).toMatchObject({
      chatId: chat.id,
      aiProviderId: 'aip_1',
      systemMessage: 'Stored.',
    });
  });

  it('lets a system message in messages replace the stored one for that call only', async () => {
    const chat = await createChat({ system_message: 'Stored.' });
    await call(forChat(chat.id), {
      body: { messages: [{ role: 'system', content: 'Override.' }, ...userSays('Hi')] },
    });
    await call(forChat(chat.id), { body: { messages: userSays('Again') } });
    expect(mock.state.completions.map((completion) => completion.systemMessage)).toEqual([
      'Override.',
      'Stored.',
    ]);
    expect(mock.state.chats[0]?.system_message).toBe('Stored.');
  });

  it('answers 400 CHAT_NOT_FOUND as JSON for a missing chat', async () => {
    const response = await call(forChat('x'), { body: { messages: userSays('Hi') } });
    expect(await wire(response)).toEqual({
      status: 400,
      contentType: JSON_TYPE,
      body: `{"error":{"code":"CHAT_NOT_FOUND","message":"Chat 'x' not found."}}`,
    });
  });

  it('reports a missing chat as the first and only event of a 200 stream', async () => {
    const response = await call(forChat('x'), { body: { messages: userSays('Hi'), stream: true } });
    expect(await wire(response)).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      body: `data: {"error":"Chat 'x' not found."}\n\n`,
    });
  });
});

describe('documents', () => {
  it('resolves a document_id message to the seeded content', async () => {
    mock.seedDocument('doc_1', 'Reset it in settings.');
    const chat = await createChat();
    const response = await call(forChat(chat.id), {
      body: { messages: [{ role: 'user', document_id: 'doc_1' }] },
    });
    expect((await response.json()).choices[0].message.content).toBe(
      'You said: Reset it in settings.',
    );
    expect(mock.state.completions[0]?.messages).toEqual([
      { role: 'user', content: 'Reset it in settings.' },
    ]);
  });

  it('resolves a system document as the system message in effect', async () => {
    mock.seedDocument('doc_sys', 'From a document.');
    const chat = await createChat({ system_message: 'Stored.' });
    await call(forChat(chat.id), {
      body: { messages: [{ role: 'system', document_id: 'doc_sys' }, ...userSays('Hi')] },
    });
    expect(mock.state.completions[0]?.systemMessage).toBe('From a document.');
  });

  it('answers 404 RESOURCE_NOT_FOUND for an unknown document, before any stream starts', async () => {
    const chat = await createChat();
    const body = { messages: [{ role: 'user', document_id: 'doc_nope' }], stream: true };
    expect(await wire(await call(forChat(chat.id), { body }))).toEqual({
      status: 404,
      contentType: JSON_TYPE,
      body: '{"error":{"code":"RESOURCE_NOT_FOUND","message":"Document not found"}}',
    });
    expect(mock.state.completions).toEqual([]);
  });

  it('keeps seeded documents across reset()', async () => {
    mock.seedDocument('doc_kept', 'Kept.');
    mock.reset();
    expect(mock.state.documents.get('doc_kept')).toBe('Kept.');
  });
});

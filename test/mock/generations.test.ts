import { describe, expect, it } from 'vitest';
import { SoatError } from '../../src/errors.js';
import {
  createSoatBackend,
  createSoatMock,
  type SoatBackend,
  SYSTEM_MESSAGE_HEADER,
} from '../../src/mock/index.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const user = (content: string) => ({ role: 'user', content });

/** A backend playing `serverVersion`, and a helper that sends it one request. */
function playing(serverVersion: string | undefined, aiProviders?: string[]) {
  const backend: SoatBackend = createSoatBackend({ serverVersion, aiProviders });
  const send = async (method: string, path: string, body?: unknown, token = 'sk_x') => {
    const response = await backend.handle(
      new Request(`http://soat.test${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  const json = async (method: string, path: string, body?: unknown) => {
    const answer = await send(method, path, body);
    return { status: answer.status, body: JSON.parse(answer.text) };
  };
  return { backend, send, json };
}

describe('serverVersion', () => {
  it.each(['banana', '', '0.x', '1'])(
    'refuses %j with a SoatError when the mock is created',
    (version) => {
      expect(() => createSoatMock({ serverVersion: version })).toThrow(SoatError);
      expect(() => createSoatMock({ serverVersion: version })).toThrow(/serverVersion/);
    },
  );

  it('plays the documented 0.12.x when no version is given', async () => {
    const { send } = playing(undefined);
    const answer = await send('POST', '/api/v1/chats/completions', {
      ai_provider_id: 'aip_1',
      messages: [user('Hi')],
    });
    expect(answer.status).toBe(200);
  });

  it('plays the newest generation for a version newer than any known', async () => {
    const { send } = playing('3.1.4');
    const answer = await send('POST', '/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      messages: [{ role: 'system', content: 'x' }, user('Hi')],
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.code).toBe('SYSTEM_MESSAGE_NOT_ALLOWED');
  });

  it('accepts a leading v and a prerelease tail', async () => {
    const { send } = playing('v0.28.0-rc.1');
    const answer = await send('POST', '/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      messages: [user('Hi')],
    });
    expect(answer.status).toBe(200);
  });
});

describe('0.12.x (documented)', () => {
  it('ignores a top-level system_message on the stateless route and honours a leading system message', async () => {
    const { backend, json } = playing('0.12.2');
    await json('POST', '/api/v1/chats/completions', {
      ai_provider_id: 'aip_1',
      system_message: 'Ignored.',
      messages: [user('Hi')],
    });
    await json('POST', '/api/v1/chats/completions', {
      ai_provider_id: 'aip_1',
      system_message: 'Ignored.',
      messages: [{ role: 'system', content: 'Honoured.' }, user('Hi')],
    });
    expect(backend.state.completions.map((completion) => completion.systemMessage)).toEqual([
      null,
      'Honoured.',
    ]);
  });

  it('lists chats as a bare array', async () => {
    const { json } = playing('0.12.2');
    await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1' });
    const list = await json('GET', '/api/v1/chats');
    expect(Array.isArray(list.body)).toBe(true);
  });
});

describe('0.13 – 0.22', () => {
  it('serves the stateless completion at /api/v1/chat/completions and answers 405 at the old path', async () => {
    const { send } = playing('0.16.0');
    const body = { ai_provider_id: 'aip_1', messages: [user('Hi')] };
    expect((await send('POST', '/api/v1/chat/completions', body)).status).toBe(200);
    expect(await send('POST', '/api/v1/chats/completions', body)).toEqual({
      status: 405,
      contentType: 'text/plain; charset=utf-8',
      text: 'Method Not Allowed',
    });
  });

  it('answers HEAD wherever it answers GET, as Koa does', async () => {
    const { backend } = playing('0.16.0');
    const response = await backend.handle(
      new Request('http://soat.test/api/v1/chats', {
        method: 'HEAD',
        headers: { authorization: 'Bearer t' },
      }),
    );
    expect(response.status).toBe(200);
  });

  it("answers 405 with Koa's Allow header, before any auth check", async () => {
    const { backend } = playing('0.16.0');
    const response = await backend.handle(
      new Request('http://soat.test/api/v1/chats/completions', { method: 'POST' }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('HEAD, GET, DELETE');
  });

  it('keeps the per-chat route, with the stored system_message', async () => {
    const { backend, json } = playing('0.20.0');
    const chat = await json('POST', '/api/v1/chats', {
      ai_provider_id: 'aip_1',
      system_message: 'Stored.',
    });
    expect(chat.body.system_message).toBe('Stored.');
    const answer = await json('POST', `/api/v1/chats/${chat.body.id}/completions`, {
      messages: [user('Hi')],
    });
    expect(answer.status).toBe(200);
    expect(backend.state.completions[0]?.systemMessage).toBe('Stored.');
  });

  it('silently ignores a top-level system_message and unknown fields on the stateless completion', async () => {
    const { backend, send } = playing('0.22.1');
    const answer = await send('POST', '/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      system_message: 'Ignored.',
      temperature: 0.2,
      messages: [{ ...user('Hi'), id: 'ui_1' }],
    });
    expect(answer.status).toBe(200);
    expect(backend.state.completions[0]).toMatchObject({
      systemMessage: null,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('accepts unknown fields on POST /chats before 0.13.9', async () => {
    const { json } = playing('0.13.8');
    expect(
      (await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1', colour: 'red' })).status,
    ).toBe(201);
  });

  it('refuses unknown fields on POST /chats from 0.13.9 with 400 VALIDATION_FAILED', async () => {
    const { send } = playing('0.13.9');
    expect(
      await send('POST', '/api/v1/chats', { ai_provider_id: 'aip_1', instructions: 'x' }),
    ).toEqual({
      status: 400,
      contentType: JSON_TYPE,
      text: '{"error":{"code":"VALIDATION_FAILED","message":"Unknown field(s): instructions","meta":{"unknownFields":["instructions"]}}}',
    });
  });

  it('names unknown fields in camelCase before 0.17, as the server camel-cased bodies first', async () => {
    const { json } = playing('0.16.3');
    expect(
      (await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1', model_route_id: 'r' })).body,
    ).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Unknown field(s): modelRouteId',
        meta: { unknownFields: ['modelRouteId'] },
      },
    });
  });

  it('lists chats as an array before 0.15.13 and as a page from it', async () => {
    const before = playing('0.15.12');
    await before.json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1' });
    expect(Array.isArray((await before.json('GET', '/api/v1/chats')).body)).toBe(true);
    const after = playing('0.15.13');
    const chat = await after.json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1' });
    expect((await after.json('GET', '/api/v1/chats')).body).toEqual({
      data: [chat.body],
      total: 1,
      limit: 50,
      offset: 0,
    });
  });

  it('answers 401 as a string before 0.20.1 and with a code from it', async () => {
    const before = playing('0.20.0');
    expect((await before.send('GET', '/api/v1/chats', undefined, '')).text).toBe(
      '{"error":"Unauthorized"}',
    );
    const after = playing('0.20.1');
    expect((await after.send('GET', '/api/v1/chats', undefined, '')).text).toBe(
      '{"error":{"code":"UNAUTHORIZED","message":"Unauthorized"}}',
    );
  });

  it('reports an unknown provider of a streamed stateless completion inside a 200 stream', async () => {
    const { send } = playing('0.18.0', ['aip_known']);
    expect(
      await send('POST', '/api/v1/chat/completions', {
        ai_provider_id: 'aip_other',
        messages: [user('Hi')],
        stream: true,
      }),
    ).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      text: 'data: {"error":"AI provider not found"}\n\n',
    });
  });

  it('refuses an empty messages array with the server own message', async () => {
    const { json } = playing('0.21.0');
    expect(
      await json('POST', '/api/v1/chat/completions', { ai_provider_id: 'aip_1', messages: [] }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'messages is required and must be a non-empty array',
        },
      },
    });
  });
});

describe('0.23 – 0.28', () => {
  it('answers 404 on the removed per-chat route and 405 on the 0.12 stateless path', async () => {
    const { send, json } = playing('0.28.0');
    const chat = await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1' });
    const body = { messages: [user('Hi')] };
    expect(await send('POST', `/api/v1/chats/${chat.body.id}/completions`, body)).toEqual({
      status: 404,
      contentType: 'text/plain; charset=utf-8',
      text: 'Not Found',
    });
    expect((await send('POST', '/api/v1/chats/completions', body)).status).toBe(405);
  });

  it('stores and returns instructions on a chat, without system_message', async () => {
    const { json } = playing('0.28.0');
    const chat = await json('POST', '/api/v1/chats', {
      ai_provider_id: 'aip_1',
      instructions: 'Be brief.',
    });
    expect(chat.status).toBe(201);
    expect(chat.body.instructions).toBe('Be brief.');
    expect(chat.body).not.toHaveProperty('system_message');
    expect((await json('GET', `/api/v1/chats/${chat.body.id}`)).body).toEqual(chat.body);
  });

  it('refuses system_message on POST /chats as an unknown field', async () => {
    const { json } = playing('0.23.0');
    expect(
      await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1', system_message: 'x' }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Unknown field(s): system_message',
          meta: { unknownFields: ['system_message'] },
        },
      },
    });
  });

  it('refuses a system message in messages with 400 SYSTEM_MESSAGE_NOT_ALLOWED', async () => {
    const { backend, json } = playing('0.28.0');
    expect(
      await json('POST', '/api/v1/chat/completions', {
        ai_provider_id: 'aip_1',
        messages: [{ role: 'system', content: 'Be brief.' }, user('Hi')],
      }),
    ).toEqual({
      status: 400,
      body: {
        error: {
          code: 'SYSTEM_MESSAGE_NOT_ALLOWED',
          message:
            'A system message is not accepted in `messages`. Send system content in the `instructions` field instead.',
        },
      },
    });
    expect(backend.state.completions).toEqual([]);
  });

  it('silently ignores a system_message on a completion: the answer comes without the prompt', async () => {
    const { backend, json } = playing('0.28.0');
    const answer = await json('POST', '/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      system_message: 'Lost.',
      messages: [user('Hi')],
    });
    expect(answer.status).toBe(200);
    expect(backend.state.completions[0]?.systemMessage).toBeNull();
  });

  it('applies instructions on a stateless completion', async () => {
    const { backend, json } = playing('0.28.0');
    await json('POST', '/api/v1/chat/completions', {
      ai_provider_id: 'aip_1',
      instructions: 'Be brief.',
      messages: [user('Hi')],
    });
    expect(backend.state.completions[0]?.systemMessage).toBe('Be brief.');
  });

  it("runs a chat's completion with chat_id in the body: the stored instructions, replaced by the call's", async () => {
    const { backend, json } = playing('0.28.0');
    const chat = await json('POST', '/api/v1/chats', {
      ai_provider_id: 'aip_1',
      instructions: 'Stored.',
      model: 'gpt-chat',
    });
    await json('POST', '/api/v1/chat/completions', {
      chat_id: chat.body.id,
      messages: [user('a')],
    });
    await json('POST', '/api/v1/chat/completions', {
      chat_id: chat.body.id,
      instructions: 'Replaced.',
      messages: [user('b')],
    });
    expect(
      backend.state.completions.map(({ chatId, systemMessage, model }) => ({
        chatId,
        systemMessage,
        model,
      })),
    ).toEqual([
      { chatId: chat.body.id, systemMessage: 'Stored.', model: 'gpt-chat' },
      { chatId: chat.body.id, systemMessage: 'Replaced.', model: 'gpt-chat' },
    ]);
  });

  it.each([
    [
      { ai_provider_id: 'aip_1', chat_id: 'chat_1' },
      'ai_provider_id and chat_id are mutually exclusive',
    ],
    [{}, 'ai_provider_id or chat_id is required'],
  ])('refuses a completion naming %j with 400 VALIDATION_FAILED', async (target, message) => {
    const { json } = playing('0.28.0');
    expect(
      await json('POST', '/api/v1/chat/completions', { ...target, messages: [user('Hi')] }),
    ).toEqual({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message } } });
  });

  it('answers an unknown provider with 404 before any stream', async () => {
    const { send } = playing('0.28.0', ['aip_known']);
    expect(
      await send('POST', '/api/v1/chat/completions', {
        ai_provider_id: 'aip_other',
        messages: [user('Hi')],
        stream: true,
      }),
    ).toEqual({
      status: 404,
      contentType: JSON_TYPE,
      text: '{"error":{"code":"RESOURCE_NOT_FOUND","message":"AI provider not found"}}',
    });
  });

  it('reports a missing chat_id of a streamed completion inside a 200 stream', async () => {
    const { send } = playing('0.28.0');
    expect(
      await send('POST', '/api/v1/chat/completions', {
        chat_id: 'chat_missing',
        messages: [user('Hi')],
        stream: true,
      }),
    ).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      text: `data: {"error":"Chat 'chat_missing' not found."}\n\n`,
    });
  });

  it('pages the chat list with limit and offset', async () => {
    const { json } = playing('0.28.0');
    for (const name of ['a', 'b', 'c']) {
      await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1', name });
    }
    const page = await json('GET', '/api/v1/chats?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.body.data.map((chat: { name: string }) => chat.name)).toEqual(['b']);
  });

  it('answers an unknown provider on createChat with 400 AI_PROVIDER_NOT_FOUND', async () => {
    const { json } = playing('0.28.0', ['aip_known']);
    expect(await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_other' })).toEqual({
      status: 400,
      body: {
        error: { code: 'AI_PROVIDER_NOT_FOUND', message: "AI provider 'aip_other' not found." },
      },
    });
  });
});

describe('the applied system prompt, seen from outside', () => {
  it('is sent percent-encoded in X-Soat-Mock-System-Message, streamed or not', async () => {
    const { backend } = playing('0.28.0');
    const ask = (stream: boolean) =>
      backend.handle(
        new Request('http://soat.test/api/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
          body: JSON.stringify({
            ai_provider_id: 'aip_1',
            instructions: 'Réponds en français.\nBrièvement.',
            messages: [user('Hi')],
            stream,
          }),
        }),
      );
    for (const stream of [false, true]) {
      const response = await ask(stream);
      const header = response.headers.get(SYSTEM_MESSAGE_HEADER);
      expect(decodeURIComponent(header ?? '')).toBe('Réponds en français.\nBrièvement.');
      await response.text();
    }
  });

  it('is absent when no prompt applied (a 0.28 completion with a system_message)', async () => {
    const { backend } = playing('0.28.0');
    const response = await backend.handle(
      new Request('http://soat.test/api/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({
          ai_provider_id: 'aip_1',
          system_message: 'x',
          messages: [user('Hi')],
        }),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.has(SYSTEM_MESSAGE_HEADER)).toBe(false);
  });
});

describe('0.12.x named explicitly (the real 0.12 server, openapi/0.12.yaml)', () => {
  it('ignores unknown fields on POST /chats, as the real 0.12 server does', async () => {
    const { json } = playing('0.12.2');
    const chat = await json('POST', '/api/v1/chats', { ai_provider_id: 'aip_1', colour: 'red' });
    expect(chat.status).toBe(201);
    expect(chat.body).not.toHaveProperty('colour');
  });

  it('answers an unknown path with Koa plain-text 404', async () => {
    const { send } = playing('0.12.5');
    expect(await send('GET', '/api/v1/nothing')).toEqual({
      status: 404,
      contentType: 'text/plain; charset=utf-8',
      text: 'Not Found',
    });
  });
});

describe('a scripted provider failure without streaming', () => {
  it('is 500 with the error before 0.23', async () => {
    const { backend, json } = playing('0.22.1');
    backend.reply({ error: 'provider down' });
    expect(
      await json('POST', '/api/v1/chat/completions', {
        ai_provider_id: 'a',
        messages: [user('x')],
      }),
    ).toEqual({ status: 500, body: { error: 'provider down' } });
  });

  it('is 502 AI_PROVIDER_ERROR from 0.23', async () => {
    const { backend, json } = playing('0.28.0');
    backend.reply({ error: 'provider down' });
    expect(
      await json('POST', '/api/v1/chat/completions', {
        ai_provider_id: 'a',
        messages: [user('x')],
      }),
    ).toEqual({
      status: 502,
      body: { error: { code: 'AI_PROVIDER_ERROR', message: 'provider down' } },
    });
  });
});

describe('0.12.x named explicitly, completions', () => {
  it('ignores unknown completion fields and still refuses what the spec requires', async () => {
    const { send } = playing('0.12.2');
    const ok = await send('POST', '/api/v1/chats/completions', {
      ai_provider_id: 'aip_1',
      temperature: 0.3,
      messages: [user('Hi')],
    });
    expect(ok.status).toBe(200);
    const refused = await send('POST', '/api/v1/chats/completions', { ai_provider_id: 'aip_1' });
    expect(refused.status).toBe(400);
  });
});

describe('POST /chats without ai_provider_id', () => {
  it('is refused as a missing required field from 0.13.9 to 0.17', async () => {
    const { json } = playing('0.17.5');
    expect((await json('POST', '/api/v1/chats', { name: 'x' })).body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Missing required field(s): ai_provider_id',
        meta: { missingFields: ['ai_provider_id'] },
      },
    });
  });

  it('is answered from 0.18 as a project without a default model route answers', async () => {
    const { json } = playing('0.28.0');
    const answer = await json('POST', '/api/v1/chats', { name: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.message).toMatch(/^This chat binds neither ai_provider_id/);
  });
});

describe('X-Request-Id', () => {
  const get = (backend: SoatBackend, requestId?: string) =>
    backend.handle(
      new Request('http://soat.test/api/v1/chats', {
        headers: { authorization: 'Bearer t', ...(requestId ? { 'x-request-id': requestId } : {}) },
      }),
    );

  it('is a new UUID on every answer from 0.15.12, errors included', async () => {
    const { backend } = playing('0.28.0');
    expect((await get(backend)).headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const missing = await backend.handle(new Request('http://soat.test/api/v1/chats/chat_x'));
    expect(missing.status).toBe(401);
    expect(missing.headers.has('x-request-id')).toBe(true);
  });

  it("echoes the request's own X-Request-Id", async () => {
    const { backend } = playing('0.15.12');
    expect((await get(backend, 'req-42')).headers.get('x-request-id')).toBe('req-42');
  });

  it('is absent before 0.15.12 and on the documented API', async () => {
    expect((await get(playing('0.15.11').backend)).headers.has('x-request-id')).toBe(false);
    expect((await get(playing(undefined).backend)).headers.has('x-request-id')).toBe(false);
  });
});

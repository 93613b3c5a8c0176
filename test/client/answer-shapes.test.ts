// A 2xx answer whose JSON is not the shape the operation promises (a proxy's own JSON, a newer
// server's list envelope, a catch-all route) is a SoatError quoting it, never `data` typed as
// something it is not. Found by attacking the packed package with a server that answers the
// wrong type.
import { describe, expect, it } from 'vitest';
import { SoatClient, SoatError } from '../../src/index.js';

/** A client whose every call is answered 200 with `body` as JSON. */
function clientAnswering(body: unknown): SoatClient {
  return new SoatClient({
    baseUrl: 'https://api.example.com',
    token: 'sk_test',
    maxRetries: 0,
    fetch: async () => Response.json(body),
  });
}

const completion = {
  body: { ai_provider_id: 'aip_1', messages: [{ role: 'user' as const, content: 'Hi' }] },
};

describe('answers of the wrong shape', () => {
  it.each([
    ['an array', [1, 2]],
    ['an object without choices', { weird: true }],
    ['choices that are not a list', { choices: 'Hi' }],
    ['null', null],
    ['a second choice without text', { choices: [{ message: { content: 'a' } }, { message: {} }] }],
    ['a choice without a message', { choices: [{}] }],
    ['a null choice', { choices: [null] }],
  ])('a completion answered with %s rejects with a SoatError quoting it', async (_, body) => {
    const failure = await clientAnswering(body)
      .chats.createChatCompletion(completion)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toMatch(
      /^POST \/api\/v1\/chats\/completions: expected a completion, got /,
    );
  });

  it('a chat list answered with an object that is no page rejects with a SoatError', async () => {
    const failure = await clientAnswering({ chats: [], total: 0 })
      .chats.listChats()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      'GET /api/v1/chats: expected a list of chats, got "{\\"chats\\":[],\\"total\\":0}"',
    );
  });

  it('a chat list answered as a page (SOAT 0.15.13 and later) comes back as its array', async () => {
    const chat = { id: 'chat_1', ai_provider_id: 'aip_1', instructions: 'Be brief.' };
    const page = { data: [chat], total: 1, limit: 50, offset: 0 };
    expect((await clientAnswering(page).chats.listChats()).data).toEqual([
      { ...chat, system_message: 'Be brief.' },
    ]);
  });

  it('a chat answered with a list rejects with a SoatError', async () => {
    const failure = await clientAnswering([{ id: 'chat_1' }])
      .chats.getChat({ path: { chat_id: 'chat_1' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toMatch(
      /^GET \/api\/v1\/chats\/chat_1: expected a chat, got /,
    );
  });

  it('a chat answered with null rejects with a SoatError', async () => {
    const failure = await clientAnswering(null)
      .chats.getChat({ path: { chat_id: 'chat_1' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      'GET /api/v1/chats/chat_1: expected a chat, got "null"',
    );
  });

  it('a created chat without an id rejects with a SoatError', async () => {
    const failure = await clientAnswering({ name: 'x' })
      .chats.createChat({ body: { ai_provider_id: 'aip_1' } })
      .catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/^POST \/api\/v1\/chats: expected a chat, got /);
  });

  it('a well-formed chat, list and completion still come back as data', async () => {
    const chat = { id: 'chat_1', ai_provider_id: 'aip_1' };
    expect(
      (await clientAnswering(chat).chats.getChat({ path: { chat_id: 'chat_1' } })).data,
    ).toEqual(chat);
    expect((await clientAnswering([chat]).chats.listChats()).data).toEqual([chat]);
    const whole = {
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' } }],
    };
    expect((await clientAnswering(whole).chats.createChatCompletion(completion)).data).toEqual(
      whole,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { mock } from '../setup.js';
import { createTestClient, userSays } from './helpers.js';

const soat = createTestClient({ headers: { 'X-App': 'tests' } });

describe('createChat', () => {
  it('POSTs the body to /api/v1/chats with the bearer token and resolves to the chat', async () => {
    const body = {
      project_id: 'proj_ABC',
      ai_provider_id: 'aip_abc123',
      name: 'Support Assistant',
    };
    const { data, error, response } = await soat.chats.createChat({ body });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ ...body, id: expect.stringMatching(/^chat_/) });
    const [request] = mock.state.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/v1/chats', body });
    expect(request?.headers.authorization).toBe('Bearer sk_test');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('sends the client headers with every request', async () => {
    await soat.chats.listChats();
    expect(mock.state.requests[0]?.headers['x-app']).toBe('tests');
  });

  it('adds per-call headers to the client ones', async () => {
    await soat.chats.listChats({ headers: { 'X-Trace': 'abc' } });
    expect(mock.state.requests[0]?.headers).toMatchObject({ 'x-app': 'tests', 'x-trace': 'abc' });
  });
});

describe('listChats', () => {
  it('GETs /api/v1/chats and resolves to the chats, newest first', async () => {
    const first = await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', name: 'first' } });
    const second = await soat.chats.createChat({
      body: { ai_provider_id: 'aip_1', name: 'second' },
    });
    const { data } = await soat.chats.listChats();
    expect(data?.map((chat) => chat.id)).toEqual([second.data?.id, first.data?.id]);
  });

  it('sends project_id as a query parameter', async () => {
    await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', project_id: 'proj_A' } });
    await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', project_id: 'proj_B' } });
    const { data } = await soat.chats.listChats({ query: { project_id: 'proj_B' } });
    expect(data?.map((chat) => chat.project_id)).toEqual(['proj_B']);
    expect(mock.state.requests.at(-1)).toMatchObject({
      method: 'GET',
      query: { project_id: 'proj_B' },
    });
  });
});

describe('listChats paging on a server that answers every chat (SOAT 0.12)', () => {
  const createChats = async (count: number) => {
    for (let n = 0; n < count; n++) {
      await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', name: `chat ${n}` } });
    }
  };

  it('cuts the page that limit and offset ask for from the whole list', async () => {
    await createChats(5);
    const { data, error } = await soat.chats.listChats({ query: { limit: 2, offset: 2 } });
    expect(error).toBeUndefined();
    expect(data?.map((chat) => chat.name)).toEqual(['chat 2', 'chat 1']);
  });

  it('ends a paging loop after the last page', async () => {
    await createChats(5);
    const names: string[] = [];
    let calls = 0;
    for (let offset = 0; calls < 10; offset += 2) {
      calls++;
      const { data } = await soat.chats.listChats({ query: { limit: 2, offset } });
      names.push(...(data ?? []).map((chat) => chat.name ?? ''));
      if ((data ?? []).length < 2) break;
    }
    expect(calls).toBe(3);
    expect(names).toEqual(['chat 4', 'chat 3', 'chat 2', 'chat 1', 'chat 0']);
  });

  it('leaves the whole list as it is without limit or offset', async () => {
    await createChats(3);
    const { data } = await soat.chats.listChats();
    expect(data).toHaveLength(3);
  });
});

describe('getChat and deleteChat', () => {
  it('GETs /api/v1/chats/{chat_id}', async () => {
    const { data: chat } = await soat.chats.createChat({ body: { ai_provider_id: 'aip_1' } });
    const chat_id = chat?.id ?? '';
    const { data } = await soat.chats.getChat({ path: { chat_id } });
    expect(data).toEqual(chat);
    expect(mock.state.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/api/v1/chats/${chat_id}`,
    });
  });

  it('escapes the chat id in the path', async () => {
    await soat.chats.getChat({ path: { chat_id: 'a/b c' } });
    expect(mock.state.requests.at(-1)?.path).toBe('/api/v1/chats/a%2Fb%20c');
  });

  it('DELETEs a chat and resolves a 204 to undefined data and no error', async () => {
    const { data: chat } = await soat.chats.createChat({ body: { ai_provider_id: 'aip_1' } });
    const result = await soat.chats.deleteChat({ path: { chat_id: chat?.id ?? '' } });
    expect(result.response.status).toBe(204);
    expect(result.data).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(mock.state.chats).toEqual([]);
  });
});

describe('createChatCompletion', () => {
  it('POSTs a stateless completion and resolves to the completion JSON', async () => {
    const body = {
      ai_provider_id: 'aip_abc123',
      system_message: 'Be brief.',
      messages: userSays('Hello!'),
    };
    const { data } = await soat.chats.createChatCompletion({ body });
    expect(data).toEqual({
      object: 'chat.completion',
      model: 'mock-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'You said: Hello!' },
          finish_reason: 'stop',
        },
      ],
    });
    // SOAT 0.12 ignores a top-level system_message on this route: it goes as a system message.
    expect(mock.state.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/chats/completions',
      body: {
        ai_provider_id: 'aip_abc123',
        messages: [{ role: 'system', content: 'Be brief.' }, ...userSays('Hello!')],
      },
    });
    expect(mock.state.requests[0]?.body).not.toHaveProperty('system_message');
  });

  it('streams the answer chunk by chunk with stream: true', async () => {
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: userSays('Hello there'), stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta?.content ?? '');
    expect(pieces).toEqual(['You', ' said:', ' Hello', ' there']);
  });
});

describe('createChatCompletionForChat', () => {
  it("POSTs to the chat's completions path and uses the chat's configuration", async () => {
    const { data: chat } = await soat.chats.createChat({
      body: { ai_provider_id: 'aip_1', system_message: 'Stored.', model: 'gpt-4o' },
    });
    const chat_id = chat?.id ?? '';
    const { data } = await soat.chats.createChatCompletionForChat({
      path: { chat_id },
      body: { messages: userSays('Hi') },
    });
    expect(data?.model).toBe('gpt-4o');
    expect(data?.choices[0]?.message.content).toBe('You said: Hi');
    expect(mock.state.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/api/v1/chats/${chat_id}/completions`,
      body: { messages: userSays('Hi') },
    });
  });

  it('streams a per-chat completion into text()', async () => {
    const { data: chat } = await soat.chats.createChat({ body: { ai_provider_id: 'aip_1' } });
    mock.reply({ pieces: ['Hel', 'lo'] });
    const { data: stream, error } = await soat.chats.createChatCompletionForChat({
      path: { chat_id: chat?.id ?? '' },
      body: { messages: userSays('Hi'), stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    await expect(stream.text()).resolves.toBe('Hello');
  });
});

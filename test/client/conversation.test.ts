import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  type ChatMessage,
  Conversation,
  SoatConnectionError,
  SoatError,
  SoatStreamError,
} from '../../src/index.js';
import { BASE_URL, mock, server } from '../setup.js';
import { createTestClient } from './helpers.js';

const soat = createTestClient();
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const stateless = () => new Conversation(soat.chats, { ai_provider_id: 'aip_1' });
const completionsPath = `${BASE_URL}/api/v1/chats/completions`;

/** The messages each completion the mock ran received, in order. */
const received = () => mock.state.completions.map((completion) => completion.messages);

describe('a conversation, without streaming', () => {
  it('appends the user message and the answer once the answer arrived', async () => {
    const conversation = stateless();
    const { data, error } = await conversation.send('Hi');
    expect(error).toBeUndefined();
    expect(data?.choices[0]?.message.content).toBe('You said: Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
  });

  it('sends the first turn as history with the second turn', async () => {
    const conversation = stateless();
    await conversation.send('Hi');
    await conversation.send('Again');
    expect(received()).toEqual([
      [user('Hi')],
      [user('Hi'), assistant('You said: Hi'), user('Again')],
    ]);
    expect(conversation.messages).toHaveLength(4);
  });

  it('runs stateless completions with its provider, system message and model', async () => {
    const conversation = new Conversation(soat.chats, {
      ai_provider_id: 'aip_7',
      system_message: 'Be brief.',
      model: 'gpt-test',
    });
    await conversation.send('Hi');
    expect(mock.state.completions[0]).toMatchObject({
      chatId: null,
      aiProviderId: 'aip_7',
      systemMessage: 'Be brief.',
      model: 'gpt-test',
    });
  });

  it("runs per-chat completions with the chat's settings", async () => {
    const { data: chat } = await soat.chats.createChat({
      body: { ai_provider_id: 'aip_chat', system_message: 'Stored system message.' },
    });
    const conversation = new Conversation(soat.chats, { chat_id: chat?.id as string });
    await conversation.send('Hi');
    await conversation.send('Again');
    expect(
      mock.state.completions.map(({ chatId, aiProviderId }) => [chatId, aiProviderId]),
    ).toEqual([
      [chat?.id, 'aip_chat'],
      [chat?.id, 'aip_chat'],
    ]);
    expect(received()[1]).toEqual([user('Hi'), assistant('You said: Hi'), user('Again')]);
  });

  it('starts from restored messages and sends them first', async () => {
    const restored = [user('Earlier'), assistant('Earlier answer')];
    const conversation = new Conversation(soat.chats, {
      ai_provider_id: 'aip_1',
      messages: restored,
    });
    expect(conversation.messages).toEqual(restored);
    await conversation.send('Now');
    expect(received()).toEqual([[...restored, user('Now')]]);
  });

  it('sends several messages as one turn and appends them together with the answer', async () => {
    const conversation = stateless();
    await conversation.send([{ role: 'system', content: 'Answer in French.' }, user('Hi')]);
    expect(conversation.messages).toEqual([
      { role: 'system', content: 'Answer in French.' },
      user('Hi'),
      assistant('You said: Hi'),
    ]);
  });

  it('passes per-call options on to the request', async () => {
    await stateless().send('Hi', { headers: { 'x-trace': 'turn-1' } });
    expect(mock.state.requests[0]?.headers['x-trace']).toBe('turn-1');
  });

  it('appends nothing after an error result, and the same turn can be sent again', async () => {
    const conversation = new Conversation(soat.chats, { chat_id: 'cht_missing' });
    const { error } = await conversation.send('Hi');
    expect(error).toMatchObject({ error: { code: 'CHAT_NOT_FOUND' } });
    expect(conversation.messages).toEqual([]);
    const again = await conversation.send('Hi');
    expect(again.error).toBeDefined();
  });

  it('appends nothing when the call throws, and accepts the next send', async () => {
    server.use(http.post(completionsPath, () => HttpResponse.error()));
    const conversation = stateless();
    await expect(conversation.send('Hi')).rejects.toBeInstanceOf(SoatConnectionError);
    expect(conversation.messages).toEqual([]);
    server.resetHandlers();
    await conversation.send('Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
  });

  it('refuses a send while the previous one is unfinished, sending nothing', async () => {
    const conversation = stateless();
    const first = conversation.send('One');
    const second = conversation.send('Two');
    await expect(second).rejects.toBeInstanceOf(SoatError);
    await expect(second).rejects.toThrow(/previous send is unfinished/);
    await first;
    expect(received()).toEqual([[user('One')]]);
    expect(conversation.messages).toEqual([user('One'), assistant('You said: One')]);
  });
});

describe('a conversation, streaming', () => {
  it('appends the turn once the stream was read to [DONE] with for await', async () => {
    // Paced, so that [DONE] cannot have arrived before the loop reads.
    mock.reply({ text: 'You said: Hi', pauseMs: 5 });
    const conversation = stateless();
    const { data: stream, error } = await conversation.send('Hi', { stream: true });
    if (error) throw new Error(JSON.stringify(error));
    expect(conversation.messages).toEqual([]);
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('You said: Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
  });

  it('appends the turn once text() resolved, and sends it with the next turn', async () => {
    const conversation = stateless();
    const { data: stream, error } = await conversation.send('Hi', { stream: true });
    if (error) throw new Error(JSON.stringify(error));
    expect(await stream.text()).toBe('You said: Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
    const next = await conversation.send('Again', { stream: true });
    await next.data?.text();
    expect(received()[1]).toEqual([user('Hi'), assistant('You said: Hi'), user('Again')]);
  });

  it('refuses a send while the previous stream is not read to its end', async () => {
    const conversation = stateless();
    const { data: stream } = await conversation.send('One', { stream: true });
    await expect(conversation.send('Two')).rejects.toThrow(/previous send is unfinished/);
    await stream?.text();
    expect(received()).toEqual([[user('One')]]);
  });

  it('appends nothing when the stream fails mid-answer, and accepts the retry', async () => {
    mock.reply({ pieces: ['Hel', 'lo', ' world'], failAfter: 2, error: 'terminated' });
    const conversation = stateless();
    const { data: stream, error } = await conversation.send('Hi', { stream: true });
    if (error) throw new Error(JSON.stringify(error));
    const failure = await stream.text().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect(conversation.messages).toEqual([]);
    const retry = await conversation.send('Hi', { stream: true });
    expect(await retry.data?.text()).toBe('You said: Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
  });

  it('appends nothing when the stream is aborted, and accepts the next send', async () => {
    mock.reply({ pieces: ['one', ' two', ' three'], pauseMs: 10_000 });
    const conversation = stateless();
    const { data: stream, error } = await conversation.send('Count', { stream: true });
    if (error) throw new Error(JSON.stringify(error));
    for await (const _ of stream) stream.abort();
    expect(conversation.messages).toEqual([]);
    await conversation.send('Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
  });

  it('appends nothing when the loop leaves the stream early, and accepts the next send', async () => {
    const conversation = stateless();
    const { data: stream, error } = await conversation.send('Count', { stream: true });
    if (error) throw new Error(JSON.stringify(error));
    for await (const _ of stream) break;
    await conversation.send('Hi');
    expect(conversation.messages).toEqual([user('Hi'), assistant('You said: Hi')]);
  });

  it('appends nothing after an error sent as the first event, and accepts the retry', async () => {
    const conversation = new Conversation(soat.chats, { chat_id: 'cht_missing' });
    const { error } = await conversation.send('Hi', { stream: true });
    expect(error).toEqual({ error: "Chat 'cht_missing' not found." });
    expect(conversation.messages).toEqual([]);
    const again = await conversation.send('Hi', { stream: true });
    expect(again.error).toBeDefined();
  });

  it('appends nothing when the call signal aborts the stream', async () => {
    mock.reply({ pieces: ['one', ' two'], pauseMs: 10_000 });
    const controller = new AbortController();
    const conversation = stateless();
    const { data: stream } = await conversation.send('Count', {
      stream: true,
      signal: controller.signal,
    });
    controller.abort(new Error('Stopped'));
    await expect(stream?.text()).rejects.toThrow('Stopped');
    expect(conversation.messages).toEqual([]);
    await conversation.send('Hi');
    expect(conversation.messages).toHaveLength(2);
  });
});

describe('the history and bad input', () => {
  it.each([
    ['the client instead of soat.chats', () => soat],
    ['nothing', () => undefined],
  ])('refuses %s as the first argument with a SoatError', (_, first) => {
    const build = () =>
      new Conversation(first() as unknown as typeof soat.chats, { ai_provider_id: 'aip_1' });
    expect(build).toThrow(SoatError);
    expect(build).toThrow('Conversation: the first argument must be soat.chats (of a SoatClient)');
  });

  it('gives out a frozen history that callers cannot corrupt', async () => {
    const conversation = stateless();
    const mine = user('Hi');
    await conversation.send(mine);
    mine.role = 'system';
    expect(() => (conversation.messages as ChatMessage[]).push(user('x'))).toThrow(TypeError);
    expect(() => {
      (conversation.messages[0] as { content: string }).content = 'changed';
    }).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(conversation.messages))).toEqual([
      user('Hi'),
      assistant('You said: Hi'),
    ]);
  });

  it('copies restored messages, so changing them later changes nothing', () => {
    const restored = [user('Earlier')];
    const conversation = new Conversation(soat.chats, {
      ai_provider_id: 'aip_1',
      messages: restored,
    });
    restored.push(user('later'));
    expect(conversation.messages).toEqual([user('Earlier')]);
  });

  it('keeps its own copy of the options', async () => {
    const options = { ai_provider_id: 'aip_first' };
    const conversation = new Conversation(soat.chats, options);
    options.ai_provider_id = 'aip_changed';
    await conversation.send('Hi');
    expect(mock.state.completions[0]?.aiProviderId).toBe('aip_first');
  });

  it.each([
    ['no chat_id nor ai_provider_id', {}],
    ['both chat_id and ai_provider_id', { chat_id: 'cht_1', ai_provider_id: 'aip_1' }],
    ['a chat_id that is not a string', { chat_id: 42 }],
    ['messages that are not an array', { ai_provider_id: 'aip_1', messages: 'Hi' }],
    ['a message without a role', { ai_provider_id: 'aip_1', messages: [{ content: 'Hi' }] }],
    ['no options at all', undefined],
  ])('throws a SoatError for options with %s', (_, options) => {
    const create = () => new Conversation(soat.chats, options as never);
    expect(create).toThrow(SoatError);
    expect(create).toThrow(/^Conversation: /);
  });

  it.each([
    ['a number', 42],
    ['no message', []],
    ['a message with an unknown role', { role: 'robot', content: 'Hi' }],
    ['a message with neither content nor document_id', { role: 'user' }],
  ])('rejects content that is %s with a SoatError, sending nothing', async (_, content) => {
    const conversation = stateless();
    await expect(conversation.send(content as never)).rejects.toBeInstanceOf(SoatError);
    expect(mock.state.requests).toEqual([]);
    await conversation.send('Hi');
    expect(conversation.messages).toHaveLength(2);
  });

  it('is a Conversation', () => {
    expect(stateless()).toBeInstanceOf(Conversation);
  });
});

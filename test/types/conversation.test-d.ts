import {
  type ChatCompletion,
  type ChatCompletionStream,
  type ChatMessage,
  Conversation,
  SoatClient,
  type SoatResult,
} from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });
const conversation = new Conversation(soat.chats, { ai_provider_id: 'aip_1' });

describe('conversation types', () => {
  test("new Conversation() takes a client's chats and builds a Conversation", () => {
    expectTypeOf(new Conversation(soat.chats, { chat_id: 'cht_1' })).toEqualTypeOf<Conversation>();
    // @ts-expect-error: the chats of a client, not the client
    new Conversation(soat, { chat_id: 'cht_1' });
  });

  test('chats has no conversation() method: Conversation is a separate export', () => {
    // @ts-expect-error: removed so that an app without conversations does not load the class
    soat.chats.conversation;
  });

  test('send() with stream: true resolves to a stream result', () => {
    expectTypeOf(conversation.send('Hi', { stream: true })).toEqualTypeOf<
      Promise<SoatResult<ChatCompletionStream>>
    >();
  });

  test('send() without stream, or with stream: false, resolves to a completion result', () => {
    expectTypeOf(conversation.send('Hi')).toEqualTypeOf<Promise<SoatResult<ChatCompletion>>>();
    expectTypeOf(conversation.send('Hi', { stream: false, timeout: 5 })).toEqualTypeOf<
      Promise<SoatResult<ChatCompletion>>
    >();
  });

  test('send() with a plain boolean resolves to either', () => {
    const stream = Math.random() > 0.5;
    expectTypeOf(conversation.send('Hi', { stream })).toEqualTypeOf<
      Promise<SoatResult<ChatCompletion | ChatCompletionStream>>
    >();
  });

  test('send() takes a string, one message or several', () => {
    const message: ChatMessage = { role: 'user', content: 'Hi' };
    conversation.send(message);
    conversation.send([message, { role: 'user', document_id: 'doc_1' }]);
    // @ts-expect-error: a number is not a message
    conversation.send(42);
    // @ts-expect-error: a role must be one of the three
    conversation.send({ role: 'robot', content: 'Hi' });
  });

  test('send() takes the per-call options and no body', () => {
    conversation.send('Hi', { signal: AbortSignal.timeout(1), headers: {}, maxRetries: 1 });
    // @ts-expect-error: the body is the conversation's
    conversation.send('Hi', { body: {} });
  });

  test('messages is a readonly array of ChatMessage', () => {
    expectTypeOf(conversation.messages).toEqualTypeOf<readonly ChatMessage[]>();
    // @ts-expect-error: the history cannot be changed from outside
    conversation.messages.push({ role: 'user', content: 'x' });
    // @ts-expect-error: nor replaced
    conversation.messages = [];
  });

  test('options name a chat or a provider, never both, never neither', () => {
    new Conversation(soat.chats, { chat_id: 'cht_1', model: 'gpt-4o', messages: [] });
    new Conversation(soat.chats, { ai_provider_id: 'aip_1', system_message: 'Be brief.' });
    // @ts-expect-error: neither
    new Conversation(soat.chats, {});
    // @ts-expect-error: both
    new Conversation(soat.chats, { chat_id: 'cht_1', ai_provider_id: 'aip_1' });
  });

  test('a system prompt, under either name, fits a chat and a provider alike', () => {
    new Conversation(soat.chats, { chat_id: 'cht_1', system_message: 'Be brief.' });
    new Conversation(soat.chats, { chat_id: 'cht_1', instructions: 'Be brief.' });
    new Conversation(soat.chats, { ai_provider_id: 'aip_1', instructions: 'Be brief.' });
    // @ts-expect-error: the prompt is text
    new Conversation(soat.chats, { ai_provider_id: 'aip_1', instructions: 1 });
  });
});

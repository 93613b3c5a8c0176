import {
  type ChatCompletion,
  type ChatCompletionStream,
  type ChatMessage,
  type Conversation,
  SoatClient,
  type SoatResult,
} from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });
const conversation = soat.chats.conversation({ ai_provider_id: 'aip_1' });

describe('conversation types', () => {
  test('chats.conversation() returns a Conversation', () => {
    expectTypeOf(conversation).toEqualTypeOf<Conversation>();
    expectTypeOf(soat.chats.conversation({ chat_id: 'cht_1' })).toEqualTypeOf<Conversation>();
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
    soat.chats.conversation({ chat_id: 'cht_1', model: 'gpt-4o', messages: [] });
    soat.chats.conversation({ ai_provider_id: 'aip_1', system_message: 'Be brief.' });
    // @ts-expect-error: neither
    soat.chats.conversation({});
    // @ts-expect-error: both
    soat.chats.conversation({ chat_id: 'cht_1', ai_provider_id: 'aip_1' });
    // @ts-expect-error: a chat has its own system message
    soat.chats.conversation({ chat_id: 'cht_1', system_message: 'Be brief.' });
  });
});

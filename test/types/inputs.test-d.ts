// Issue 11, defect 14: bodies written `as const`, and messages with both content and document_id.
import {
  type ChatCompletion,
  type ChatCompletionStream,
  type ChatMessage,
  type CreateChatCompletionRequest,
  SoatClient,
} from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });

describe('a body written as const', () => {
  test('is accepted by createChatCompletion, and stream: true still gives a stream', async () => {
    const body = {
      ai_provider_id: 'aip_1',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    } as const;
    const { data } = await soat.chats.createChatCompletion({ body });
    expectTypeOf(data).toEqualTypeOf<ChatCompletionStream | undefined>();
  });

  test('is accepted by createChatCompletionForChat without stream', async () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', document_id: 'doc_1' },
    ] as const;
    const { data } = await soat.chats.createChatCompletionForChat({
      path: { chat_id: 'cht_1' },
      body: { messages },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletion | undefined>();
  });

  test('a readonly array of ChatMessage is accepted', async () => {
    const messages: readonly ChatMessage[] = [{ role: 'user', content: 'Hi' }];
    await soat.chats.createChatCompletion({ body: { ai_provider_id: 'aip_1', messages } });
  });

  test('createChat accepts a body written as const', async () => {
    const body = { ai_provider_id: 'aip_1', name: 'Support' } as const;
    await soat.chats.createChat({ body });
  });
});

describe('a message has content or document_id, never both', () => {
  test('content alone and document_id alone are messages', () => {
    expectTypeOf({ role: 'user' as const, content: 'Hi' }).toExtend<ChatMessage>();
    expectTypeOf({ role: 'user' as const, document_id: 'doc_1' }).toExtend<ChatMessage>();
  });

  test('both is a type error in a ChatMessage', () => {
    // @ts-expect-error content and document_id exclude each other
    const message: ChatMessage = { role: 'user', content: 'Hi', document_id: 'doc_1' };
    void message;
  });

  test('both is a type error inside a call', async () => {
    await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_1',
        // @ts-expect-error content and document_id exclude each other
        messages: [{ role: 'user', content: 'Hi', document_id: 'doc_1' }],
      },
    });
  });

  test('both is a type error in a request typed apart from the call', () => {
    const body: CreateChatCompletionRequest = {
      ai_provider_id: 'aip_1',
      // @ts-expect-error content and document_id exclude each other
      messages: [{ role: 'user', content: 'Hi', document_id: 'doc_1' }],
    };
    void body;
  });

  test('neither is a type error', () => {
    // @ts-expect-error a message needs content or document_id
    const message: ChatMessage = { role: 'user' };
    void message;
  });
});

describe('headers take every form', () => {
  test('pairs, a Headers object and a record with undefined and null values type-check', async () => {
    const client = new SoatClient({
      baseUrl: 'https://api.example.com',
      token: 'sk_test',
      headers: { 'x-tenant': process.env.TENANT, 'x-off': null },
    });
    await client.chats.listChats({ headers: [['x-one', '1']] });
    await client.chats.listChats({ headers: new Headers({ 'x-two': '2' }) });
    await client.chats.listChats({ headers: { 'x-three': undefined } });
  });

  test('a number as a header value is a type error', async () => {
    // @ts-expect-error header values are strings
    await soat.chats.listChats({ headers: { 'x-count': 3 } });
  });
});

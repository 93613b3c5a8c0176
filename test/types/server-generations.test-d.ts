// Issue 18: both vocabularies (0.12's and 0.23's) in the types, and the server version option.
import {
  type Chat,
  type ChatCompletion,
  type ChatCompletionStream,
  type ChatScopedCompletionRequest,
  type CreateChatCompletionRequest,
  type ListChatsQuery,
  type ProviderCompletionRequest,
  SoatClient,
} from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({
  baseUrl: 'https://api.example.com',
  token: 'sk_test',
  serverVersion: '0.28.0',
});
const messages = [{ role: 'user', content: 'Hi' }] as const;

describe('createChatCompletion', () => {
  test('takes chat_id in the body, as the newer docs write it, and streams', async () => {
    const { data } = await soat.chats.createChatCompletion({
      body: { chat_id: 'chat_1', messages, stream: true },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletionStream | undefined>();
  });

  test('takes instructions or system_message beside ai_provider_id', async () => {
    const { data } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', instructions: 'Be brief.', messages },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletion | undefined>();
    await soat.chats.createChatCompletion({
      body: { chat_id: 'chat_1', system_message: 'Be brief.', messages },
    });
  });

  test('takes exactly one of ai_provider_id and chat_id', async () => {
    await soat.chats.createChatCompletion({
      // @ts-expect-error: both
      body: { ai_provider_id: 'aip_1', chat_id: 'chat_1', messages },
    });
    // @ts-expect-error: neither
    await soat.chats.createChatCompletion({ body: { messages } });
  });

  test('is the union of the two forms', () => {
    expectTypeOf<CreateChatCompletionRequest>().toEqualTypeOf<
      ProviderCompletionRequest | ChatScopedCompletionRequest
    >();
    expectTypeOf<ChatScopedCompletionRequest['chat_id']>().toEqualTypeOf<string>();
  });

  test('keeps instructions text', async () => {
    await soat.chats.createChatCompletion({
      // @ts-expect-error: not text
      body: { ai_provider_id: 'aip_1', instructions: 1, messages },
    });
  });
});

describe('the other calls', () => {
  test('createChat takes instructions as well as system_message', async () => {
    await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', instructions: 'Be kind.' } });
    await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', system_message: 'Be kind.' } });
  });

  test('createChatCompletionForChat takes a system prompt of its own', async () => {
    await soat.chats.createChatCompletionForChat({
      path: { chat_id: 'chat_1' },
      body: { instructions: 'Own.', messages },
    });
  });

  test('a chat has its prompt under both names', () => {
    expectTypeOf<Chat['system_message']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Chat['instructions']>().toEqualTypeOf<string | null | undefined>();
  });

  test('listChats pages with limit and offset, and resolves to an array', async () => {
    const { data } = await soat.chats.listChats({ query: { limit: 10, offset: 20 } });
    expectTypeOf(data).toEqualTypeOf<Chat[] | undefined>();
    expectTypeOf<ListChatsQuery>().toHaveProperty('project_id');
    // @ts-expect-error: a number
    await soat.chats.listChats({ query: { limit: '10' } });
  });

  test('serverVersion is text', () => {
    // @ts-expect-error: a version is text such as '0.28.0'
    new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test', serverVersion: 0.28 });
  });
});

import {
  type Chat,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionStream,
  type ErrorResponse,
  SoatClient,
} from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });
const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('result types', () => {
  test('data is narrowed to the operation type once error is ruled out', async () => {
    const { data, error } = await soat.chats.getChat({ path: { chat_id: 'cht_1' } });
    if (error) {
      expectTypeOf(error).toEqualTypeOf<ErrorResponse>();
      return;
    }
    expectTypeOf(data).toEqualTypeOf<Chat>();
  });

  test('listChats resolves to an array of chats', async () => {
    const { data } = await soat.chats.listChats({ query: { project_id: 'proj_ABC' } });
    expectTypeOf(data).toEqualTypeOf<Chat[] | undefined>();
  });

  test('deleteChat has no data', async () => {
    const { data } = await soat.chats.deleteChat({ path: { chat_id: 'cht_1' } });
    expectTypeOf(data).toEqualTypeOf<undefined>();
  });

  test('the error body is either a string or a code and message', () => {
    expectTypeOf<ErrorResponse['error']>().toEqualTypeOf<
      string | { code: string; message: string; meta?: { [key: string]: unknown } }
    >();
  });
});

describe('completion types follow the stream literal', () => {
  test('stream: true gives a ChatCompletionStream', async () => {
    const { data } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages, stream: true },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletionStream | undefined>();
  });

  test('stream absent gives a ChatCompletion', async () => {
    const { data } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletion | undefined>();
  });

  test('stream: false gives a ChatCompletion', async () => {
    const { data } = await soat.chats.createChatCompletionForChat({
      path: { chat_id: 'cht_1' },
      body: { messages, stream: false },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletion | undefined>();
  });

  test('a plain boolean gives the union of both', async () => {
    const stream = Math.random() > 0.5;
    const { data } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages, stream },
    });
    expectTypeOf(data).toEqualTypeOf<ChatCompletion | ChatCompletionStream | undefined>();
  });

  test('a delta inside for await is string | undefined', async () => {
    const { data: stream, error } = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages, stream: true },
    });
    if (error) return;
    for await (const chunk of stream) {
      expectTypeOf(chunk).toEqualTypeOf<ChatCompletionChunk>();
      expectTypeOf(chunk.choices[0]?.delta?.content).toEqualTypeOf<string | undefined>();
    }
    expectTypeOf(stream.text()).toEqualTypeOf<Promise<string>>();
    expectTypeOf(stream.textStream).toEqualTypeOf<AsyncIterable<string>>();
  });
});

describe('invalid calls do not compile', () => {
  test('createChat needs ai_provider_id', () => {
    // @ts-expect-error ai_provider_id is required
    void soat.chats.createChat({ body: {} });
  });

  test('createChat refuses an unknown field', () => {
    // @ts-expect-error providerId is not a field (fields are snake_case)
    void soat.chats.createChat({ body: { ai_provider_id: 'aip_1', providerId: 'x' } });
  });

  test('getChat needs the chat_id path parameter', () => {
    // @ts-expect-error path is required
    void soat.chats.getChat({});
  });

  test('a completion needs messages', () => {
    // @ts-expect-error messages is required
    void soat.chats.createChatCompletion({ body: { ai_provider_id: 'aip_1' } });
  });

  test('a message role must be system, user or assistant', () => {
    void soat.chats.createChatCompletion({
      // @ts-expect-error 'robot' is not a role
      body: { ai_provider_id: 'aip_1', messages: [{ role: 'robot', content: 'beep' }] },
    });
  });

  test('a message needs content or document_id', () => {
    void soat.chats.createChatCompletionForChat({
      path: { chat_id: 'cht_1' },
      // @ts-expect-error a message without content or document_id
      body: { messages: [{ role: 'user' }] },
    });
  });

  test('baseUrl and token may come from the environment, so both options are optional', () => {
    void new SoatClient();
    void new SoatClient({ baseUrl: 'https://api.example.com' });
    void new SoatClient({ token: 'sk_x' });
  });

  test('the token is a string when given', () => {
    // @ts-expect-error a token is a string
    void new SoatClient({ token: 42 });
  });

  test('logLevel is off, info or debug', () => {
    void new SoatClient({ logLevel: 'debug' });
    // @ts-expect-error no such level
    void new SoatClient({ logLevel: 'verbose' });
  });
});

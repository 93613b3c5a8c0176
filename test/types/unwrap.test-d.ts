import {
  type Chat,
  type ChatCompletion,
  type ChatCompletionStream,
  describeError,
  type ErrorResponse,
  type SoatApiError,
  SoatClient,
  type SoatError,
  type SoatLogLevel,
  unwrap,
} from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });
const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('unwrap', () => {
  test('narrows a chat result to Chat', async () => {
    const chat = unwrap(await soat.chats.getChat({ path: { chat_id: 'chat_1' } }));
    expectTypeOf(chat).toEqualTypeOf<Chat>();
    // @ts-expect-error a Chat is not a string
    const name: string = chat;
    void name;
  });

  test('narrows listChats to Chat[] and deleteChat to undefined', async () => {
    expectTypeOf(unwrap(await soat.chats.listChats())).toEqualTypeOf<Chat[]>();
    expectTypeOf(
      unwrap(await soat.chats.deleteChat({ path: { chat_id: 'chat_1' } })),
    ).toEqualTypeOf<undefined>();
  });

  test('narrows a completion to ChatCompletion, a streamed one to ChatCompletionStream', async () => {
    const body = { ai_provider_id: 'aip_1', messages };
    expectTypeOf(
      unwrap(await soat.chats.createChatCompletion({ body })),
    ).toEqualTypeOf<ChatCompletion>();
    expectTypeOf(
      unwrap(await soat.chats.createChatCompletion({ body: { ...body, stream: true } })),
    ).toEqualTypeOf<ChatCompletionStream>();
  });

  test('takes a result, not the promise of one', () => {
    // @ts-expect-error the call must be awaited first
    void unwrap(soat.chats.listChats());
  });

  test('takes a result, not any object', () => {
    // @ts-expect-error not a SoatResult
    void unwrap({ data: 1 });
  });

  test('the seed pattern with if (error) still compiles beside it', async () => {
    const { data, error } = await soat.chats.listChats();
    if (error) throw new Error(JSON.stringify(error));
    expectTypeOf(data).toEqualTypeOf<Chat[]>();
  });
});

describe('SoatApiError', () => {
  test('is a SoatError with typed fields', () => {
    expectTypeOf<SoatApiError>().toExtend<SoatError>();
    expectTypeOf<SoatApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<SoatApiError['code']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SoatApiError['error']>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<SoatApiError['response']>().toEqualTypeOf<Response>();
    expectTypeOf<SoatApiError['requestId']>().toEqualTypeOf<string | undefined>();
  });
});

describe('describeError', () => {
  test('takes an ErrorResponse and returns a string', () => {
    expectTypeOf(describeError({ error: 'Unauthorized' })).toEqualTypeOf<string>();
    expectTypeOf(describeError({ error: { code: 'X', message: 'y' } })).toEqualTypeOf<string>();
  });

  test('refuses the inner error value', () => {
    // @ts-expect-error pass the whole ErrorResponse, `{ error }`
    void describeError('Unauthorized');
  });
});

describe('SoatLogLevel', () => {
  test('is off, info or debug', () => {
    expectTypeOf<SoatLogLevel>().toEqualTypeOf<'off' | 'info' | 'debug'>();
  });
});

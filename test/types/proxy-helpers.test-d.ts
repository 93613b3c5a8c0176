import type { ServerResponse } from 'node:http';
import { SoatClient, toErrorResponse } from '@soat/sdk';
import { sendResponse } from '@soat/sdk/node';
import { describe, expectTypeOf, test } from 'vitest';

const soat = new SoatClient({ baseUrl: 'https://soat.example.com', token: 'sk_test' });
const body = { ai_provider_id: 'aip_x', messages: [{ role: 'user' as const, content: 'Hi' }] };
declare const res: ServerResponse;

describe('toErrorResponse', () => {
  test('takes a result once `error` is checked, and gives a Response', async () => {
    const {
      data: stream,
      error,
      response,
    } = await soat.chats.createChatCompletion({
      body: { ...body, stream: true },
    });
    if (error) expectTypeOf(toErrorResponse({ error, response })).toEqualTypeOf<Response>();
    else expectTypeOf(stream.toResponse()).toEqualTypeOf<Response>();
  });

  test('refuses a result whose `error` was not checked', async () => {
    const result = await soat.chats.createChatCompletion({ body });
    // @ts-expect-error a successful result has no error to send
    toErrorResponse(result);
    if (result.error) toErrorResponse(result);
  });

  test('takes an init with the status and headers', () => {
    toErrorResponse({ error: { error: 'boom' } }, { status: 503, headers: { 'Retry-After': '1' } });
  });
});

describe('sendResponse', () => {
  test('takes a web Response and a ServerResponse, and resolves to nothing', () => {
    expectTypeOf(sendResponse(new Response('x'), res)).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error the Node response comes second
    void sendResponse(res, new Response('x'));
  });
});

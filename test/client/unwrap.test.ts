import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ChatCompletionStream,
  describeError,
  SoatApiError,
  SoatError,
  unwrap,
} from '../../src/index.js';
import { BASE_URL, server } from '../setup.js';
import { createTestClient, userSays } from './helpers.js';

const soat = createTestClient();
const CHATS = `${BASE_URL}/api/v1/chats`;

/** What `fn` threw (fails the test when it did not throw). */
async function thrown(fn: () => Promise<unknown>): Promise<SoatApiError> {
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoatApiError);
  return error as SoatApiError;
}

describe('unwrap', () => {
  it('returns the data of a successful call', async () => {
    const chat = unwrap(await soat.chats.createChat({ body: { ai_provider_id: 'aip_1' } }));
    expect(chat.id).toMatch(/^chat_|^cht_/);
  });

  it('throws the object shape as a SoatApiError with status, code, body and request', async () => {
    const error = await thrown(async () =>
      unwrap(await soat.chats.getChat({ path: { chat_id: 'chat_x' } })),
    );
    expect(error).toBeInstanceOf(SoatError);
    expect(error.name).toBe('SoatApiError');
    expect(error.status).toBe(404);
    expect(error.code).toBe('RESOURCE_NOT_FOUND');
    expect(error.error).toEqual({
      error: { code: 'RESOURCE_NOT_FOUND', message: 'Chat not found', meta: { chat_id: 'chat_x' } },
    });
    expect(error.response.status).toBe(404);
    expect(error.message).toBe('404 RESOURCE_NOT_FOUND: Chat not found (GET /api/v1/chats/chat_x)');
  });

  it('throws the string shape with no code and the text after the status', async () => {
    const stranger = createTestClient({ token: 'sk_wrong' });
    const error = await thrown(async () => unwrap(await stranger.chats.listChats()));
    expect(error.code).toBeUndefined();
    expect(error.error).toEqual({ error: 'Unauthorized' });
    expect(error.message).toBe('401 Unauthorized (GET /api/v1/chats)');
  });

  it('names a normalised HTML error page once by its status, quoting the start of the page', async () => {
    server.use(
      http.get(
        CHATS,
        () =>
          new HttpResponse('<html><body>Bad gateway</body></html>', {
            status: 502,
            statusText: 'Bad Gateway',
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const error = await thrown(async () => unwrap(await soat.chats.listChats()));
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe(
      '502 Bad Gateway: <html><body>Bad gateway</body></html> (GET /api/v1/chats)',
    );
  });

  it('returns the ChatCompletionStream of a streamed call', async () => {
    const stream = unwrap(
      await soat.chats.createChatCompletion({
        body: { ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true },
      }),
    );
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    expect(await stream.text()).not.toBe('');
  });

  it('throws the error event that opened a stream, with the 200 status it came with', async () => {
    const error = await thrown(async () =>
      unwrap(
        await soat.chats.createChatCompletionForChat({
          path: { chat_id: 'chat_x' },
          body: { messages: userSays('Hi'), stream: true },
        }),
      ),
    );
    expect(error.status).toBe(200);
    expect(error.message).toBe(
      "200 Chat 'chat_x' not found. (POST /api/v1/chats/chat_x/completions)",
    );
  });

  it('carries the x-request-id of the response, in the error and its message', async () => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json({ error: 'Busy' }, { status: 400, headers: { 'x-request-id': 'req_7' } }),
      ),
    );
    const error = await thrown(async () => unwrap(await soat.chats.listChats()));
    expect(error.requestId).toBe('req_7');
    expect(error.message).toBe('400 Busy (GET /api/v1/chats, request-id req_7)');
  });

  it('falls back to a request-id header', async () => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json({ error: 'Busy' }, { status: 400, headers: { 'request-id': 'req_8' } }),
      ),
    );
    const error = await thrown(async () => unwrap(await soat.chats.listChats()));
    expect(error.requestId).toBe('req_8');
  });

  it('has no requestId when the server sends none', async () => {
    const error = await thrown(async () =>
      unwrap(await soat.chats.getChat({ path: { chat_id: 'chat_x' } })),
    );
    expect(error.requestId).toBeUndefined();
  });

  it('names the path of a result the client did not make, from response.url', () => {
    const response = new Response(null, { status: 404 });
    Object.defineProperty(response, 'url', { value: 'http://soat.test/api/v1/chats/chat_y' });
    expect(() => unwrap({ error: { error: 'Gone' }, response })).toThrow(
      '404 Gone (/api/v1/chats/chat_y)',
    );
  });

  it('refuses a promise that was not awaited with a SoatError saying so', () => {
    const pending = soat.chats.listChats();
    expect(() => unwrap(pending as never)).toThrow(/forget `await`/);
    return pending;
  });
});

describe('describeError', () => {
  it('renders the object shape as CODE: message', () => {
    expect(
      describeError({ error: { code: 'RESOURCE_NOT_FOUND', message: "Chat 'chat_x' not found." } }),
    ).toBe("RESOURCE_NOT_FOUND: Chat 'chat_x' not found.");
  });

  it('renders the string shape as the string itself', () => {
    expect(describeError({ error: 'Unauthorized' })).toBe('Unauthorized');
  });

  it('renders the error of a real result', async () => {
    const { error } = await soat.chats.getChat({ path: { chat_id: 'chat_x' } });
    expect(error && describeError(error)).toBe('RESOURCE_NOT_FOUND: Chat not found');
  });
});

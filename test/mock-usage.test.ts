// Issue 5: `@soat/sdk/mock` used exactly as the README's "Testing your app with @soat/sdk/mock"
// tells users to: their own msw server with the mock's handlers, a SoatClient pointed at the
// mock's baseUrl, `mock.reply()` to script answers, `mock.state` to inspect what was sent.
//
// test/setup.ts already has an msw server listening in this project (for http://soat.test).
// With msw 2.15 the two coexist: both share one interceptor, and the server that listened last
// (this file's) is consulted first and applies its own `onUnhandledRequest: 'error'`, so here
// it answers http://my-app-soat.test and http://soat.test is unreachable. A distinct host keeps
// it unambiguous which mock answered; otherwise this is the README's code unchanged.
import { SoatClient, SoatStreamError } from '@soat/sdk';
import { createSoatMock } from '@soat/sdk/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

// --- the README snippet, as a user writes it (test/setup.ts's soat.test is not reused) ------
const mock = createSoatMock({ baseUrl: 'http://my-app-soat.test', token: 'sk_test' });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  mock.reset(); // forget chats, requests and queued replies between tests
});
afterAll(() => server.close());

// --- the user's app code under test ---------------------------------------------------------
const soat = new SoatClient({ baseUrl: 'http://my-app-soat.test', token: 'sk_test' });

/** Opens a support chat and streams the assistant's first answer. */
async function askSupport(question: string): Promise<{ chatId: string; answer: string }> {
  const chat = await soat.chats.createChat({
    body: { ai_provider_id: 'aip_support', name: 'Support', system_message: 'Be kind.' },
  });
  if (chat.error) throw new Error(JSON.stringify(chat.error));
  const { data: stream, error } = await soat.chats.createChatCompletionForChat({
    path: { chat_id: chat.data.id },
    body: { messages: [{ role: 'user', content: question }], stream: true },
  });
  if (error) throw new Error(JSON.stringify(error));
  return { chatId: chat.data.id, answer: await stream.text() };
}

// --- the tests -------------------------------------------------------------------------------
describe('testing an app with @soat/sdk/mock, as the README shows', () => {
  test('without a script, the answer is "You said: <last user message>"', async () => {
    const { answer } = await askSupport('Where is my order?');

    expect(answer).toBe('You said: Where is my order?');
  });

  test('mock.state.chats holds the chat the app created', async () => {
    const { chatId } = await askSupport('Hi');

    expect(mock.state.chats).toEqual([
      expect.objectContaining({ id: chatId, name: 'Support', ai_provider_id: 'aip_support' }),
    ]);
  });

  test('mock.reply({ text }) scripts the next answer, streamed word by word', async () => {
    mock.reply({ text: 'Your order ships tomorrow.' });

    const { answer } = await askSupport('Where is my order?');

    expect(answer).toBe('Your order ships tomorrow.');
    expect(mock.state.completions[0]?.pieces).toEqual(['Your', ' order', ' ships', ' tomorrow.']);
  });

  test('mock.reply({ pieces, failAfter, error }) makes the stream break mid-answer', async () => {
    mock.reply({
      pieces: ['Your order', ' ships', ' tomorrow.'],
      failAfter: 1,
      error: 'terminated',
    });

    const failure = await askSupport('Where is my order?').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as SoatStreamError).partialText).toBe('Your order');
  });

  test('mock.state.completions shows what the server would have sent the model', async () => {
    await askSupport('Hi');

    expect(mock.state.completions).toEqual([
      expect.objectContaining({
        aiProviderId: 'aip_support',
        systemMessage: 'Be kind.',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        outcome: 'completed',
      }),
    ]);
  });

  test('a wrong token gets the real server’s 401 body', async () => {
    const stranger = new SoatClient({ baseUrl: 'http://my-app-soat.test', token: 'sk_wrong' });

    const { error, response } = await stranger.chats.listChats();

    expect(response.status).toBe(401);
    expect(error).toEqual({ error: 'Unauthorized' });
  });
});

// Issue 11, defects 4 and 12: what a plain JavaScript caller can pass. Bad options reject the
// call's promise with a SoatError that says what is wrong, and nothing is sent.
import { describe, expect, it } from 'vitest';
import { SoatClient, SoatError } from '../../src/index.js';

const CHAT = {
  id: 'cht_1',
  ai_provider_id: 'aip_1',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

type Method =
  | 'createChat'
  | 'listChats'
  | 'getChat'
  | 'deleteChat'
  | 'createChatCompletion'
  | 'createChatCompletionForChat';

/** A client whose fetch records each URL and answers with `CHAT` (or a list of it). */
function recordingClient() {
  const sent: string[] = [];
  const soat = new SoatClient({
    baseUrl: 'https://api.example.com',
    token: 'sk_test',
    maxRetries: 0,
    fetch: async (request) => {
      sent.push(`${request.method} ${request.url}`);
      // The chat list answers a list; every other call, one chat.
      const list = request.method === 'GET' && request.url.endsWith('/chats');
      return Response.json(list ? [CHAT] : CHAT);
    },
  });
  // Typed loosely on purpose: these tests call it as plain JavaScript would.
  const chats = soat.chats as unknown as Record<Method, (options?: unknown) => Promise<unknown>>;
  return { chats, sent };
}

/** Calls `run`, failing the test if it throws synchronously; resolves to what it rejected with. */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  let promise: Promise<unknown>;
  try {
    promise = run();
  } catch (error) {
    throw new Error(`threw synchronously instead of rejecting: ${String(error)}`);
  }
  return promise.then(
    () => {
      throw new Error('resolved instead of rejecting');
    },
    (error: unknown) => error,
  );
}

const withPath = [
  ['getChat', {}],
  ['deleteChat', {}],
  ['createChatCompletionForChat', { body: { messages: [{ role: 'user', content: 'Hi' }] } }],
] as const;

describe('path ids that would address another endpoint', () => {
  describe.each(withPath)('%s', (method, rest) => {
    it.each(['', '.', '..'])(
      'rejects chat_id %j with a SoatError naming it, sending nothing',
      async (id) => {
        const { chats, sent } = recordingClient();
        const failure = await rejection(() => chats[method]({ ...rest, path: { chat_id: id } }));
        expect(failure).toBeInstanceOf(SoatError);
        expect((failure as Error).message).toMatch(new RegExp(`^${method}: \`path\\.chat_id\``));
        expect((failure as Error).message).toMatch(new RegExp(`; got ${JSON.stringify(id)}$`));
        expect(sent).toEqual([]);
      },
    );

    it.each([
      ['a missing path', {}],
      ['a missing chat_id', { path: {} }],
      ['a number', { path: { chat_id: 5 } }],
      ['null', { path: { chat_id: null } }],
    ])('rejects %s with a SoatError saying path.chat_id is required', async (_, options) => {
      const { chats, sent } = recordingClient();
      const failure = await rejection(() => chats[method]({ ...rest, ...options }));
      expect(failure).toBeInstanceOf(SoatError);
      expect((failure as Error).message).toMatch(
        /`path\.chat_id` is required, as an id other than "", "." and ".."; got /,
      );
      expect(sent).toEqual([]);
    });
  });

  it('percent-encodes any other id into one path segment', async () => {
    const { chats, sent } = recordingClient();
    await chats.getChat({ path: { chat_id: '../a/b?c#d %2e' } });
    await chats.getChat({ path: { chat_id: '...' } });
    expect(sent).toEqual([
      'GET https://api.example.com/api/v1/chats/..%2Fa%2Fb%3Fc%23d%20%252e',
      'GET https://api.example.com/api/v1/chats/...',
    ]);
  });
});

describe('options a plain JavaScript caller can get wrong', () => {
  it('an OpenAI-style completion without body rejects, saying the fields belong under body', async () => {
    const { chats, sent } = recordingClient();
    const failure = await rejection(() =>
      chats.createChatCompletion({ ai_provider_id: 'aip_1', messages: [], stream: true }),
    );
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      'createChatCompletion: `body` is required, as an object; got undefined; ai_provider_id, messages, stream belong under `body`',
    );
    expect(sent).toEqual([]);
  });

  it('createChat() with no argument rejects, saying body is required', async () => {
    const { chats, sent } = recordingClient();
    const failure = await rejection(() => chats.createChat());
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      'createChat: expected an options object with `body`, got undefined',
    );
    expect(sent).toEqual([]);
  });

  it('getChat() with no argument rejects, saying path is required', async () => {
    const { chats } = recordingClient();
    const failure = await rejection(() => chats.getChat());
    expect((failure as Error).message).toBe(
      'getChat: expected an options object with `path`, got undefined',
    );
  });

  it.each([
    ['string', 'cht_1'],
    ['number', 42],
    ['null', null],
    ['an array', []],
  ])('getChat(%s) rejects with a SoatError', async (kind, options) => {
    const { chats } = recordingClient();
    const failure = await rejection(() => chats.getChat(options));
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toBe(
      `getChat: expected an options object with \`path\`, got ${kind}`,
    );
  });

  it('a body that is not an object rejects without quoting it', async () => {
    const { chats } = recordingClient();
    const failure = await rejection(() => chats.createChat({ body: 'sk_secret_text' }));
    expect((failure as Error).message).toBe(
      'createChat: `body` is required, as an object; got string',
    );
  });

  it('a body that is an array rejects', async () => {
    const { chats, sent } = recordingClient();
    const failure = await rejection(() => chats.createChatCompletion({ body: [] }));
    expect((failure as Error).message).toBe(
      'createChatCompletion: `body` is required, as an object; got an array',
    );
    expect(sent).toEqual([]);
  });

  it('listChats() with no argument is fine', async () => {
    const { chats, sent } = recordingClient();
    await chats.listChats();
    expect(sent).toEqual(['GET https://api.example.com/api/v1/chats']);
  });

  it('listChats with a string rejects instead of throwing', async () => {
    const { chats, sent } = recordingClient();
    const failure = await rejection(() => chats.listChats('proj_1'));
    expect((failure as Error).message).toBe('listChats: expected an options object, got string');
    expect(sent).toEqual([]);
  });

  it('per-call headers of the wrong kind reject instead of throwing', async () => {
    const { chats, sent } = recordingClient();
    const failure = await rejection(() => chats.listChats({ headers: 'x-a: 1' }));
    expect(failure).toBeInstanceOf(SoatError);
    expect(sent).toEqual([]);
  });
});

describe('signals a plain JavaScript caller can get wrong', () => {
  it.each([
    ['a plain object', {}],
    ['a string', 'abort'],
    ['an AbortController', new AbortController()],
  ])('a signal that is %s rejects with a SoatError naming `signal`', async (_, signal) => {
    const { chats, sent } = recordingClient();
    const failure = await rejection(() => chats.listChats({ signal }));
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as Error).message).toMatch(/^listChats: `signal` must be an AbortSignal/);
    expect(sent).toEqual([]);
  });
});

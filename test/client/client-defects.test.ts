// Issue 20: what a client user meets: tokens echoed into errors (#3), odd error events (#4),
// Conversation messages the API refuses (#7), baseUrl slips (#8), the debug log (#11, secret
// headers), an answer with no choices (#14), unwrap() on a hand-built result.
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  Conversation,
  SoatApiError,
  SoatClient,
  SoatError,
  type SoatResult,
  unwrap,
} from '../../src/index.js';
import { encodeEventStream } from '../fixtures/sse.js';
import { BASE_URL, server } from '../setup.js';
import { createTestClient, userSays } from './helpers.js';

const CHATS = `${BASE_URL}/api/v1/chats`;
const COMPLETIONS = `${BASE_URL}/api/v1/chats/completions`;
const KEY = 'sk_live_Zq7ERRORSECRET9xK';

describe('a token echoed by the server (issue 20 #3)', () => {
  beforeEach(() => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json({ error: `Invalid API key ${KEY}` }, { status: 401 }),
      ),
    );
  });

  it('is replaced by *** in the SoatApiError message and in util.inspect', async () => {
    const failure = await createTestClient()
      .chats.listChats()
      .then(unwrap)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatApiError);
    expect((failure as Error).message).toBe('401 Invalid API key *** (GET /api/v1/chats)');
    expect(inspect(failure)).not.toContain('ERRORSECRET');
  });

  it('is not printed by util.inspect from an echoing response header', async () => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json({ error: 'Unauthorized' }, { status: 401, headers: { 'x-echo': KEY } }),
      ),
    );
    const failure = await createTestClient()
      .chats.listChats()
      .then(unwrap)
      .catch((error: unknown) => error);
    expect((failure as SoatApiError).response.headers.get('x-echo')).toBe(KEY);
    expect(inspect(failure)).not.toContain('ERRORSECRET');
  });

  it('is replaced by *** in the error result too, in whatever form the client token has', async () => {
    const token = 'plain-token-of-no-known-shape';
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json(
          { error: `bad "${token}" (${encodeURIComponent(token)})` },
          { status: 401 },
        ),
      ),
    );
    const { error } = await createTestClient({ token }).chats.listChats();
    expect(error).toEqual({ error: 'bad "***" (***)' });
  });

  it('caps a huge error message in SoatApiError.message', async () => {
    server.use(
      http.get(CHATS, () => HttpResponse.json({ error: 'x'.repeat(5_000_000) }, { status: 500 })),
    );
    const failure = await createTestClient()
      .chats.listChats()
      .then(unwrap)
      .catch((error: unknown) => error);
    expect((failure as Error).message.length).toBeLessThan(2100);
    expect((failure as Error).message).toContain('… (5000000 characters)');
  });
});

describe('an error sent as a stream first event (issue 20 #4)', () => {
  it.each([
    [{ code: 'X' }, { code: 'X', message: '{"code":"X"}' }],
    [42, '42'],
    [['a'], '["a"]'],
  ])('is normalised like the same body with a 400: {"error": %j}', async (value, expected) => {
    const body = { error: value };
    server.use(
      http.post(
        COMPLETIONS,
        () =>
          new HttpResponse(encodeEventStream([], { trailer: body }), {
            headers: { 'content-type': 'text/event-stream' },
          }),
      ),
      http.post(`${CHATS}/chat_1/completions`, () => HttpResponse.json(body, { status: 400 })),
    );
    const soat = createTestClient();
    const streamed = await soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true },
    });
    const answered = await soat.chats.createChatCompletionForChat({
      path: { chat_id: 'chat_1' },
      body: { messages: userSays('Hi') },
    });
    expect(streamed.error).toEqual({ error: expected });
    expect(answered.error).toEqual({ error: expected });
  });
});

describe('Conversation messages the API refuses (issue 20 #7)', () => {
  const soat = createTestClient();

  it('refuses a restored history with UI fields, naming the message and the field', () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello', id: 'm2', createdAt: 1 },
    ];
    expect(
      () => new Conversation(soat.chats, { ai_provider_id: 'aip_1', messages: messages as never }),
    ).toThrow(/messages\[1\] has the field "id", which the API refuses/);
  });

  it('refuses a message with both content and document_id in send(), sending nothing', async () => {
    let sent = 0;
    server.use(http.post(COMPLETIONS, () => void sent++));
    const conversation = new Conversation(soat.chats, { ai_provider_id: 'aip_1' });
    await expect(
      conversation.send({ role: 'user', content: 'a', document_id: 'doc_1' } as never),
    ).rejects.toThrow(/content has both content and document_id/);
    expect(sent).toBe(0);
    expect(conversation.messages).toEqual([]);
  });

  it('takes a field that is present but undefined for absent', () => {
    const messages = [{ role: 'user', content: 'Hi', document_id: undefined }];
    expect(
      new Conversation(soat.chats, { ai_provider_id: 'aip_1', messages: messages as never })
        .messages,
    ).toHaveLength(1);
  });
});

describe('baseUrl slips (issue 20 #8)', () => {
  it('trims surrounding whitespace, as a SOAT_BASE_URL read with its newline has', async () => {
    let url = '';
    const soat = new SoatClient({
      baseUrl: `  ${BASE_URL}/\n`,
      token: 'sk_test',
      fetch: async (request) => {
        url = request.url;
        return Response.json([]);
      },
    });
    await soat.chats.listChats();
    expect(url).toBe(`${BASE_URL}/api/v1/chats`);
  });

  it('refuses credentials in the URL without quoting them', () => {
    const build = () =>
      new SoatClient({ baseUrl: 'https://user:hunter2@api.example.com', token: 't' });
    expect(build).toThrow(SoatError);
    expect(build).toThrow(/`baseUrl` must not hold credentials/);
    expect(build).not.toThrow(/hunter2/);
  });
});

describe('an answer with no choices (issue 20 #14)', () => {
  beforeEach(() => {
    server.use(
      http.post(COMPLETIONS, () => HttpResponse.json({ object: 'chat.completion', choices: [] })),
    );
  });

  it('is refused with a SoatError quoting the body', async () => {
    await expect(
      createTestClient().chats.createChatCompletion({
        body: { ai_provider_id: 'aip_1', messages: userSays('Hi') },
      }),
    ).rejects.toThrow(
      /expected a completion, got "\{\\"object\\":\\"chat.completion\\",\\"choices\\":\[\]\}"/,
    );
  });

  it('appends no turn to a Conversation', async () => {
    const conversation = new Conversation(createTestClient().chats, { ai_provider_id: 'aip_1' });
    await expect(conversation.send('Hi')).rejects.toThrow(SoatError);
    expect(conversation.messages).toEqual([]);
  });
});

describe('unwrap() on a hand-built { error } without response (issue 20, also seen)', () => {
  it('throws a SoatError quoting the error instead of a TypeError', () => {
    const result = { error: { error: 'Nope' } } as unknown as SoatResult<unknown>;
    expect(() => unwrap(result)).toThrow(SoatError);
    expect(() => unwrap(result)).toThrow('unwrap: the result has an error but no response: Nope');
  });

  it('throws the same SoatError for a response that is only { status }', () => {
    const result = { error: { error: 'Nope' }, response: { status: 400 } } as never;
    expect(() => unwrap(result)).toThrow('unwrap: the result has an error but no response: Nope');
  });
});

describe('the debug log (issue 20 #11, also seen)', () => {
  let stderr: MockInstance<typeof console.error>;
  beforeEach(() => {
    stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    stderr.mockRestore();
  });
  const printed = () => stderr.mock.calls.map((args) => args.map(String).join(' ')).join('\n');

  it('scrubs the token in its JSON-escaped and percent-encoded forms', async () => {
    const token = 'ab+c"d\\e';
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json(
          { error: `bad ${token} ?k=${encodeURIComponent(token)}` },
          { status: 401 },
        ),
      ),
    );
    await createTestClient({ token, logLevel: 'debug' }).chats.listChats();
    expect(printed()).toContain('body {"error":"bad *** ?k=***"}');
    expect(printed()).not.toContain('ab+c');
    expect(printed()).not.toContain('ab%2Bc');
  });

  it('leaves ordinary words alone with a one-letter token', async () => {
    await createTestClient({ token: 't', logLevel: 'info' }).chats.listChats();
    expect(printed()).toMatch(/^GET \/api\/v1\/chats \d{3} \d+ms retry=0$/);
  });

  it('hides the values of x-api-key, cookie, set-cookie and proxy-authorization', async () => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json([], {
          headers: { 'set-cookie': 'sid=SETCOOKIESECRET', 'x-api-key': 'RESPKEY' },
        }),
      ),
    );
    await createTestClient({
      logLevel: 'debug',
      headers: {
        'x-api-key': 'APIKEYSECRET',
        cookie: 'c=COOKIESECRET',
        'proxy-authorization': 'Basic PROXYSECRET',
      },
    }).chats.listChats();
    for (const secret of [
      'APIKEYSECRET',
      'COOKIESECRET',
      'PROXYSECRET',
      'SETCOOKIESECRET',
      'RESPKEY',
    ]) {
      expect(printed()).not.toContain(secret);
    }
    expect(printed()).toContain('"x-api-key":"***"');
    expect(printed()).toContain('"proxy-authorization":"Basic ***"');
  });
});

import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { SoatError } from '../../src/index.js';
import { BASE_URL, server } from '../setup.js';
import { createTestClient, userSays } from './helpers.js';

const CHATS = `${BASE_URL}/api/v1/chats`;
const SECRET = 'Zq7LOGSECRETpart9xK';
// A token the mock refuses: the handlers below accept it and echo it back.
const TOKEN = `sk_live_${SECRET}`;

let stderr: MockInstance<typeof console.error>;

beforeEach(() => {
  stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  vi.unstubAllEnvs();
  stderr.mockRestore();
});

/** Every line printed to stderr so far. */
const printed = () => stderr.mock.calls.map((args) => args.map(String).join(' '));

/** A server that echoes the Authorization header in a response header and in the body. */
function echoAuthorization(init: { status?: number; headers?: Record<string, string> } = {}) {
  server.use(
    http.get(CHATS, ({ request }) => {
      const authorization = request.headers.get('authorization') ?? '';
      return HttpResponse.json(
        { error: `token ${authorization} refused` },
        {
          status: init.status ?? 401,
          headers: { 'x-echo-authorization': authorization, ...init.headers },
        },
      );
    }),
  );
}

describe('SOAT_LOG', () => {
  it('prints nothing when it is unset and there is no logger', async () => {
    vi.stubEnv('SOAT_LOG', undefined);
    await createTestClient().chats.listChats();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('=info prints one line per attempt to stderr', async () => {
    vi.stubEnv('SOAT_LOG', 'info');
    await createTestClient().chats.listChats();
    expect(printed()).toEqual([expect.stringMatching(/^GET \/api\/v1\/chats 200 \d+ms retry=0$/)]);
  });

  it('=info prints a line for each retry', async () => {
    vi.stubEnv('SOAT_LOG', 'info');
    let calls = 0;
    server.use(
      http.get(CHATS, () =>
        ++calls === 1
          ? new HttpResponse(null, { status: 503, headers: { 'retry-after': '0' } })
          : undefined,
      ),
    );
    await createTestClient({ maxRetries: 1 }).chats.listChats();
    expect(printed()).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/chats 503 \d+ms retry=0$/),
      expect.stringMatching(/^GET \/api\/v1\/chats 200 \d+ms retry=1$/),
    ]);
  });

  it('=debug adds the request headers with Authorization redacted', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    await createTestClient({ headers: { 'x-app': 'demo' } }).chats.listChats();
    const request = printed().find((line) => line.startsWith('GET /api/v1/chats request headers'));
    expect(request).toContain('"authorization":"Bearer ***"');
    expect(request).toContain('"x-app":"demo"');
  });

  it('=debug adds the response status, headers and body', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    await createTestClient().chats.listChats();
    const response = printed().find((line) => line.startsWith('GET /api/v1/chats response 200'));
    expect(response).toContain('"content-type":"application/json');
    expect(response).toMatch(/ body \[\]$/);
  });

  it('=debug adds the request body of a call', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    await createTestClient().chats.createChat({ body: { ai_provider_id: 'aip_logged' } });
    const request = printed().find((line) => line.startsWith('POST /api/v1/chats request'));
    expect(request).toMatch(/ body \{"ai_provider_id":"aip_logged"\}$/);
  });

  it('=debug cuts a body to 2,000 characters and says how long it was', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    server.use(http.get(CHATS, () => HttpResponse.text('x'.repeat(5000), { status: 500 })));
    await createTestClient().chats.listChats();
    const response = printed().find((line) => line.includes(' response 500 ')) ?? '';
    expect(response).toContain(` body ${'x'.repeat(2000)}… (5000 characters)`);
    expect(response).not.toContain('x'.repeat(2001));
  });

  it('=debug leaves out the body of an event stream, which still streams whole', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    const { data: stream, error } = await createTestClient().chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    expect(await stream.text()).not.toBe('');
    const response = printed().find((line) => line.includes(' response 200 ')) ?? '';
    expect(response).toContain('"content-type":"text/event-stream"');
    expect(response).not.toContain(' body ');
  });

  it('=debug does not wait for the body of a response without a content-type, which may be a stream', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    let finish = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder();
        controller.enqueue(
          encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n'),
        );
        finish = () => {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        };
      },
    });
    server.use(http.post(`${BASE_URL}/api/v1/chats/completions`, () => new HttpResponse(body)));
    const { data: stream, error } = await createTestClient().chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true },
    });
    if (error) throw new Error(JSON.stringify(error));
    finish();
    expect(await stream.text()).toBe('Hi');
  });

  it('accepts a level in capitals', async () => {
    vi.stubEnv('SOAT_LOG', 'INFO');
    await createTestClient().chats.listChats();
    expect(printed()).toHaveLength(1);
  });

  it('=off prints nothing', async () => {
    vi.stubEnv('SOAT_LOG', 'off');
    await createTestClient().chats.listChats();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('refuses an unknown level with a SoatError naming SOAT_LOG', () => {
    vi.stubEnv('SOAT_LOG', 'verbose');
    expect(() => createTestClient()).toThrow(SoatError);
    expect(() => createTestClient()).toThrow(/SOAT_LOG must be off, info or debug, got "verbose"/);
  });

  it.each(['info', 'debug'])(
    '=%s never prints the token, not even echoed by the server in a header or a body',
    async (level) => {
      vi.stubEnv('SOAT_LOG', level);
      echoAuthorization();
      const { response } = await createTestClient({ token: TOKEN }).chats.listChats();
      // The echo worked: the token is in what the server sent back.
      expect(response.headers.get('x-echo-authorization')).toContain(SECRET);
      expect(printed().length).toBeGreaterThan(0);
      for (const line of printed()) expect(line).not.toContain(SECRET);
    },
  );

  it('=debug shows where the echoed token was, as ***', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    echoAuthorization();
    await createTestClient({ token: TOKEN }).chats.listChats();
    const response = printed().find((line) => line.includes(' response 401 ')) ?? '';
    expect(response).toContain('"x-echo-authorization":"Bearer ***"');
    expect(response).toContain('token Bearer *** refused');
  });

  it('puts the response x-request-id in the line', async () => {
    vi.stubEnv('SOAT_LOG', 'info');
    echoAuthorization({ headers: { 'x-request-id': 'req_42' } });
    await createTestClient().chats.listChats();
    expect(printed()).toEqual([expect.stringMatching(/ retry=0 request-id=req_42$/)]);
  });

  it('puts a request-id header in the line when there is no x-request-id', async () => {
    vi.stubEnv('SOAT_LOG', 'info');
    echoAuthorization({ headers: { 'request-id': 'req_43' } });
    await createTestClient().chats.listChats();
    expect(printed()).toEqual([expect.stringMatching(/ request-id=req_43$/)]);
  });
});

describe('the logger and logLevel options', () => {
  it('a logger receives the per-attempt lines, and stderr gets nothing', async () => {
    vi.stubEnv('SOAT_LOG', undefined);
    const lines: string[] = [];
    await createTestClient({ logger: (line) => lines.push(line) }).chats.listChats();
    expect(lines).toEqual([expect.stringMatching(/^GET \/api\/v1\/chats 200 \d+ms retry=0$/)]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('a logger never sees the token, even one the server echoes', async () => {
    vi.stubEnv('SOAT_LOG', undefined);
    echoAuthorization();
    const lines: string[] = [];
    const soat = createTestClient({
      token: TOKEN,
      logger: (line) => lines.push(line),
      logLevel: 'debug',
    });
    await soat.chats.listChats();
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it('logLevel: debug sends the debug lines to the logger', async () => {
    vi.stubEnv('SOAT_LOG', undefined);
    const lines: string[] = [];
    await createTestClient({
      logger: (line) => lines.push(line),
      logLevel: 'debug',
    }).chats.listChats();
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/chats request headers /),
      expect.stringMatching(/^GET \/api\/v1\/chats response 200 headers /),
      expect.stringMatching(/^GET \/api\/v1\/chats 200 \d+ms retry=0$/),
    ]);
  });

  it('logLevel wins over SOAT_LOG', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    await createTestClient({ logLevel: 'off' }).chats.listChats();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('SOAT_LOG sets the level of a given logger', async () => {
    vi.stubEnv('SOAT_LOG', 'debug');
    const lines: string[] = [];
    await createTestClient({ logger: (line) => lines.push(line) }).chats.listChats();
    expect(lines).toHaveLength(3);
  });

  it('a logger that throws changes nothing about the call', async () => {
    const soat = createTestClient({
      logLevel: 'debug',
      logger: () => {
        throw new Error('logger broke');
      },
    });
    const { data, error } = await soat.chats.listChats();
    expect(error).toBeUndefined();
    expect(data).toEqual([]);
  });
});

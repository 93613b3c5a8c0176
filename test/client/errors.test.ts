import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SoatClient, SoatError } from '../../src/index.js';
import { BASE_URL, mock, server, TOKEN } from '../setup.js';
import { createTestClient, userSays } from './helpers.js';

const soat = createTestClient();
const CHATS = `${BASE_URL}/api/v1/chats`;

describe('error statuses come back as { error }, never thrown', () => {
  it('gives the object shape of a domain error as it is', async () => {
    const { data, error, response } = await soat.chats.getChat({
      path: { chat_id: 'cht_missing' },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({
      error: { code: 'RESOURCE_NOT_FOUND', message: expect.any(String) },
    });
  });

  it('gives the string shape of a route-level error as it is', async () => {
    const stranger = createTestClient({ token: 'sk_wrong' });
    const { error, response } = await stranger.chats.listChats();
    expect(response.status).toBe(401);
    expect(error).toEqual({ error: 'Unauthorized' });
  });

  it("gives the mock's validation message for a body the spec refuses", async () => {
    const body = { ai_provider_id: 'aip_1', messages: [] } as unknown as Parameters<
      typeof soat.chats.createChatCompletion
    >[0]['body'];
    const { error, response } = await soat.chats.createChatCompletion({ body });
    expect(response.status).toBe(400);
    expect(JSON.stringify(error)).toContain('messages');
  });

  it('turns an HTML error page into a string error with status and the start of the body', async () => {
    const page = `<html><body>${'Bad gateway. '.repeat(40)}</body></html>`;
    server.use(
      http.get(
        CHATS,
        () =>
          new HttpResponse(page, {
            status: 502,
            statusText: 'Bad Gateway',
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const { error } = await soat.chats.listChats();
    expect(error).toEqual({
      error: `502 Bad Gateway: ${page.slice(0, 200)}… (${page.length} characters)`,
    });
  });

  it('turns an empty error body into the status line', async () => {
    server.use(
      http.get(
        CHATS,
        () => new HttpResponse(null, { status: 500, statusText: 'Internal Server Error' }),
      ),
    );
    const { error } = await soat.chats.listChats();
    expect(error).toEqual({ error: '500 Internal Server Error' });
  });

  it('turns an error status with a JSON null body into the status line and null', async () => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json(null, { status: 500, statusText: 'Internal Server Error' }),
      ),
    );
    const { error } = await soat.chats.listChats();
    expect(error).toEqual({ error: '500 Internal Server Error: null' });
  });

  it('turns JSON of another shape into a string error quoting it', async () => {
    server.use(
      http.get(CHATS, () =>
        HttpResponse.json({ message: 'nope' }, { status: 403, statusText: 'Forbidden' }),
      ),
    );
    const { error } = await soat.chats.listChats();
    expect(error).toEqual({ error: '403 Forbidden: {"message":"nope"}' });
  });
});

describe('a 2xx body that is not what it claims', () => {
  it('throws a SoatError quoting a captive portal page instead of a SyntaxError', async () => {
    const page = '<html><title>Sign in to the hotel Wi-Fi</title></html>';
    server.use(
      http.get(
        CHATS,
        () => new HttpResponse(page, { status: 200, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const failure = soat.chats.listChats();
    await expect(failure).rejects.toBeInstanceOf(SoatError);
    await expect(failure).rejects.toThrow(
      /GET \/api\/v1\/chats: expected a JSON body.*Sign in to the hotel Wi-Fi/,
    );
  });

  it('throws a SoatError for an HTML page where a stream was asked for', async () => {
    server.use(
      http.post(
        `${CHATS}/completions`,
        () => new HttpResponse('<html>portal</html>', { headers: { 'content-type': 'text/html' } }),
      ),
    );
    const call = soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true },
    });
    await expect(call).rejects.toThrow(/not JSON.*portal/);
  });
});

describe('baseUrl', () => {
  it.each([BASE_URL, `${BASE_URL}/`])('works as %s', async (baseUrl) => {
    const client = new SoatClient({ baseUrl, token: TOKEN });
    const { response } = await client.chats.listChats();
    expect(response.status).toBe(200);
    expect(mock.state.requests.at(-1)?.path).toBe('/api/v1/chats');
  });

  it('refuses a baseUrl that is not an absolute http(s) URL', () => {
    expect(() => new SoatClient({ baseUrl: 'api.example.com', token: TOKEN })).toThrow(SoatError);
  });
});

describe('a request that cannot be built', () => {
  it('rejects with a SoatError for a header value a header cannot carry, without quoting it, and sends nothing', async () => {
    const failure = await soat.chats
      .listChats({ headers: { 'X-Trace': 'secret\nvalue' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as SoatError).message).toMatch(
      /^GET: `headers` must be .* of what a header can carry/,
    );
    expect((failure as SoatError).message).not.toContain('secret');
    expect((failure as SoatError).cause).toBeUndefined();
    expect(mock.state.requests).toEqual([]);
  });

  it('throws a SoatError, keeping the cause, for a body JSON cannot serialise', async () => {
    const body = { ai_provider_id: 1n } as unknown as { ai_provider_id: string };
    const failure = await soat.chats.createChat({ body }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SoatError);
    expect((failure as SoatError).cause).toBeInstanceOf(TypeError);
    expect(mock.state.requests).toEqual([]);
  });
});

import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type ErrorResponse, SoatClient, SoatError, toErrorResponse } from '../src/index.js';
import { createSoatMock } from '../src/mock/index.js';
import { BASE_URL, server, TOKEN } from './setup.js';

const soat = new SoatClient({ baseUrl: BASE_URL, token: TOKEN, maxRetries: 0 });

/** Points the msw server at a mock that knows only `aip_known`. */
function onlyKnownProvider(): void {
  const strict = createSoatMock({ baseUrl: BASE_URL, token: TOKEN, aiProviders: ['aip_known'] });
  server.use(...strict.handlers);
}

async function bodyOf(response: Response): Promise<ErrorResponse> {
  return (await response.json()) as ErrorResponse;
}

describe('toErrorResponse', () => {
  it('answers 404 with the error as JSON for a wrong provider id the server reported inside a 200 stream', async () => {
    onlyKnownProvider();
    const { error, response } = await soat.chats.createChatCompletion({
      body: {
        ai_provider_id: 'aip_wrong',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      },
    });
    expect(response.status).toBe(200);
    if (!error) throw new Error('expected an error');

    const answer = toErrorResponse({ error, response });

    expect(answer.status).toBe(404);
    expect(answer.ok).toBe(false);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await bodyOf(answer)).toEqual({ error: 'AI provider not found' });
  });

  it('keeps the SOAT server’s own error status and the code and message of the object shape', async () => {
    const { error, response } = await soat.chats.getChat({ path: { chat_id: 'chat_missing' } });
    if (!error) throw new Error('expected an error');

    const answer = toErrorResponse({ error, response });

    expect(answer.status).toBe(404);
    expect(await bodyOf(answer)).toEqual({
      error: { code: 'RESOURCE_NOT_FOUND', message: 'Chat not found' },
    });
  });

  it('answers 502 for an in-band error that is not a not-found', () => {
    const upstream = new Response(null, { status: 200 });
    const answer = toErrorResponse({ error: { error: 'provider exploded' }, response: upstream });
    expect(answer.status).toBe(502);
  });

  it('answers 404 for an in-band RESOURCE_NOT_FOUND code whatever its message', () => {
    const answer = toErrorResponse({
      error: { error: { code: 'RESOURCE_NOT_FOUND', message: 'gone' } },
    });
    expect(answer.status).toBe(404);
  });

  it('leaves out the upstream URL, tokens and control characters from the body', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/chats/:id`, () =>
        HttpResponse.text(
          `<h1>Bad gateway</h1> ${BASE_URL}/api/v1/chats/x Authorization: Bearer ${TOKEN} key sk_live_123 jwt eyJhbGciOi.eyJzdWIi.c2ln \u001b[31m`,
          { status: 502, headers: { 'Content-Type': 'text/html' } },
        ),
      ),
    );
    const { error, response } = await soat.chats.getChat({ path: { chat_id: 'x' } });
    if (!error) throw new Error('expected an error');

    const text = await toErrorResponse({ error, response }).text();

    expect(text).toContain('Bad gateway');
    expect(text).not.toContain('soat.test');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('sk_live_123');
    expect(text).not.toContain('eyJzdWIi');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a raw control character is what must not reach the page
    expect(JSON.parse(text).error).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('cuts a long message to 1,000 characters and marks the cut', async () => {
    const answer = toErrorResponse({ error: { error: 'x'.repeat(5000) } });
    const { error } = await bodyOf(answer);
    expect(error).toBe(`${'x'.repeat(1000)}…`);
  });

  it('passes on the upstream x-request-id', () => {
    const upstream = new Response(null, { status: 500, headers: { 'x-request-id': 'req_1' } });
    const answer = toErrorResponse({ error: { error: 'boom' }, response: upstream });
    expect(answer.headers.get('x-request-id')).toBe('req_1');
  });

  it('takes the status and extra headers from init', () => {
    const answer = toErrorResponse(
      { error: { error: 'boom' } },
      { status: 503, headers: { 'Retry-After': '1' } },
    );
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
  });

  it('refuses a status from init that is not an error status', () => {
    expect(() => toErrorResponse({ error: { error: 'boom' } }, { status: 200 })).toThrow(SoatError);
  });

  it('refuses a result without an error, with a SoatError saying so', async () => {
    const result = await soat.chats.listChats({});
    expect(() => toErrorResponse(result as never)).toThrow(/holds no `error`/);
  });
});

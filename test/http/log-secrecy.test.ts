// Issue 14: SOAT_LOG=debug logs headers and bodies; the token must appear in no line, at any
// level, even when a real server echoes it back in a header and in the body.

import { afterEach, beforeEach, describe, expect, type MockInstance, vi } from 'vitest';
import { SoatApiError, SoatClient, unwrap } from '../../src/index.js';
import { type Answer, test } from './helpers/test-server.js';

const SECRET = 'Zq7ECHOSECRETpart9xK';
const TOKEN = `sk_live_${SECRET}`;

/** Answers 401 with the Authorization header it got, in a header, a cookie and the body. */
const echo: Answer = (res, request) => {
  const authorization = String(request.headers.authorization);
  res.writeHead(401, {
    'content-type': 'application/json',
    'x-echo-authorization': authorization,
    'set-cookie': `session=${SECRET}`,
    'x-request-id': 'req_echo',
  });
  res.end(JSON.stringify({ error: `bad token ${authorization}; body ${request.body}` }));
};

let stderr: MockInstance<typeof console.error>;
beforeEach(() => {
  stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  stderr.mockRestore();
});

describe.for(['info', 'debug'])('SOAT_LOG=%s against a server that echoes the token', (level) => {
  test('prints lines, none of which holds the token', async ({ serve }) => {
    const server = await serve([echo, echo]);
    vi.stubEnv('SOAT_LOG', level);
    vi.stubEnv('SOAT_BASE_URL', server.baseUrl);
    vi.stubEnv('SOAT_TOKEN', TOKEN);
    const soat = new SoatClient({ maxRetries: 0 });
    await soat.chats.listChats();
    await soat.chats.createChat({ body: { ai_provider_id: 'aip_1', name: TOKEN } });
    // The server did get the token, and sent it back.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const lines = stderr.mock.calls.map((args) => args.map(String).join(' '));
    expect(lines.length).toBeGreaterThanOrEqual(level === 'debug' ? 6 : 2);
    for (const line of lines) expect(line).not.toContain(SECRET);
    expect(lines.some((line) => line.includes('request-id=req_echo'))).toBe(true);
  });
});

test('a SoatApiError from unwrap carries the request id of a real response', async ({ serve }) => {
  const server = await serve(echo);
  const soat = new SoatClient({ baseUrl: server.baseUrl, token: 'sk_other', maxRetries: 0 });
  const error = await soat.chats
    .listChats()
    .then(unwrap)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SoatApiError);
  expect((error as SoatApiError).requestId).toBe('req_echo');
  expect((error as SoatApiError).message).toMatch(
    /^401 bad token .*\(GET \/api\/v1\/chats, request-id req_echo\)$/,
  );
});

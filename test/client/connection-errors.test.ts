// How a failure to connect is described: the runtime's code when it gives one as a string,
// else its message (issue 15).
import { describe, expect, it } from 'vitest';
import { SoatClient, SoatConnectionError } from '../../src/index.js';

function failingWith(cause: unknown) {
  return new SoatClient({
    baseUrl: 'https://api.example.com',
    token: 'sk_test',
    maxRetries: 0,
    fetch: () => Promise.reject(cause),
  });
}

async function messageOf(cause: unknown): Promise<string> {
  const failure = await failingWith(cause)
    .chats.listChats()
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(SoatConnectionError);
  expect((failure as Error).cause).toBe(cause);
  return (failure as Error).message;
}

describe('a failure to connect', () => {
  it('is described by its cause’s string code', async () => {
    const cause = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    expect(await messageOf(cause)).toBe(
      'GET /api/v1/chats: could not reach the server (ECONNREFUSED), after 1 attempt(s)',
    );
  });

  it('is described by its message when the cause’s code is not a string', async () => {
    const cause = new TypeError('fetch failed', { cause: { code: 42 } });
    expect(await messageOf(cause)).toBe(
      'GET /api/v1/chats: could not reach the server (fetch failed), after 1 attempt(s)',
    );
  });

  it('is described by its text when it is not an Error', async () => {
    expect(await messageOf('offline')).toBe(
      'GET /api/v1/chats: could not reach the server (offline), after 1 attempt(s)',
    );
  });
});

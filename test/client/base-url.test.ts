// Issue 11, defect 13: what `baseUrl` may look like, and the URL each form leads to.
import { describe, expect, it } from 'vitest';
import { SoatClient, SoatError } from '../../src/index.js';

/** Builds a client on `baseUrl` and resolves to the URL `listChats` fetches. */
async function urlOf(baseUrl: string): Promise<string> {
  let url = '';
  const soat = new SoatClient({
    baseUrl,
    token: 'sk_test',
    fetch: async (request) => {
      url = request.url;
      return Response.json([]);
    },
  });
  await soat.chats.listChats();
  return url;
}

describe('baseUrl', () => {
  it.each([
    ['https://api.example.com', 'https://api.example.com/api/v1/chats'],
    ['https://api.example.com/', 'https://api.example.com/api/v1/chats'],
    ['https://api.example.com//', 'https://api.example.com/api/v1/chats'],
    ['https://api.example.com/api/v1', 'https://api.example.com/api/v1/chats'],
    ['https://api.example.com/api/v1/', 'https://api.example.com/api/v1/chats'],
    ['https://api.example.com/api/v1//', 'https://api.example.com/api/v1/chats'],
    ['http://127.0.0.1:8080/soat', 'http://127.0.0.1:8080/soat/api/v1/chats'],
    ['http://127.0.0.1:8080/soat/', 'http://127.0.0.1:8080/soat/api/v1/chats'],
    ['http://127.0.0.1:8080/soat/api/v1/', 'http://127.0.0.1:8080/soat/api/v1/chats'],
    ['https://api.example.com/api/v10', 'https://api.example.com/api/v10/api/v1/chats'],
  ])('%s sends listChats to %s', async (baseUrl, expected) => {
    expect(await urlOf(baseUrl)).toBe(expected);
  });

  it.each([
    'https://api.example.com?key=v',
    'https://api.example.com/soat?',
    'https://api.example.com/#top',
    'https://api.example.com#',
  ])(
    '%s is refused at construction: a query or fragment would land inside every path',
    (baseUrl) => {
      const build = () => new SoatClient({ baseUrl, token: 'sk_test' });
      expect(build).toThrow(SoatError);
      expect(build).toThrow(/`baseUrl` must be an absolute URL with no query or fragment/);
    },
  );

  it.each(['api.example.com', 'ftp://api.example.com', '/api/v1'])(
    '%j is refused as not an absolute http(s) URL',
    (baseUrl) => {
      expect(() => new SoatClient({ baseUrl, token: 'sk_test' })).toThrow(
        /`baseUrl` must be an absolute URL/,
      );
    },
  );
});

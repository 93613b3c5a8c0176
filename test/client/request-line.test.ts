// Issue 22: openapi-fetch builds a RequestLine (URL + init) instead of a Request. The default
// fetch gets `globalThis.fetch(url, init)`, so undici builds one Request, not two; a custom
// fetch and debug logging still get a real Request.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SoatClient } from '../../src/index.js';

const CHAT = {
  id: 'cht_1',
  project_id: 'proj_1',
  ai_provider_id: 'aip_1',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};
const BODY = { project_id: 'proj_1', ai_provider_id: 'aip_1', name: 'Lines' };
const created = () =>
  new Response(JSON.stringify(CHAT), {
    status: 201,
    headers: { 'content-type': 'application/json' },
  });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the request each attempt sends', () => {
  it('goes to globalThis.fetch as a URL and an init, with no Request built', async () => {
    const fetch = vi.fn(async (_input: unknown, _init?: RequestInit) => created());
    vi.stubGlobal('fetch', fetch);
    const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });
    const { data } = await soat.chats.createChat({ body: BODY, headers: { 'x-tag': 'one' } });
    expect(data).toEqual(CHAT);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [input, init] = fetch.mock.calls[0] ?? [];
    expect(input).toBe('https://api.example.com/api/v1/chats');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(JSON.stringify(BODY));
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    const headers = new Headers(init?.headers);
    expect(headers.get('authorization')).toBe('Bearer sk_test');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-tag')).toBe('one');
  });

  it('looks globalThis.fetch up on every call, so a fetch installed later is used', async () => {
    const soat = new SoatClient({ baseUrl: 'https://api.example.com', token: 'sk_test' });
    const later = vi.fn(async () => created());
    vi.stubGlobal('fetch', later);
    await soat.chats.createChat({ body: BODY });
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('reaches a custom fetch as a real Request with method, URL, headers and body', async () => {
    const seen: Request[] = [];
    const soat = new SoatClient({
      baseUrl: 'https://api.example.com',
      token: 'sk_test',
      fetch: async (request) => {
        seen.push(request);
        return created();
      },
    });
    await soat.chats.createChat({ body: BODY });
    const [request] = seen;
    expect(request).toBeInstanceOf(Request);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://api.example.com/api/v1/chats');
    expect(request?.headers.get('authorization')).toBe('Bearer sk_test');
    expect(await request?.text()).toBe(JSON.stringify(BODY));
  });

  it('reaches globalThis.fetch as a real Request at logLevel debug, which logs its headers and body', async () => {
    const fetch = vi.fn(async (_input: unknown) => created());
    vi.stubGlobal('fetch', fetch);
    const lines: string[] = [];
    const soat = new SoatClient({
      baseUrl: 'https://api.example.com',
      token: 'sk_test',
      logLevel: 'debug',
      logger: (line) => lines.push(line),
    });
    await soat.chats.createChat({ body: BODY });
    expect(fetch.mock.calls[0]?.[0]).toBeInstanceOf(Request);
    expect(lines[0]).toMatch(
      /^POST \/api\/v1\/chats request headers \{.*"authorization":"Bearer \*\*\*"/,
    );
    expect(lines[0]).toContain(`body ${JSON.stringify(BODY)}`);
  });
});

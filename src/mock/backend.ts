import { errorResponse } from './responses.js';
import { createApi } from './router.js';
import { createMockStore } from './store.js';
import type { SoatBackendControls, SoatBackendOptions } from './types.js';

/** The in-memory SOAT Chats backend: a web `Request` in, a web `Response` out. */
export interface SoatBackend extends SoatBackendControls {
  /**
   * Answers one request as the SOAT server would, recording it in `state.requests` first.
   * @param request - any request; only paths under `/api/v1` exist
   * @returns the response (a streamed body for `stream: true`); never rejects: an unexpected
   *   failure is `500 {"error":"Internal Server Error"}`
   */
  handle(request: Request): Promise<Response>;
}

/**
 * Creates an in-memory SOAT Chats backend that needs no framework, so msw and node:http can
 * both serve it.
 * @param options - token, known AI providers, seeded documents
 * @returns the backend and its controls; never throws
 */
export function createSoatBackend(options: SoatBackendOptions = {}): SoatBackend {
  const store = createMockStore(options);
  const api = createApi(store);
  return {
    state: store.state,
    reply: store.reply,
    reset: store.reset,
    seedDocument: store.seedDocument,
    async handle(request) {
      try {
        const url = new URL(request.url);
        const text = await request.text();
        const headers = Object.fromEntries(request.headers);
        store.state.requests.push({
          method: request.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body: parseJson(text),
        });
        return await api(
          {
            method: request.method,
            path: url.pathname,
            query: url.search.slice(1),
            headers,
            body: text === '' ? undefined : text,
          },
          request.signal,
        );
      } catch {
        return errorResponse(500, 'Internal Server Error');
      }
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

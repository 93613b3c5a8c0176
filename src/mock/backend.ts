import { serverProfile } from './generations.js';
import { errorResponse, routeErrorResponse, scriptedResponse } from './responses.js';
import { createApi } from './router.js';
import { createMockStore } from './store.js';
import type { SoatBackendControls, SoatBackendOptions } from './types.js';

/** The in-memory SOAT Chats backend: a web `Request` in, a web `Response` out. */
export interface SoatBackend extends SoatBackendControls {
  /**
   * Answers one request as the SOAT server would, recording it in `state.requests` first.
   * @param request - any request; the API lives under `<basePath>/api/v1`
   * @param basePath - the path the API is mounted under (e.g. `/soat`); when omitted, any
   *   prefix before the first `/api/v1` segment is accepted
   * @returns the response (a streamed body for `stream: true`); never rejects: an unexpected
   *   failure is `500 {"error":"Internal Server Error"}`
   */
  handle(request: Request, basePath?: string): Promise<Response>;
  /**
   * The answer to a request whose body is larger than the server reads: `413` with the real
   * server's body for the generation played (`{"error":"request entity too large"}`, with a
   * `REQUEST_REJECTED` code from 0.20.1).
   */
  bodyTooLarge(): Response;
}

/**
 * Creates an in-memory SOAT Chats backend that needs no framework and no Node built-in, so msw
 * (in Node or in a browser's service worker) and node:http can all serve it.
 * @param options - token, known AI providers, seeded documents, default pause between pieces,
 *   the SOAT version to play
 * @returns the backend and its controls
 * @throws `SoatError` when `pauseMs` is not a number of milliseconds from 0, or `serverVersion`
 *   is not a version such as `0.28.0`
 */
export function createSoatBackend(options: SoatBackendOptions = {}): SoatBackend {
  const profile = serverProfile(options.serverVersion);
  const store = createMockStore(options);
  const api = createApi(store, profile);
  return {
    state: store.state,
    reply: store.reply,
    reset: store.reset,
    seedDocument: store.seedDocument,
    bodyTooLarge: () =>
      routeErrorResponse(
        profile.structuredErrors,
        413,
        'REQUEST_REJECTED',
        'request entity too large',
      ),
    async handle(request, basePath) {
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
        const scripted = store.takeHttpScript();
        if (scripted) return scriptedResponse(scripted);
        const response = api(
          {
            method: request.method,
            path: apiPath(url.pathname, basePath),
            query: url.searchParams,
            headers,
            body: text === '' ? undefined : text,
          },
          request.signal,
        );
        if (profile.requestIds) {
          const incoming = request.headers.get('x-request-id');
          response.headers.set('X-Request-Id', incoming || crypto.randomUUID());
        }
        return response;
      } catch {
        return errorResponse(500, 'Internal Server Error');
      }
    },
  };
}

const API_ROOT = /\/api\/v1(?:\/|$)/;

/**
 * The path from `/api/v1` on: `basePath` is cut off the front when given; otherwise everything
 * before the first `/api/v1` segment is. A path outside the API comes back as it is (a 404).
 */
export function apiPath(pathname: string, basePath?: string): string {
  if (basePath !== undefined) {
    const prefix = basePath.replace(/\/+$/, '');
    return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : pathname;
  }
  const start = pathname.search(API_ROOT);
  return start === -1 ? pathname : pathname.slice(start);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

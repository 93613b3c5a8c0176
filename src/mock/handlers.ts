import { http, type RequestHandler } from 'msw';
import type { SoatBackend } from './backend.js';

/** Where the mock answers when no `baseUrl` is given. */
export const DEFAULT_BASE_URL = 'http://soat.test';

/**
 * msw handlers that send every request under `${baseUrl}/api/v1/` to the backend. `baseUrl`
 * may have a path (`http://soat.test/soat`), as the client's may. This is the only module of
 * the mock that imports msw; it works with `setupServer` (Node) and `setupWorker` (browsers).
 * @param backend - the backend that answers
 * @param baseUrl - the server's URL, with or without a path and a trailing slash
 * @returns the handlers, for `setupServer(...handlers)` or `setupWorker(...handlers)`
 */
export function createSoatHandlers(
  backend: SoatBackend,
  baseUrl: string = DEFAULT_BASE_URL,
): RequestHandler[] {
  const root = baseUrl.replace(/\/+$/, '');
  // The path part of the URL (also for a relative baseUrl such as '/soat' in a browser).
  const basePath = root.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '');
  return [
    http.all(`${root}/api/v1`, ({ request }) => backend.handle(request, basePath)),
    http.all(`${root}/api/v1/*`, ({ request }) => backend.handle(request, basePath)),
  ];
}

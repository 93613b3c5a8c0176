import { http, type RequestHandler } from 'msw';
import type { SoatBackend } from './backend.js';

/** Where the mock answers when no `baseUrl` is given. */
export const DEFAULT_BASE_URL = 'http://soat.test';

/**
 * msw handlers that send every request under `${baseUrl}/api/v1/` to the backend. This is the
 * only module of the mock that imports msw.
 * @param backend - the backend that answers
 * @param baseUrl - the host, with or without a trailing slash
 * @returns the handlers, for `setupServer(...handlers)` or `setupWorker(...handlers)`
 */
export function createSoatHandlers(
  backend: SoatBackend,
  baseUrl: string = DEFAULT_BASE_URL,
): RequestHandler[] {
  const root = baseUrl.replace(/\/+$/, '');
  return [http.all(`${root}/api/v1/*`, ({ request }) => backend.handle(request))];
}

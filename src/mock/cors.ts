/**
 * The headers every answer of the node:http mock server carries: any origin, and a page may read
 * the mock's `X-Soat-Mock-System-Message`.
 */
export const ALLOW_ORIGIN: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Soat-Mock-System-Message',
};

const BASE_ALLOWED_HEADERS = ['authorization', 'content-type'];

/**
 * The headers of a `204` answer to a CORS preflight: any origin, methods GET/POST/DELETE/OPTIONS,
 * and the headers `authorization`, `content-type` plus whatever the browser asked for.
 * @param requestedHeaders - the preflight's `Access-Control-Request-Headers`, if any
 * @returns the headers; never throws
 */
export function preflightHeaders(requestedHeaders: string | undefined): Record<string, string> {
  const requested = (requestedHeaders ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return {
    ...ALLOW_ORIGIN,
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': [...new Set([...BASE_ALLOWED_HEADERS, ...requested])].join(
      ', ',
    ),
    'Access-Control-Max-Age': '600',
  };
}

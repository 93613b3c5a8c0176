import type { HttpReplyScript } from './types.js';

/** Content type of every JSON answer, as the real server sends it. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A JSON response.
 * @param status - HTTP status
 * @param body - value to serialise
 * @returns the response; never throws for JSON-serialisable values
 */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE },
  });
}

/**
 * A route-level error: `{"error":"<message>"}`.
 * @param status - HTTP status
 * @param message - the error string
 * @returns the response; never throws
 */
export function errorResponse(status: number, message: string): Response {
  return jsonResponse(status, { error: message });
}

/**
 * A domain error: `{"error":{"code","message","meta?"}}`.
 * @param status - HTTP status
 * @param code - machine-readable code, e.g. `RESOURCE_NOT_FOUND`
 * @param message - human-readable message
 * @param meta - optional details, e.g. `{ chat_id }`
 * @returns the response; never throws
 */
export function domainErrorResponse(
  status: number,
  code: string,
  message: string,
  meta?: Record<string, unknown>,
): Response {
  return jsonResponse(status, { error: meta ? { code, message, meta } : { code, message } });
}

/**
 * The `405` answer: `text/plain` `Method Not Allowed`, like the real server. With `allow` (the
 * path's methods) it is Koa's exact answer, as a versioned mock sends it: `text/plain;
 * charset=utf-8` and an `Allow` header.
 * @param allow - the methods the path has, e.g. `HEAD, GET, DELETE`
 * @returns the response; never throws
 */
export function methodNotAllowedResponse(allow?: string): Response {
  return new Response('Method Not Allowed', {
    status: 405,
    headers:
      allow === undefined
        ? { 'Content-Type': 'text/plain' }
        : { 'Content-Type': 'text/plain; charset=utf-8', Allow: allow },
  });
}

/**
 * `204` with an empty body and no content type.
 * @returns the response; never throws
 */
export function noContentResponse(): Response {
  return new Response(null, { status: 204 });
}

/**
 * The answer an {@link HttpReplyScript} asks for: its status and headers; an object body as
 * JSON (`application/json; charset=utf-8` unless the headers name a type), a string as it is.
 * @param script - a checked script (status 200-599, no body for 204/205/304)
 * @returns the response; never throws for a checked script
 */
export function scriptedResponse(script: HttpReplyScript): Response {
  const headers = new Headers(script.headers);
  let body: string | null = null;
  if (typeof script.body === 'string') body = script.body;
  else if (script.body !== undefined) {
    body = JSON.stringify(script.body);
    if (!headers.has('content-type')) headers.set('content-type', JSON_CONTENT_TYPE);
  }
  return new Response(body, { status: script.status, headers });
}

/**
 * The real server's answer to a path no route has (Koa's own 404 from 0.13 on): `text/plain`
 * `Not Found`.
 * @returns the response; never throws
 */
export function plainNotFoundResponse(): Response {
  return new Response('Not Found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * A route-level error in the shape of the generation played: `{"error":"<message>"}` before
 * 0.20.1, `{"error":{"code","message"}}` from it on.
 * @param structured - whether the generation answers every error with a code
 * @param status - HTTP status
 * @param code - the code the structured shape carries, e.g. `VALIDATION_FAILED`
 * @param message - the error text
 * @returns the response; never throws
 */
export function routeErrorResponse(
  structured: boolean,
  status: number,
  code: string,
  message: string,
): Response {
  return structured ? domainErrorResponse(status, code, message) : errorResponse(status, message);
}

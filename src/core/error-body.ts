import { SoatError } from '../errors.js';
import { quote } from '../streaming/describe.js';
import type { ErrorResponse } from '../types.js';

const SNIPPET_LIMIT = 200;

/**
 * Turns whatever an error status carried into an `ErrorResponse`: a JSON `{ error }` body is
 * kept as it is; anything else (an HTML page from a proxy, plain text, an empty body, JSON of
 * another shape) becomes `{ error: "<status> <statusText>: <first 200 characters>" }`.
 */
export function toErrorResponse(body: unknown, response: Response): ErrorResponse {
  if (isErrorResponse(body)) return body;
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  const status = `${response.status} ${response.statusText}`.trim();
  const snippet = text.trim().slice(0, SNIPPET_LIMIT);
  return { error: snippet ? `${status}: ${snippet}` : status };
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  // Reading a property of a string or number gives `undefined`: no need to rule them out first.
  const error = (body as { error?: { message?: unknown } } | null | undefined)?.error;
  return typeof error === 'string' || typeof error?.message === 'string';
}

/**
 * Parses a 2xx body that must be JSON.
 * @throws `SoatError` quoting the body's first 200 characters when it is not JSON (a captive
 * portal's HTML page, say).
 */
export function parseJsonBody(text: string, label: () => string, response: Response): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw new SoatError(
      `${label()}: expected a JSON body but the ${response.status} response (${type}) is not JSON: ${quote(text)}`,
      { cause },
    );
  }
}

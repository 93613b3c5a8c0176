import { SoatError } from '../errors.js';
import { quote } from '../streaming/describe.js';
import type { ErrorResponse } from '../types.js';
import { clip, type Scrub, scrubberOf } from './safe-text.js';

/**
 * Turns whatever an error status carried into an `ErrorResponse`: a JSON `{ error }` body keeps
 * its `error`, in the one normalised form of {@link normaliseError}; anything else (an HTML page
 * from a proxy, plain text, an empty body, JSON of another shape) becomes
 * `{ error: "<status> <statusText>: <first 200 characters>" }`. Credentials in the text (and the
 * token the response was fetched with) are replaced by `***`.
 */
export function toErrorResponse(body: unknown, response: Response): ErrorResponse {
  const scrub = scrubberOf(response);
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (error != null && typeof body === 'object')
    return { ...(body as object), error: normaliseError(error, scrub) };
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  const status = `${response.status} ${response.statusText}`.trim();
  const snippet = clip(text.trim(), scrub, 200);
  return { error: snippet ? `${status}: ${snippet}` : status };
}

/**
 * The one form of a server's `error` value, whether it came with an error status or as a
 * stream's event (issue 20 #4): a string stays a string; `{ code, message }` stays an object;
 * `{ message }` alone becomes its message; `{ code }` without a message gets its JSON text as
 * message; any other value (`42`, `["a"]`) becomes its JSON text. Messages are scrubbed of
 * credentials and by `scrub`, not cut.
 */
export function normaliseError(error: unknown, scrub?: Scrub): ErrorResponse['error'] {
  const { code, message } = error as { code?: unknown; message?: unknown };
  // A string has no `code`: it stays a string.
  const text = clip(
    typeof error === 'string'
      ? error
      : typeof message === 'string'
        ? message
        : JSON.stringify(error),
    scrub,
    Number.POSITIVE_INFINITY,
  );
  return typeof code === 'string'
    ? ({ ...(error as object), message: text } as ErrorResponse['error'])
    : text;
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
      `${label()}: expected a JSON body but the ${response.status} response (${type}) is not JSON: ${quote(text, scrubberOf(response))}`,
      { cause },
    );
  }
}

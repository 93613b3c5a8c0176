import { toApiError } from '../core/api-error.js';
import { toErrorResponse } from '../core/error-body.js';
import { scrubberOf } from '../core/safe-text.js';
import { SoatStreamError } from '../errors.js';
import { quote } from './describe.js';

/**
 * Whether a response is not an event stream: an error status, or a content-type that is not
 * `text/event-stream` (a response without one may be a stream).
 */
export function isNotEventStream(response: Response): boolean {
  return !response.ok || /^(?!.*event-stream)./i.test(response.headers.get('content-type') ?? '');
}

/**
 * A body that reads a response which is not an event stream and fails with the error it
 * describes (issue 21 #2): a `SoatApiError` for an error status or an `{ error }` body (an
 * in-band error forwarded with status 200), with `status`, `code` and the server's message; a
 * `SoatStreamError` quoting a capped, scrubbed excerpt for any other body (a 200 HTML page).
 */
export function failingBody(response: Response, label: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull() {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      if (!response.ok || (body as { error?: unknown } | null)?.error) {
        throw toApiError(toErrorResponse(body, response), response);
      }
      const type = response.headers.get('content-type');
      throw new SoatStreamError(
        `${label}: the ${response.status} response (${type}) is not an event stream: ${quote(text, scrubberOf(response))}`,
        { partialText: '' },
      );
    },
  });
}

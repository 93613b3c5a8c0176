import { describeError } from '../describe-error.js';
import { SoatApiError } from '../errors.js';
import type { ErrorResponse } from '../types.js';
import { requestIdOf, requestLineOf } from './request-id.js';
import { scrubberOf } from './safe-text.js';

/**
 * The `SoatApiError` for an error result, with a message such as
 * `404 RESOURCE_NOT_FOUND: Chat 'chat_x' not found. (GET /api/v1/chats/chat_x, request-id r1)`.
 * The server's text in it is capped, scrubbed of credentials (and of the token the response was
 * fetched with) and has its control characters escaped.
 */
export function toApiError(error: ErrorResponse, response: Response): SoatApiError {
  const requestId = requestIdOf(response);
  const text = describeError(error, scrubberOf(response));
  // A body that was not error JSON was normalised to "<status> <statusText>: …": no second status.
  const status = text.startsWith(`${response.status} `) ? '' : `${response.status} `;
  const context = [
    requestLineOf(response) ?? pathOf(response),
    requestId && `request-id ${requestId}`,
  ]
    .filter(Boolean)
    .join(', ');
  return new SoatApiError(`${status}${text}${context ? ` (${context})` : ''}`, {
    error,
    response,
    requestId,
  });
}

/** The path a response came from, for a result the client did not make (`response.url` may be ''). */
function pathOf(response: Response): string | undefined {
  try {
    return new URL(response.url).pathname;
  } catch {
    return undefined;
  }
}

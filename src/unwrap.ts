import type { SoatResult } from './core/options.js';
import { requestIdOf, requestLineOf } from './core/request-id.js';
import { describeError } from './describe-error.js';
import { SoatApiError, SoatError } from './errors.js';

/**
 * Returns a result's `data`, or throws its `error` as a `SoatApiError`: for those who prefer
 * exceptions to `if (error)`. Works for every call, streams included (it returns the
 * `ChatCompletionStream`).
 *
 * @throws `SoatApiError` carrying `status`, `code`, `error`, `response` and `requestId`, with a
 * message such as `404 RESOURCE_NOT_FOUND: Chat 'chat_x' not found. (GET /api/v1/chats/chat_x)`;
 * `SoatError` when given something that is not a result (a promise not awaited, say).
 *
 * @example
 * ```ts
 * import { unwrap } from '@soat/sdk';
 *
 * const chat = unwrap(await soat.chats.createChat({ body: { ai_provider_id: 'aip_abc123' } }));
 * ```
 */
export function unwrap<T>(result: SoatResult<T>): T {
  if (
    typeof result !== 'object' ||
    result === null ||
    typeof (result as { then?: unknown }).then === 'function'
  ) {
    throw new SoatError(
      'unwrap: expected the result of a call ({ data, error, response }); did you forget `await`? unwrap(await soat.chats.getChat(…))',
    );
  }
  if (result.error === undefined) return result.data as T;
  const { error, response } = result;
  const requestId = requestIdOf(response);
  const text = describeError(error);
  // A body that was not error JSON was normalised to "<status> <statusText>: …": no second status.
  const status = text.startsWith(`${response.status} `) ? '' : `${response.status} `;
  const context = [
    requestLineOf(response) ?? pathOf(response),
    requestId && `request-id ${requestId}`,
  ]
    .filter(Boolean)
    .join(', ');
  throw new SoatApiError(`${status}${text}${context ? ` (${context})` : ''}`, {
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

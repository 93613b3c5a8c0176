import { toApiError } from './core/api-error.js';
import type { SoatResult } from './core/options.js';
import { describeError } from './describe-error.js';
import { SoatError } from './errors.js';

/**
 * Returns a result's `data`, or throws its `error` as a `SoatApiError`: for those who prefer
 * exceptions to `if (error)`. Works for every call, streams included (it returns the
 * `ChatCompletionStream`).
 *
 * @throws `SoatApiError` carrying `status`, `code`, `error`, `response` and `requestId`, with a
 * message such as `404 RESOURCE_NOT_FOUND: Chat 'chat_x' not found. (GET /api/v1/chats/chat_x)`;
 * `SoatError` when given something that is not a result (a promise not awaited, say), or a
 * hand-built result with an `error` but no `Response` (its message describes the error).
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
  const response = result.response as Partial<Response> | undefined;
  if (typeof response?.status !== 'number' || typeof response.headers?.get !== 'function') {
    // A hand-built `{ error }`: there is no status to report, but the error itself is kept.
    throw new SoatError(
      `unwrap: the result has an error but no response: ${describeError(result.error)}`,
    );
  }
  throw toApiError(result.error, result.response);
}

import { describeServerError } from './streaming/describe.js';
import type { ErrorResponse } from './types.js';

/**
 * Renders the `error` of a result for people: `CODE: message` for the object shape
 * (`RESOURCE_NOT_FOUND: Chat 'chat_x' not found.`), the text itself for the string shape
 * (`Unauthorized`). Never throws.
 *
 * @example
 * ```ts
 * const { data, error, response } = await soat.chats.getChat({ path: { chat_id } });
 * if (error) console.error(response.status, describeError(error));
 * ```
 */
export function describeError(error: ErrorResponse): string {
  return describeServerError(error?.error);
}

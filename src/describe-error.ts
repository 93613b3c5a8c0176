import { describeServerError } from './streaming/describe.js';
import type { ErrorResponse } from './types.js';

/**
 * Renders the `error` of a result for people: `CODE: message` for the object shape
 * (`RESOURCE_NOT_FOUND: Chat 'chat_x' not found.`), the text itself for the string shape
 * (`Unauthorized`). Safe to print: at most 2,000 characters of the server's text, credentials
 * (and whatever `scrub` replaces, e.g. a token of another shape) replaced by `***`, control characters escaped. Never throws.
 *
 * @example
 * ```ts
 * const { data, error, response } = await soat.chats.getChat({ path: { chat_id } });
 * if (error) console.error(response.status, describeError(error));
 * ```
 */
export function describeError(error: ErrorResponse, scrub?: (text: string) => string): string {
  return describeServerError(error?.error, scrub);
}

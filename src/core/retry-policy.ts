/** Statuses worth another attempt: the transient ones, as the openai and anthropic SDKs retry. */
const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A `Retry-After` asking for longer than this is not waited out: the answer is returned. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether an answer with this status is retried. A `500` to a `POST` is not: the server
 * processed the request (a completion may have been paid for) before it failed.
 */
export function isRetryableStatus(status: number, method: string): boolean {
  return RETRYABLE_STATUSES.has(status) && !(status === 500 && method === 'POST');
}

/**
 * The pause before retry number `retry` (0 for the first retry): exponential from 0.5 s, capped
 * at 8 s, with up to 25% jitter taken off so that many clients do not retry in step.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const delay = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return delay * (1 - 0.25 * random());
}

/**
 * The pause the server asks for, in ms, from `retry-after-ms` (non-negative ms) or `Retry-After`
 * (non-negative integer seconds or an IMF-fixdate); `undefined` when it asks for none or says
 * anything else, so that the back-off applies.
 */
export function requestedDelay(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(?:\.\d+)?$/.test(ms)) return Number(ms);
  const value = headers.get('retry-after')?.trim();
  // Stryker disable next-line ConditionalExpression: an absent value matches neither pattern below, which also gives undefined
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An RFC 9110 HTTP-date in its preferred form (IMF-fixdate), `Sun, 06 Nov 1994 08:49:37 GMT`,
  // the only form servers may send, is what `toUTCString()` writes: a date counts only when it
  // reads back exactly as sent, whatever else an engine's `Date.parse` lets pass.
  const date = Date.parse(value);
  return Number.isNaN(date) || new Date(date).toUTCString() !== value
    ? undefined
    : Math.max(0, date - now);
}

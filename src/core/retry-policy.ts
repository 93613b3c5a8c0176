/** Statuses worth another attempt: the transient ones, as the openai and anthropic SDKs retry. */
const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A `Retry-After` asking for longer than this is not waited out: the answer is returned. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Whether an answer with this status is retried. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
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
 * The pause the server asks for, in ms, from `retry-after-ms` or `Retry-After` (seconds or an
 * HTTP date); `undefined` when it asks for none or says something unreadable.
 */
export function requestedDelay(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) {
    return Number(ms);
  }
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

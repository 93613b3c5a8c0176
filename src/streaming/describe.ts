import { clip, neutralise, type Scrub, safeText } from '../core/safe-text.js';

/**
 * Quotes a payload for an error message: scrubbed of credentials (and by `scrub`), cut to its
 * first 200 characters, JSON-quoted, control characters escaped.
 */
export function quote(text: string, scrub?: Scrub): string {
  return neutralise(JSON.stringify(clip(text, scrub, 200)));
}

/**
 * Renders a server's `error` value, either shape, as `message` or `CODE: message`, safe to quote
 * (see `safeText`: at most 2,000 characters, no credentials, no control characters).
 */
export function describeServerError(error: unknown, scrub?: Scrub): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return safeText(
    typeof error === 'string'
      ? error
      : typeof message === 'string'
        ? typeof code === 'string'
          ? `${code}: ${message}`
          : message
        : (JSON.stringify(error) ?? String(error)),
    scrub,
  );
}

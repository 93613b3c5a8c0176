/**
 * Makes text that came from a server (or anything else outside) safe to quote in an error
 * message, an event sent to a browser, a log line or a terminal (issue 20, items 3, 11 and 12).
 * One place, so every quote is capped, scrubbed and neutralised the same way.
 */

/** Replaces a secret in a text by `***`; see `tokenScrubber`. */
export type Scrub = (text: string) => string;

/** How many characters of server text a quote keeps at most. */
export const QUOTE_LIMIT = 2000;

/**
 * Credential-shaped text, scrubbed even when the token is not known: the value after `Bearer`,
 * an `sk_` API key, a JWT (a session token).
 */
const CREDENTIAL = /\b(Bearer\s+)[^\s"',;]+|\bsk_[\w-]{6,}|\beyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

/** Control characters (C0, DEL, C1) and the invisible ones that reorder or break lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL = /[\0-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const scrubbers = new WeakMap<object, Scrub>();

/**
 * Records how to scrub the token a response was fetched with (the client does, for every
 * response), so that text quoted from the response is scrubbed of it.
 */
export function rememberScrubber(response: object, scrub: Scrub): void {
  scrubbers.set(response, scrub);
}

/** How to scrub the token a response was fetched with, when the client recorded it. */
export function scrubberOf(response: object): Scrub | undefined {
  return scrubbers.get(response);
}

/**
 * `text` with credential-shaped text (and what `scrub` finds) replaced by `***`, then cut to
 * `limit` characters with a marker saying how long it was. Scrubbed before the cut, so that no
 * secret is cut in half and left readable; on at most twice the limit, so that a huge body
 * costs no more than a small one.
 */
export function clip(text: string, scrub?: Scrub, limit = QUOTE_LIMIT): string {
  const head = text.slice(0, 2 * limit);
  const safe = (scrub ? scrub(head) : head).replace(CREDENTIAL, '$1***');
  return safe.length > limit || text.length > 2 * limit
    ? `${safe.slice(0, limit)}… (${text.length} characters)`
    : safe;
}

/** Shows control characters (ESC, BEL, newlines, bidi overrides) as `\n` or `\u001b` escapes. */
export function neutralise(text: string): string {
  return text.replace(CONTROL, (c) =>
    c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Returns outside text safe to quote: credentials replaced by `***`, at most `limit` characters
 * (2,000 by default) with a marker, control characters escaped. See {@link clip} and
 * {@link neutralise}. Never throws.
 */
export function safeText(text: unknown, scrub?: Scrub, limit?: number): string {
  return neutralise(clip(String(text), scrub, limit));
}

import { SoatError, SoatStreamError } from '@soat/sdk';

// Every piece of text this entry point quotes into an `errorText` (which reaches a browser)
// passes through `errorTextOf`: one place for the lead to route through the shared quoting
// helper of issue 20 (cap, token scrub, control characters) once it exists.

const LIMIT = 300;
/** What leads an SDK message: `POST /api/v1/chats/completions: …`, `Completion stream: …`. */
const REQUEST_LINE = /^(?:[A-Z]+ \/\S*|Completion stream): /;
/** A URL anywhere in the text: its path could name internals. */
const URL_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
/** Bearer credentials, `sk_` API keys and JWTs. */
const TOKEN_TEXT = /\bBearer\s+\S+|\bsk_[\w-]+|\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
/** C0 and C1 controls, line and paragraph separators, bidirectional overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes.
const CONTROL_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** Text fit to show a user: no request line, URL or token, no control characters, capped. */
function neutralise(text: string): string {
  const clean = text
    .replace(REQUEST_LINE, '')
    .replace(URL_TEXT, '<url>')
    .replace(TOKEN_TEXT, '<redacted>')
    .replace(CONTROL_TEXT, ' ')
    .trim();
  return clean.length > LIMIT ? `${clean.slice(0, LIMIT)}…` : clean;
}

/**
 * What a failed answer tells the page, in a UI message stream's `errorText`: what failed,
 * without the token, the upstream URL or its path. An abort reads as a stop; a `SoatError`
 * gives its own message without its request line; anything else only that the answer failed.
 */
export function errorTextOf(failure: unknown): string {
  const name = (failure as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return 'The answer was stopped before it was complete.';
  }
  if (!(failure instanceof SoatError)) return 'The answer failed.';
  const prefix =
    failure instanceof SoatStreamError ? 'The answer failed part-way' : 'The answer failed';
  return `${prefix}: ${neutralise(failure.message)}`;
}

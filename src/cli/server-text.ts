import { escapeControls } from './terminal-text.js';

/** The most characters of server text one error line quotes. */
export const SERVER_TEXT_LIMIT = 2000;

/**
 * Credential-shaped text, hidden even when it is not the CLI's own token: the value after
 * `Bearer`, an `sk_` API key, a JWT (a session token).
 */
const CREDENTIAL = /\b(Bearer\s+)[^\s"',;]+|\bsk_[\w-]{6,}|\beyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

/**
 * A message the SDK already cut (it quotes at most as much server text, after a short label
 * such as the request), which is left as it is so that its note keeps the whole length.
 */
const ALREADY_CUT = new RegExp(`^[^]{0,${SERVER_TEXT_LIMIT + 200}}… \\(\\d+ characters\\)$`);

/**
 * A line of text that came from the server (an error message), made safe to print: the token
 * hidden wherever it appears whole (as is, JSON-escaped or percent-encoded), and any other
 * credential-shaped text too; cut to `SERVER_TEXT_LIMIT` characters with a note of the whole
 * length; every control character written visibly. The one place the CLI quotes server text
 * (the SDK's `safeText` does the same for its own messages).
 * @param text - the line, already on one line
 * @param token - the token the CLI sends, to hide; `undefined` when there is none
 */
export function safeServerLine(text: string, token: string | undefined): string {
  // Scrubbed before the cut, so no secret is cut in half and left readable; on at most twice
  // the limit, so a huge body costs no more than a small one.
  const head = text.slice(0, 2 * SERVER_TEXT_LIMIT);
  const scrubbed = (token ? hideToken(head, token) : head).replace(CREDENTIAL, '$1***');
  const cut =
    (scrubbed.length > SERVER_TEXT_LIMIT || text.length > 2 * SERVER_TEXT_LIMIT) &&
    !ALREADY_CUT.test(text)
      ? `${scrubbed.slice(0, SERVER_TEXT_LIMIT)}… (${text.length} characters)`
      : scrubbed;
  return escapeControls(cut);
}

function hideToken(text: string, token: string): string {
  const forms = new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)]);
  let hidden = text;
  for (const form of forms) {
    // Whole matches only: a short token must not mangle the words it happens to be part of.
    const pattern = new RegExp(`(?<![\\w-])${escapeRegExp(form)}(?![\\w-])`, 'g');
    hidden = hidden.replace(pattern, '***');
  }
  return hidden;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

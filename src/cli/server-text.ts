import { escapeControls } from './terminal-text.js';

/** The most characters of server text one error line quotes. */
export const SERVER_TEXT_LIMIT = 2000;

/**
 * A line of text that came from the server (an error message, a log line), made safe to print:
 * the token hidden wherever it appears whole (as is, JSON-escaped or percent-encoded), cut to
 * `SERVER_TEXT_LIMIT` characters with a note of how many were left out, every control character
 * written visibly. The one place the CLI quotes server text.
 * @param text - the line, already on one line
 * @param token - the token the CLI sends, to hide; `undefined` when there is none
 */
export function safeServerLine(text: string, token: string | undefined): string {
  const scrubbed = token === undefined || token === '' ? text : hideToken(text, token);
  const cut =
    scrubbed.length > SERVER_TEXT_LIMIT
      ? `${scrubbed.slice(0, SERVER_TEXT_LIMIT)}… (${scrubbed.length - SERVER_TEXT_LIMIT} more characters)`
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

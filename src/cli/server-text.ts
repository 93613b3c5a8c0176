import { clip, QUOTE_LIMIT } from '../core/safe-text.js';
import { tokenScrubber } from '../core/token-scrubber.js';
import { escapeControls } from './terminal-text.js';

/** The most characters of server text one error line quotes (the SDK's own quote limit). */
export const SERVER_TEXT_LIMIT = QUOTE_LIMIT;

/**
 * A message the SDK already cut (it quotes at most as much server text, after a short label
 * such as the request), which is left as it is so that its note keeps the whole length.
 */
const ALREADY_CUT = new RegExp(`^[^]{0,${SERVER_TEXT_LIMIT + 200}}… \\(\\d+ characters\\)$`);

/**
 * A line of text that came from the server (an error message), made safe to print: the token
 * hidden wherever it appears whole (as is, JSON-escaped or percent-encoded), and any other
 * credential-shaped text too; cut to `SERVER_TEXT_LIMIT` characters with a note of the whole
 * length; every control character written visibly. The one place the CLI quotes server text;
 * the scrubbing and the cut are the SDK's own (`clip`, `tokenScrubber`). Never throws.
 * @param text - the line, already on one line
 * @param token - the token the CLI sends, to hide; `undefined` when there is none
 */
export function safeServerLine(text: string, token: string | undefined): string {
  const scrub = tokenScrubber(token ?? '');
  return escapeControls(
    ALREADY_CUT.test(text) ? clip(text, scrub, Number.POSITIVE_INFINITY) : clip(text, scrub),
  );
}

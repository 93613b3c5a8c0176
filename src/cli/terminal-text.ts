/**
 * Text from a server made safe to print on a terminal. A server (or anything between it and
 * us) could otherwise send escape sequences that clear the screen, set the window title, or
 * rewrite what was printed before, or invisible characters that reorder a line (issue 20,
 * item 12). Escapes are written as `\u001b`, as the SDK's own error messages write them.
 */

/**
 * C0 controls, DEL, C1 controls (U+0080 to U+009F, where a one-character CSI lives), and the
 * invisible characters that break or reorder a line (U+2028, U+2029, bidi marks, overrides and
 * isolates).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const CONTROLS = /[\0-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** C0 controls but tab and newline (which answer text legitimately holds), DEL, C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const ANSWER_CONTROLS = /[\0-\x08\x0b-\x1f\x7f-\x9f]/g;

/** What `JSON.stringify` leaves as it is of `CONTROLS`: all but the C0 controls. */
const JSON_CONTROLS = /[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Every control character of `text` written visibly (`\u001b` for ESC, `\n` for a newline): for
 * error lines and log lines, which must stay one line and change nothing on the terminal.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => (char === '\n' ? '\\n' : unicodeEscape(char)));
}

/**
 * A piece of answer text with every control but tab and newline written visibly (`\u001b`,
 * `\u0007`, `\u000d`), so no escape sequence (CSI, OSC, a bell) reaches the terminal. A sequence
 * split across two pieces is harmless too: its ESC is already escaped.
 */
export function escapeAnswerText(text: string): string {
  return text.replace(ANSWER_CONTROLS, unicodeEscape);
}

/**
 * JSON from `JSON.stringify` with DEL, the C1 controls and the invisible line breakers escaped
 * too (`\u009b`), so the printed JSON holds none and parses to the same value.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_CONTROLS, unicodeEscape);
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

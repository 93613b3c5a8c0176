/**
 * Text from a server made safe to print on a terminal. A server (or anything between it and
 * us) could otherwise send escape sequences that clear the screen, set the window title, or
 * rewrite what was printed before (issue 20, item 12).
 */

/** C0 controls, DEL and C1 controls (U+0080 to U+009F, where a single-character CSI lives). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** The same without tab and newline, which answer text legitimately holds. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const CONTROLS_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** DEL and C1 controls: `JSON.stringify` escapes C0 controls itself, but not these. */
const CONTROLS_JSON_LEAVES = /[\u007f-\u009f]/g;

/**
 * Every control character of `text` written visibly, as `\x1b` for ESC: for error lines and log
 * lines, which must stay one line and hold no control at all.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => `\\x${hex(char)}`);
}

/**
 * A piece of answer text with every control but tab and newline written visibly (`\x1b`, `\x07`,
 * `\x0d`), so no escape sequence (CSI, OSC, a bell) reaches the terminal. A sequence split across
 * two pieces is harmless too: its ESC is already escaped.
 */
export function escapeAnswerText(text: string): string {
  return text.replace(CONTROLS_BUT_TAB_AND_NEWLINE, (char) => `\\x${hex(char)}`);
}

/**
 * JSON from `JSON.stringify` with DEL and the C1 controls escaped too (`\u009b`), so the
 * printed JSON holds no control character at all and parses to the same value.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(CONTROLS_JSON_LEAVES, (char) => `\\u00${hex(char)}`);
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(2, '0');
}

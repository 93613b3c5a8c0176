import { describeError } from '../describe-error.js';
import { type ChatCompletionStream, type ErrorResponse, SoatError } from '../index.js';
import type { CliIo } from './io.js';
import { safeServerLine } from './server-text.js';
import { escapeAnswerText, escapeJsonControls } from './terminal-text.js';

/**
 * Prints a response body as JSON indented by 2 spaces, with a final newline. No control
 * character of the server's strings reaches the terminal: all are JSON escapes.
 */
export function writeJson(io: CliIo, data: unknown): void {
  io.stdout(`${escapeJsonControls(JSON.stringify(data, null, 2))}\n`);
}

/**
 * Prints a streamed answer's text as it arrives, then a newline; control characters other than
 * tab and newline are written visibly (`\u001b`). When the stream fails (or is interrupted) the
 * text already printed stays, its line is ended, and the error is rethrown.
 */
export async function writeStream(io: CliIo, stream: ChatCompletionStream): Promise<void> {
  let wrote = false;
  try {
    for await (const text of stream.textStream) {
      io.stdout(escapeAnswerText(text));
      wrote = true;
    }
  } catch (error) {
    if (wrote) io.stdout('\n');
    throw error;
  }
  io.stdout('\n');
}

/**
 * A server's error answer on one line, led by the HTTP status: `404 RESOURCE_NOT_FOUND: Chat
 * not found`, `401 Unauthorized`. An error a stream sent as its first event came with a `200`,
 * which the line says (`200, error event: …`). After retries it says how many
 * attempts were made. The server's text is quoted safely (`safeServerLine`).
 * @param body - the result's `error`
 * @param status - the response's status
 * @param attempts - how many attempts the client made
 * @param token - the token sent, hidden if the server echoes it
 */
export function describeErrorResponse(
  body: ErrorResponse,
  status: number,
  attempts: number,
  token: string | undefined,
): string {
  const text = safeServerLine(oneLine(describeError(body)), token);
  const lead = status >= 200 && status < 300 ? `${status}, error event:` : `${status}`;
  const after = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return `${lead} ${text}${after}`;
}

/**
 * A thrown error on one line: a `SoatError`'s message, or what went wrong unexpectedly. The
 * message may quote the server, so it is quoted safely (`safeServerLine`).
 * @param token - the token sent, hidden if the message holds it
 */
export function describeFailure(error: unknown, token: string | undefined): string {
  if (error instanceof SoatError) return safeServerLine(oneLine(error.message), token);
  const message = error instanceof Error ? error.message : String(error);
  return safeServerLine(oneLine(`unexpected error: ${message}`), token);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

import { type ChatCompletionStream, type ErrorResponse, SoatError } from '../index.js';
import { describeServerError } from '../streaming/describe.js';
import type { CliIo } from './io.js';

/** Prints a response body as JSON indented by 2 spaces, with a final newline. */
export function writeJson(io: CliIo, data: unknown): void {
  io.stdout(`${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Prints a streamed answer's text as it arrives, then a newline. When the stream fails (or is
 * interrupted) the text already printed stays, its line is ended, and the error is rethrown.
 */
export async function writeStream(io: CliIo, stream: ChatCompletionStream): Promise<void> {
  let wrote = false;
  try {
    for await (const text of stream.textStream) {
      io.stdout(text);
      wrote = true;
    }
  } catch (error) {
    if (wrote) io.stdout('\n');
    throw error;
  }
  io.stdout('\n');
}

/** The server's error on one line: the string itself, or `CODE: message` for the object shape. */
export function describeErrorResponse(body: ErrorResponse): string {
  return oneLine(describeServerError(body.error));
}

/** A thrown error on one line: a `SoatError`'s message, or what went wrong unexpectedly. */
export function describeFailure(error: unknown): string {
  if (error instanceof SoatError) return oneLine(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(`unexpected error: ${message}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

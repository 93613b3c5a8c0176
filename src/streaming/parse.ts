import { SoatError } from '../errors.js';
import {
  ChatCompletionStream,
  type ChatCompletionStreamOptions,
} from './chat-completion-stream.js';
import { failingBody, isNotEventStream } from './not-a-stream.js';

/** Options of `parseChatCompletionStream`. */
export type ParseChatCompletionStreamOptions = Pick<
  ChatCompletionStreamOptions,
  'signal' | 'idleTimeout' | 'label' | 'maxEventSize'
>;

/**
 * Parses a completion event stream you fetched yourself into a {@link ChatCompletionStream}.
 * Accepts the `Response` or its body. A server error sent as the stream's first event is
 * thrown from the iterator as a `SoatStreamError`, like any other failure; a failure forwarded
 * by `toEventStream()` is thrown as the same class it was upstream (`SoatTimeoutError` for a
 * stall). A `Response` that is not an event stream (an error status, a JSON `{ error }` body, an
 * HTML page) is not parsed: the iterator and `text()` throw the `SoatApiError` its body describes
 * (`status`, `code`, the server's message), or a `SoatError` quoting the start of the page.
 *
 * @throws `SoatError` when `input` is neither a `Response` nor a `ReadableStream`, or the response
 * has no readable body.
 *
 * @example
 * ```ts
 * const response = await fetch(`${baseUrl}/api/v1/chats/completions`, { method: 'POST', headers, body });
 * for await (const text of parseChatCompletionStream(response).textStream) process.stdout.write(text);
 * ```
 */
export function parseChatCompletionStream(
  input: Response | ReadableStream<Uint8Array>,
  options: ParseChatCompletionStreamOptions = {},
): ChatCompletionStream {
  if (!(input instanceof Response || input instanceof ReadableStream)) {
    throw new SoatError(
      `parseChatCompletionStream: expected a Response or a ReadableStream, got ${input === null ? 'null' : typeof input}`,
    );
  }
  if (!(input instanceof Response)) return new ChatCompletionStream(new Response(input), options);
  const label = options.label ?? 'Completion stream';
  return new ChatCompletionStream(
    input,
    isNotEventStream(input) ? { ...options, body: failingBody(input, label) } : options,
  );
}

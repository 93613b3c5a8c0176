import { SoatError } from '../errors.js';
import {
  ChatCompletionStream,
  type ChatCompletionStreamOptions,
} from './chat-completion-stream.js';

/** Options of `parseChatCompletionStream`. */
export type ParseChatCompletionStreamOptions = Pick<
  ChatCompletionStreamOptions,
  'signal' | 'idleTimeout' | 'label'
>;

/**
 * Parses a completion event stream you fetched yourself into a {@link ChatCompletionStream}.
 * Accepts the `Response` or its body. A server error sent as the stream's first event is
 * thrown from the iterator as a `SoatStreamError`, like any other failure.
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
  return new ChatCompletionStream(input instanceof Response ? input : new Response(input), options);
}

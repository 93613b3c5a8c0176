import {
  ChatCompletionStream,
  type ChatCompletionStreamOptions,
} from './chat-completion-stream.js';
import { completionAsEventStream } from './from-completion.js';

/** Options of `parseChatCompletionStream`. */
export type ParseChatCompletionStreamOptions = Pick<
  ChatCompletionStreamOptions,
  'signal' | 'idleTimeout' | 'label'
>;

/**
 * Parses a completion event stream you fetched yourself into a {@link ChatCompletionStream}.
 * Accepts the `Response` or its body. A JSON completion response (a server that ignored
 * `stream: true`) becomes a one-chunk stream. A server error sent as the stream's first event is
 * thrown from the iterator as a `SoatStreamError`, like any other failure.
 *
 * @throws `SoatError` when the response has no readable body.
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
  const response =
    input instanceof Response
      ? input
      : new Response(input, { headers: { 'content-type': 'text/event-stream' } });
  return createCompletionStream(response, options);
}

/** @internal The shared path of `parseChatCompletionStream` and the client. */
export function createCompletionStream(
  response: Response,
  options: ChatCompletionStreamOptions,
): ChatCompletionStream {
  if (!isJson(response)) return new ChatCompletionStream(response, options);
  const body = completionAsEventStream(response, options.label ?? 'Completion stream');
  return new ChatCompletionStream(response, { ...options, body });
}

function isJson(response: Response): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(response.headers.get('content-type') ?? '');
}

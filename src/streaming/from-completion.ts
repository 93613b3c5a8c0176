import { SoatError } from '../errors.js';
import type { ChatCompletion, ChatCompletionChunk } from '../types.js';
import { quote } from './describe.js';

/**
 * Re-encodes a whole JSON completion (a server or proxy that ignored `stream: true`) as the
 * event stream a streaming server would have sent: one chunk holding all the content, then
 * `[DONE]`.
 * @throws `SoatError` quoting the body when it is not a completion.
 */
export function completionAsEventStream(
  value: unknown,
  text: string,
  label: string,
): ReadableStream<Uint8Array> {
  const choices = (value as ChatCompletion | null)?.choices;
  if (!Array.isArray(choices) || choices.some((c) => typeof c?.message?.content !== 'string')) {
    throw new SoatError(`${label}: expected an event stream or a completion, got ${quote(text)}`);
  }
  const chunk: ChatCompletionChunk = {
    choices: choices.map((choice) => ({
      index: choice.index,
      delta: { content: choice.message.content },
      finish_reason: choice.finish_reason ?? null,
    })),
  };
  return new Response(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`)
    .body as ReadableStream<Uint8Array>;
}

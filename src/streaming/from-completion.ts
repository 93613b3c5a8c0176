import type { ChatCompletion, ChatCompletionChunk } from '../types.js';

/**
 * Re-encodes a whole JSON completion (a server or proxy that ignored `stream: true`) as the
 * event stream a streaming server would have sent: one chunk holding all the content, then
 * `[DONE]`. The caller has checked its shape (`checkAnswer`).
 */
export function completionAsEventStream(completion: ChatCompletion): ReadableStream<Uint8Array> {
  const chunk: ChatCompletionChunk = {
    choices: completion.choices.map((choice) => ({
      index: choice.index,
      delta: { content: choice.message.content },
      finish_reason: choice.finish_reason ?? null,
    })),
  };
  return new Response(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`)
    .body as ReadableStream<Uint8Array>;
}

import { SoatError } from '../errors.js';
import type { ChatCompletion, ChatCompletionChunk } from '../types.js';
import { quote } from './describe.js';

/**
 * Turns a JSON completion response (a server or proxy that ignored `stream: true`) into the
 * event stream a streaming server would have sent: one chunk holding all the content, then
 * `[DONE]`. The body is read when the stream is first pulled; a body that is not a completion
 * errors the stream with a `SoatError` quoting it.
 */
export function completionAsEventStream(
  response: Response,
  label: string,
): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async start(controller) {
      const text = await response.text();
      let completion: ChatCompletion;
      try {
        completion = JSON.parse(text);
      } catch (cause) {
        throw new SoatError(`${label}: the JSON response is not valid JSON: ${quote(text)}`, {
          cause,
        });
      }
      if (!Array.isArray(completion?.choices)) {
        throw new SoatError(`${label}: the JSON response is not a completion: ${quote(text)}`);
      }
      const chunk: ChatCompletionChunk = {
        choices: completion.choices.map((choice) => ({
          index: choice.index,
          delta: { content: choice.message?.content ?? '' },
          finish_reason: choice.finish_reason ?? null,
        })),
      };
      controller.enqueue(
        new TextEncoder().encode(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`),
      );
      controller.close();
    },
  });
}

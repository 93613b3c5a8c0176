import type { ChatCompletionChunk, ChatCompletionStream } from '@soat/sdk';
import { finishReasonOf, type SoatFinishReason, textPartId } from './ui-message-chunk.js';

/** One step of a streamed answer, before it is put in the AI SDK's words. */
export type AnswerPart =
  | { type: 'chunk'; chunk: ChatCompletionChunk }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'finish'; finishReason: SoatFinishReason }
  | { type: 'error'; error: unknown };

/**
 * Reads a completion as parts, one upstream chunk per pull: `first` parts, then (each chunk,
 * and) for its non-empty text a `text-start` before the first delta and a `text-delta`; at
 * `[DONE]` a `text-end` (when text began) and a `finish`. A failure of any kind ends it with
 * one `error` part holding the failure, and no `text-end` or `finish`: an answer that did not
 * reach `[DONE]` is never passed off as whole. Cancelling the result aborts the completion,
 * which closes its connection.
 *
 * @param map - puts each part in the caller's words; `undefined` drops it.
 * @throws `SoatError` when the stream already has a reader.
 */
export function answerParts<T>(
  stream: ChatCompletionStream,
  first: readonly T[],
  map: (part: AnswerPart) => T | undefined,
): ReadableStream<T> {
  const chunks = stream[Symbol.asyncIterator]();
  const id = textPartId();
  let textStarted = false;
  let finishReason: string | null | undefined;
  return new ReadableStream<T>({
    start(controller) {
      for (const part of first) controller.enqueue(part);
    },
    // Reads until a part is out (a pull that enqueues nothing is not called again) or the end.
    async pull(controller) {
      let out = false;
      const emit = (part: AnswerPart) => {
        const mapped = map(part);
        if (mapped === undefined) return;
        controller.enqueue(mapped);
        out = true;
      };
      while (!out) {
        let result: IteratorResult<ChatCompletionChunk>;
        try {
          result = await chunks.next();
        } catch (error) {
          emit({ type: 'error', error });
          return controller.close();
        }
        if (result.done) {
          if (textStarted) emit({ type: 'text-end', id });
          emit({ type: 'finish', finishReason: finishReasonOf(finishReason) });
          return controller.close();
        }
        const chunk = result.value;
        emit({ type: 'chunk', chunk });
        const choice = chunk.choices[0];
        finishReason = choice?.finish_reason ?? finishReason;
        const delta = choice?.delta?.content;
        if (!delta) continue;
        if (!textStarted) emit({ type: 'text-start', id });
        textStarted = true;
        emit({ type: 'text-delta', id, delta });
      }
    },
    cancel() {
      stream.abort();
    },
  });
}

import type { ChatCompletionStream } from '@soat/sdk';
import { answerParts } from './answer-parts.js';
import { errorTextOf } from './error-text.js';
import type { SoatUIMessageChunk } from './ui-message-chunk.js';

/**
 * A completion as a stream of the AI SDK's UI message chunks (the server side of `useChat`):
 * `start`, `text-start`, one `text-delta` per piece of text, `text-end`, `finish`. Merge it into
 * the AI SDK's own `createUIMessageStream` (`writer.merge(toUIMessageStream(stream))`), or send
 * it with `toUIMessageStreamResponse`. Merged after chunks of your own, pass `sendStart: false`:
 * a `start` chunk begins the message anew, and the AI SDK's readers drop what came before it.
 *
 * A failure of any kind (an error event, a body cut before `[DONE]`, a stall, an abort) ends it
 * with one `{ type: 'error', errorText }` chunk and no `text-end` or `finish`, so `useChat` ends
 * in its error state with the partial text shown, not as a finished message. `errorText` says
 * what failed without the token or the upstream URL. Cancelling the result (the page left,
 * `stop()`) aborts the completion and closes its connection. It claims the stream at once.
 *
 * @throws `SoatError` when the stream already has a reader.
 * @see https://ai-sdk.dev/docs/ai-sdk-ui/stream-protocol
 *
 * @example
 * ```ts
 * const stream = createUIMessageStream({
 *   execute: ({ writer }) => {
 *     writer.write({ type: 'data-status', data: 'answering' });
 *     writer.merge(toUIMessageStream(completion, { sendStart: false }));
 *   },
 * });
 * ```
 */
export function toUIMessageStream(
  stream: ChatCompletionStream,
  options: UIMessageStreamOptions = {},
): ReadableStream<SoatUIMessageChunk> {
  const { sendStart = true, sendFinish = true } = options;
  return answerParts<SoatUIMessageChunk>(stream, sendStart ? [{ type: 'start' }] : [], (part) => {
    if (part.type === 'chunk' || (part.type === 'finish' && !sendFinish)) return undefined;
    if (part.type === 'error') return { type: 'error', errorText: errorTextOf(part.error) };
    return part;
  });
}

/** Options of `toUIMessageStream`, named as in the AI SDK's own `toUIMessageStream`. */
export interface UIMessageStreamOptions {
  /** Begin with a `start` chunk. @defaultValue true */
  sendStart?: boolean | undefined;
  /** End a whole answer with a `finish` chunk. @defaultValue true */
  sendFinish?: boolean | undefined;
}

/** The headers of the UI message stream protocol, `v1`. */
const HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
};

/**
 * `toUIMessageStream(stream)` as the `Response` a `useChat` route returns: the protocol's
 * headers (`x-vercel-ai-ui-message-stream: v1`, `content-type: text/event-stream`,
 * `cache-control: no-cache`, `x-accel-buffering: no`) and its framing, `data: <chunk JSON>` per
 * chunk and `data: [DONE]` after a whole answer only (a failed one ends with its `error`
 * chunk). `init` may set the status and add or override headers. Cancelling the body aborts
 * the completion and closes its connection.
 *
 * @throws `SoatError` when the stream already has a reader.
 *
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const { messages } = await request.json();
 *   const { data: stream, error } = await soat.chats.createChatCompletion({
 *     body: { ai_provider_id, messages: fromUIMessages(messages).filter((m) => m.role !== 'system'), stream: true },
 *     signal: request.signal,
 *   });
 *   if (error) return Response.json(error, { status: 502 });
 *   return toUIMessageStreamResponse(stream);
 * }
 * ```
 */
export function toUIMessageStreamResponse(
  stream: ChatCompletionStream,
  init: ResponseInit = {},
): Response {
  const encoder = new TextEncoder();
  let failed = false;
  const body = toUIMessageStream(stream).pipeThrough(
    new TransformStream<SoatUIMessageChunk, Uint8Array>({
      transform(chunk, controller) {
        failed ||= chunk.type === 'error';
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      },
      flush(controller) {
        if (!failed) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      },
    }),
  );
  const headers = new Headers(HEADERS);
  for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
  return new Response(body, { ...init, headers });
}

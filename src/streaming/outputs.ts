import { SoatError } from '../errors.js';
import { FailureCode, failureCode } from './stream-internals.js';

/**
 * Encodes what an iterator hands out as a byte stream, one value per pull. `end` gives the last
 * bytes of a stream that ended well or failed; without it a failure errors the byte stream.
 * Cancelling the byte stream calls the iterator's `return()` (which closes the connection).
 */
function encode<T>(
  source: AsyncIterator<T>,
  write: (value: T) => string,
  end?: (failure?: unknown) => string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      let text: string;
      try {
        const result = await source.next();
        text = result.done ? (end?.() ?? '') : write(result.value);
        if (!result.done) return controller.enqueue(encoder.encode(text));
      } catch (failure) {
        if (!end) throw failure;
        text = end(failure);
      }
      if (text) controller.enqueue(encoder.encode(text));
      controller.close();
    },
    cancel: () => {
      // Stryker disable next-line OptionalChaining: the iterators `encode` gets (from `[read]`) always have `return`
      source.return?.();
    },
  });
}

/** The UTF-8 bytes of the text deltas; a failure errors the byte stream. */
export function textBytes(texts: AsyncIterator<string>): ReadableStream<Uint8Array> {
  return encode(texts, (text) => text);
}

/**
 * The chunks (their JSON text, in batches) re-encoded in SOAT's event-stream format:
 * `data: <chunk>` per chunk, then `data: [DONE]`, or one `data: {"error": …}` event for a
 * failure: the server's own error value where there was one, else
 * `{ "code": "STREAM_TIMEOUT" | …, "message": … }` with the failure's message without the
 * upstream request, which `parseChatCompletionStream` turns back into the same error class.
 */
export function eventStreamBytes(batches: AsyncIterator<string[]>): ReadableStream<Uint8Array> {
  return encode(
    batches,
    // One write per batch (all the chunks one upstream read gave), not one per chunk: a proxy
    // then sends one HTTP chunk per read instead of one per word.
    (batch) => `data: ${batch.join('\n\ndata: ')}\n\n`,
    (failure?: unknown) => {
      if (failure === undefined) return 'data: [DONE]\n\n';
      const known = failure as {
        serverError?: unknown;
        error?: { error?: unknown };
        message?: unknown;
        [failureCode]?: [FailureCode, string];
      } | null;
      // Untagged: `abort()`, or the signal's reason (whatever it is).
      const [code, message] = known?.[failureCode] ?? [
        FailureCode.Aborted,
        typeof known?.message === 'string' ? known.message : String(failure),
      ];
      // A server's error (mid-stream, or the error answer of a `SoatApiError`) goes as it was sent.
      const error = known?.serverError ?? known?.error?.error ?? { code, message };
      return `data: ${JSON.stringify({ error })}\n\n`;
    },
  );
}

/**
 * An event stream as a `Response`; `init` may set the status and add or override headers. `init`
 * is checked before `body()` claims the stream.
 * @throws `SoatError` when a `Response` with a body cannot take `init`.
 */
export function eventStreamResponse(
  body: () => ReadableStream<Uint8Array>,
  init: ResponseInit = {},
): Response {
  let headers: Headers;
  try {
    headers = new Headers(init.headers);
    if (!headers.has('content-type'))
      headers.set('content-type', 'text/event-stream; charset=utf-8');
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-cache');
    // A null-body status (204, 304) or a bad header throws here, before the stream is claimed.
    new Response(' ', { ...init, headers });
  } catch (cause) {
    throw new SoatError(
      'toResponse: `init` cannot make a Response with a body (a bad header or status); see cause',
      { cause },
    );
  }
  return new Response(body(), { ...init, headers });
}

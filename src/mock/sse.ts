/** Headers of every streamed answer, as the real server sends them (no charset). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
};

/** The `data` of the event that ends a successful stream. */
export const DONE = '[DONE]';

/**
 * Produces the `data` fields of a stream, one at a time. The signal aborts when the client
 * cancels the body; the source should stop there.
 */
export type SseSource = (signal: AbortSignal) => AsyncIterable<string>;

/**
 * A `200` `text/event-stream` response whose events are pulled from `source` only when the
 * reader asks for one: each event is enqueued as soon as it is produced. Cancelling the body,
 * or aborting `signal` (the request's), aborts the source's signal so production stops.
 * @param source - yields each event's `data` (a JSON string or `[DONE]`)
 * @param signal - the request's signal; when it aborts, the body errors with its reason
 * @returns the response; an error thrown by the source errors the body
 */
export function sseResponse(source: SseSource, signal?: AbortSignal): Response {
  return new Response(sseBody(source, signal), { status: 200, headers: SSE_HEADERS });
}

/**
 * The body of {@link sseResponse}: `data: <x>\n\n` per value of `source`, pulled on demand.
 * @param source - yields each event's `data`
 * @param signal - the request's signal; when it aborts, production stops and the body errors
 *   with the signal's reason (as a real aborted fetch body does)
 * @returns a byte stream; it errors if the source throws before being cancelled
 */
export function sseBody(source: SseSource, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<string> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // msw clones mocked responses, so a client's cancel() may never reach this stream;
        // the request's abort signal does.
        const onAbort = () => {
          if (abort.signal.aborted) return;
          abort.abort(signal?.reason);
          controller.error(signal?.reason);
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      },
      async pull(controller) {
        iterator ??= source(abort.signal)[Symbol.asyncIterator]();
        try {
          const next = await iterator.next();
          if (abort.signal.aborted) return;
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(`data: ${next.value}\n\n`));
        } catch (error) {
          if (!abort.signal.aborted) controller.error(error);
        }
      },
      cancel(reason) {
        abort.abort(reason);
      },
    },
    // Nothing is produced ahead of a read: a cancelled body leaves no piece behind.
    { highWaterMark: 0 },
  );
}

/**
 * Waits `ms` milliseconds, or rejects as soon as `signal` aborts.
 * @param ms - how long to wait; 0 or less resolves at once
 * @param signal - cancels the wait
 * @returns a promise that rejects with the signal's reason when aborted
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

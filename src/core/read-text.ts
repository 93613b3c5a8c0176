import { MAX_TIMER_MS } from './timers.js';

/**
 * Reads a body to its end as UTF-8 text, calling `onIdle` (which is expected to abort `signal`)
 * when a read waits `idle` ms for bytes.
 * @throws `signal`'s reason as soon as it aborts, even when the body itself ignores the abort.
 * Leaves no timer and no listener behind.
 */
export async function readText(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  idle: number,
  onIdle: () => void,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // Cancelling ends a pending read at once, whatever the body does with the abort.
  const onAbort = () => reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', onAbort);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let text = '';
  try {
    for (;;) {
      // Stryker disable next-line EqualityOperator: at exactly 2^31 - 1 ms, a 24.8-day timer and no timer cannot be told apart
      if (idle <= MAX_TIMER_MS) timer = setTimeout(onIdle, idle);
      const { done, value } = await reader.read();
      clearTimeout(timer);
      if (signal.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

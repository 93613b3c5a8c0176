import { MAX_TIMER_MS } from './timers.js';

/**
 * Reads a body to its end as UTF-8 text. Rejects with `signal`'s reason as soon as it aborts,
 * even when the body ignores the abort, and calls `onIdle` (which is expected to abort `signal`)
 * when a read waits `idle` ms for bytes. Leaves no timer and no listener behind.
 */
export async function readText(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  idle: number,
  onIdle: () => void,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
  });
  signal.addEventListener('abort', onAbort);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let text = '';
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (idle <= MAX_TIMER_MS) timer = setTimeout(onIdle, idle);
      const { done, value } = await Promise.race([reader.read(), aborted]);
      clearTimeout(timer);
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

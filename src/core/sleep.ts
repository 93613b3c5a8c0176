import { onAbort } from './abort-listener.js';

/** Waits `ms`; rejects with the signal's `reason` as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      unlisten();
      resolve();
    }, ms);
    const unlisten = onAbort(signal, () => {
      clearTimeout(timer);
      // Stryker disable next-line OptionalChaining: the listener is added only when there is a signal
      reject(signal?.reason);
    });
  });
}

/**
 * Calls `listener` once `signal` aborts (nothing without a signal) and returns what stops
 * listening: the one pattern of every wait the SDK ends early (sleep, body reads, attempts,
 * streams). Never throws.
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  signal?.addEventListener('abort', listener, { once: true });
  return () => signal?.removeEventListener('abort', listener);
}

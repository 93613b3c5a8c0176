/** Removes the listener of a target that was collected while its signal lived on. */
const collected = /* @__PURE__ */ new FinalizationRegistry<() => void>((unlisten) => unlisten());

/**
 * Calls `onAbort(target)` when `signal` aborts, holding `target` only weakly: a stream dropped
 * unread can be collected, and its listener goes with it, however long the signal lives
 * (issue 11 #1). Returns the function that removes the listener.
 */
export function listenWeakly<T extends object>(
  signal: AbortSignal,
  target: T,
  onAbort: (target: T, reason: unknown) => void,
): () => void {
  const ref = new WeakRef(target);
  const listener = () => {
    const live = ref.deref();
    if (live) onAbort(live, signal.reason);
  };
  const unlisten = () => signal.removeEventListener('abort', listener);
  signal.addEventListener('abort', listener);
  collected.register(target, unlisten, ref);
  return () => {
    unlisten();
    collected.unregister(ref);
  };
}

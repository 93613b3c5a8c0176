/** How much of a body is read after `data: [DONE]` before giving the connection up. */
const DRAIN_BYTES = 64 * 1024;
const DRAIN_MS = 1000;

/**
 * Reads what is left of a body after `data: [DONE]`, in the background, so the HTTP connection
 * ends cleanly and goes back to the keep-alive pool instead of being torn down (issue 11 #5).
 * Bounded: past 64 KiB or 1 s it cancels the body and calls `giveUp` (which closes the
 * connection). Never throws; nobody waits for it.
 */
export function drainInBackground(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  giveUp: () => void,
): void {
  let left = DRAIN_BYTES;
  const stop = () => {
    reader.cancel().catch(() => {});
    giveUp();
  };
  const timer = setTimeout(stop, DRAIN_MS);
  // A drain must not keep the process alive.
  (timer as { unref?: () => void }).unref?.();
  const next = (): unknown =>
    reader.read().then(
      ({ done, value }) => {
        if (!done) left -= value.byteLength;
        if (!done && left >= 0) return next();
        clearTimeout(timer);
        if (!done) stop();
      },
      () => clearTimeout(timer),
    );
  next();
}

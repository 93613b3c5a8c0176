import { idleWatchdog } from '../streaming/idle-watchdog.js';
import { onAbort } from './abort-listener.js';

/**
 * Reads a body to its end as UTF-8 text, calling `onIdle` (which is expected to abort `signal`)
 * when a read waits `idle` ms for bytes (the stream's own watchdog, `idleWatchdog`).
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
  const unlisten = onAbort(signal, () => reader.cancel(signal.reason).catch(() => {}));
  const [readStarted, readEnded, stop] = idleWatchdog(idle, onIdle);
  let text = '';
  try {
    for (;;) {
      readStarted();
      const { done, value } = await reader.read();
      readEnded();
      if (signal.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    stop();
    unlisten();
  }
}

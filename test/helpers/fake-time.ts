import { vi } from 'vitest';

/**
 * Fakes `setTimeout`, `clearTimeout` and `Date` only (the stream's idle watchdog reads
 * `Date.now()`), so a test moves the client's timers by hand
 * (`vi.advanceTimersByTimeAsync`) while sockets, `setImmediate` and node:http's own timers stay
 * real. A test that uses it must not run concurrently with others (fake timers are global):
 * put it in a plain `describe`. Undo with `vi.useRealTimers()`.
 */
export function fakeTimeouts(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/**
 * Resolves once `condition()` holds, checked after every turn of the real event loop: waits
 * for an event (a request reaching the server, a header arriving) however busy the machine is.
 * The test's own timeout bounds it.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** Follows a promise without awaiting it: `settled()` says whether it has settled yet. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false;
  const followed = promise.finally(() => {
    done = true;
  });
  // The test awaits `promise` itself; this copy must not report an unhandled rejection.
  followed.catch(() => {});
  return { settled: () => done, promise };
}

/** Lets pending I/O callbacks and promise jobs run: a few real event-loop turns. */
export async function turns(count = 20): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Reads a body in the background: `text()` is everything received so far, `done` settles when
 * the body ends (or fails). With {@link fakeTimeouts}, a test moves the clock and checks what
 * has arrived at each step.
 */
export function collectBody(body: ReadableStream<Uint8Array>): {
  text: () => string;
  done: Promise<void>;
} {
  let received = '';
  const decoder = new TextDecoder();
  const done = (async () => {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      received += decoder.decode(value, { stream: true });
    }
  })();
  done.catch(() => {});
  return { text: () => received, done };
}

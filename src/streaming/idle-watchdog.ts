import { MAX_TIMER_MS } from '../core/timers.js';

/**
 * What a stream tells its watchdog, as three functions (their names minify, an object's keys
 * would not): a read begins waiting for bytes; the read settled, so time no longer counts until
 * the next one starts; stop watching for good.
 */
export type IdleWatchdog = [readStarted: () => void, readEnded: () => void, stop: () => void];

/**
 * Calls `onIdle` once a read has waited `timeout` ms for bytes (`Infinity`: never). Only time
 * spent waiting in a read counts, not time the consumer takes between reads. One timer serves
 * the whole stream: a read only records when it started, which keeps the per-read cost to a
 * `Date.now()`.
 */
export function idleWatchdog(timeout: number, onIdle: () => void): IdleWatchdog {
  let reading = false;
  let readStartedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (delay: number) => {
    timer = setTimeout(
      () => {
        const idle = Date.now() - readStartedAt;
        // Nobody reads: the timer lapses (the next read starts it again), so a stream dropped
        // unread is not kept alive by it.
        if (!reading) timer = undefined;
        else if (idle < timeout) schedule(timeout - idle);
        else onIdle();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    // A stream nobody reads must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  return [
    () => {
      reading = true;
      readStartedAt = Date.now();
      if (timer === undefined && Number.isFinite(timeout)) schedule(timeout);
    },
    () => {
      reading = false;
    },
    () => {
      clearTimeout(timer);
      timer = undefined;
    },
  ];
}

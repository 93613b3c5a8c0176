import { MAX_TIMER_MS } from '../core/timers.js';

/**
 * Calls `onIdle` once a read has waited `timeout` ms for bytes. Only time spent waiting in a
 * read counts, not time the consumer takes between reads. One timer serves the whole stream:
 * a read only records when it started, which keeps the per-read cost to a `Date.now()`.
 */
export class IdleWatchdog {
  /** Whether a read is waiting for bytes; the stream clears it when the read settles. */
  // Stryker disable next-line BooleanLiteral: read only by the timer, which only `readStarted()` (setting it true) schedules
  reading = false;
  #readStartedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #timeout: number;
  readonly #onIdle: () => void;

  /** Starts watching; a `timeout` of `Infinity` never fires. */
  constructor(timeout: number, onIdle: () => void) {
    this.#timeout = timeout;
    this.#onIdle = onIdle;
  }

  /** A read begins waiting for bytes. */
  readStarted(): void {
    this.reading = true;
    this.#readStartedAt = Date.now();
    // Stryker disable next-line ConditionalExpression,LogicalOperator: an extra timer is dropped by the `#timer !== timer` check, and with an Infinity timeout never calls onIdle
    if (this.#timer === undefined && Number.isFinite(this.#timeout)) this.#schedule(this.#timeout);
  }

  /** Stops watching for good. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delay: number): void {
    const timer = setTimeout(
      () => {
        // Stryker disable next-line ConditionalExpression: `stop()` clears the timer it drops and only one is scheduled at a time, so no other timer fires
        if (this.#timer !== timer) return;
        const idle = Date.now() - this.#readStartedAt;
        // Nobody reads: the timer lapses (the next read starts it again), so a stream dropped
        // unread is not kept alive by it.
        if (!this.reading) this.#timer = undefined;
        // Stryker disable next-line EqualityOperator: at exactly the timeout, a 0 ms timer calls onIdle at the same moment
        else if (idle < this.#timeout) this.#schedule(this.#timeout - idle);
        else this.#onIdle();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    // A stream nobody reads must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}

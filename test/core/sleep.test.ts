import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/core/sleep.js';

describe('sleep', () => {
  it('resolves after about the given time', async () => {
    const started = performance.now();
    await sleep(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('rejects at once with the reason of a signal already aborted', async () => {
    const reason = new Error('gone');
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('rejects with the signal’s reason as soon as it aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops listening to the signal once it resolved', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    };
    signal.removeEventListener = (...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    };
    await sleep(1, signal);
    expect(listeners).toBe(0);
  });

  it('leaves no listener on the signal once its timer fired', async () => {
    const controller = new AbortController();
    await Promise.all([sleep(1, controller.signal), sleep(2, controller.signal)]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on the signal once the signal aborted it', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await waiting.catch(() => {});
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

// readText reads a whole JSON body that a stream call got instead of an event stream (issue 11).
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readText } from '../../src/core/read-text.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A body handing out `pieces` one read at a time. */
function bodyOf(...pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const piece = pieces.shift();
      if (piece) controller.enqueue(piece);
      else controller.close();
    },
  });
}

describe('readText', () => {
  it('keeps a character whole when a read splits its bytes', async () => {
    const euro = bytes('€');
    const body = bodyOf(euro.slice(0, 1), euro.slice(1));
    expect(await readText(body, new AbortController().signal, 1000, () => {})).toBe('€');
  });

  it('reads a slow body with no idle limit (Infinity) to its end', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (++pulls === 3) controller.close();
        else controller.enqueue(bytes('ab'));
      },
    });
    const signal = new AbortController().signal;
    let idled = false;
    const text = await readText(body, signal, Number.POSITIVE_INFINITY, () => {
      idled = true;
    });
    expect({ text, idled }).toEqual({ text: 'abab', idled: false });
  });

  it("rejects with the signal's reason when it aborts, even if the body then ends quietly", async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    // A body whose cancel ends the pending read as done, as a cancelled reader does.
    const body = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const reading = readText(body, controller.signal, 1000, () => {});
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });

  it('leaves no abort listener on the signal once the body is read', async () => {
    const signal = new AbortController().signal;
    await readText(bodyOf(bytes('{}')), signal, 1000, () => {});
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});

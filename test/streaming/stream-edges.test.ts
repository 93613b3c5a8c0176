import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseChatCompletionStream, SoatStreamError } from '../../src/index.js';
import {
  delta,
  encodeEventStream,
  eventStreamResponse,
  piecewiseBody,
  WIRE_EXAMPLE,
} from '../fixtures/sse.js';

const encoder = new TextEncoder();

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('error values in events', () => {
  it('takes {"error": null, "choices": […]} for a chunk, not a server error', async () => {
    const body = encodeEventStream([{ error: null, ...delta('Hi') }]);
    await expect(parseChatCompletionStream(eventStreamResponse(body)).text()).resolves.toBe('Hi');
  });

  it('fails a data: null event with a SoatStreamError saying it is not a completion chunk', async () => {
    const error = await failureOf(
      parseChatCompletionStream(eventStreamResponse('data: null\n\n')).text(),
    );
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toMatch(/not a completion chunk: "null"/);
  });
});

describe('the end of a stream', () => {
  it('ignores events after data: [DONE] in the same read', async () => {
    const body = `${WIRE_EXAMPLE}data: ${JSON.stringify(delta(' more'))}\n\ndata: {nope\n\n`;
    await expect(parseChatCompletionStream(eventStreamResponse(body)).text()).resolves.toBe(
      'Hello from',
    );
  });

  it('rejects at once with the reason of a signal aborted before parsing, adding no listener', async () => {
    const controller = new AbortController();
    const reason = new Error('gone before');
    controller.abort(reason);
    const { body, stats } = piecewiseBody([encoder.encode(WIRE_EXAMPLE)]);
    const stream = parseChatCompletionStream(body, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(stream.text()).rejects.toBe(reason);
    expect(stats.cancelled).toBe(true);
  });

  it('keeps the original error when abort() comes after the stream failed', async () => {
    const body = encodeEventStream([delta('a')], { trailer: { error: 'terminated' } });
    const stream = parseChatCompletionStream(eventStreamResponse(body));
    const first = await failureOf(stream.text());
    stream.abort();
    expect(first).toBeInstanceOf(SoatStreamError);
    await expect(stream.text()).rejects.toBe(first);
  });

  it('keeps the outcome when the signal aborts after the reader saw the end', async () => {
    const controller = new AbortController();
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE), {
      signal: controller.signal,
    });
    for await (const _ of stream);
    controller.abort(new Error('too late'));
    await expect(stream.text()).resolves.toBe('Hello from');
  });
});

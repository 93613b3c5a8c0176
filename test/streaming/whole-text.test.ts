import { describe, expect, it } from 'vitest';
import { parseChatCompletionStream, SoatStreamError } from '../../src/index.js';
import { whenComplete } from '../../src/streaming/chat-completion-stream.js';
import { delta, encodeEventStream, eventStreamResponse, WIRE_EXAMPLE } from '../fixtures/sse.js';

const encoder = new TextEncoder();

/** A body whose pieces are sent one by one when the test calls `send()`; `end()` closes it. */
function scriptedBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    body,
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function drain(iterable: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of iterable);
}

describe('text() with another reader', () => {
  it('resolves to the whole answer after a for await has read the stream', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    await drain(stream);
    await expect(stream.text()).resolves.toBe('Hello from');
  });

  it('resolves to the whole answer after textStream has read the stream', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    await drain(stream.textStream);
    await expect(stream.text()).resolves.toBe('Hello from');
  });

  it('waits for [DONE] while toEventStream() forwards the stream', async () => {
    const { body, send, end } = scriptedBody();
    const stream = parseChatCompletionStream(body);
    const forwarded = new Response(stream.toEventStream()).text();
    const text = stream.text();
    send(encodeEventStream([delta('a')], { done: false }));
    send(encodeEventStream([delta('b')]));
    end();
    await expect(text).resolves.toBe('ab');
    await forwarded;
  });

  it('rejects with the same error the reader got when the stream failed', async () => {
    const body = encodeEventStream([delta('a')], { trailer: { error: 'terminated' } });
    const stream = parseChatCompletionStream(eventStreamResponse(body));
    const seen = await failureOf(drain(stream));
    expect(seen).toBeInstanceOf(SoatStreamError);
    await expect(stream.text()).rejects.toBe(seen);
  });

  it('rejects with an AbortError after abort() mid-read', async () => {
    const { body, send } = scriptedBody();
    const stream = parseChatCompletionStream(body);
    const iterator = stream[Symbol.asyncIterator]();
    send(encodeEventStream([delta('a')], { done: false }));
    await iterator.next();
    const text = stream.text();
    stream.abort();
    const error = await failureOf(text);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('rejects with an AbortError when the reader leaves before [DONE]', async () => {
    const { body, send } = scriptedBody();
    const stream = parseChatCompletionStream(body);
    send(encodeEventStream([delta('a'), delta('b')], { done: false }));
    for await (const _ of stream) break;
    expect(((await failureOf(stream.text())) as DOMException).name).toBe('AbortError');
  });

  it('keeps the whole answer when abort() comes after [DONE]', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    await drain(stream);
    stream.abort();
    await expect(stream.text()).resolves.toBe('Hello from');
  });
});

describe('[whenComplete]()', () => {
  it('resolves to the whole text once a reader reaches [DONE], without reading itself', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    let settled = false;
    const whole = stream[whenComplete]().finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    await drain(stream.textStream);
    await expect(whole).resolves.toBe('Hello from');
  });

  it('does not claim the stream: a reader may start after it', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    const whole = stream[whenComplete]();
    await expect(stream.text()).resolves.toBe('Hello from');
    await expect(whole).resolves.toBe('Hello from');
  });

  it('rejects with the failure, keeping the partial text', async () => {
    const body = encodeEventStream([delta('a')], { done: false });
    const stream = parseChatCompletionStream(eventStreamResponse(body));
    const whole = stream[whenComplete]();
    await failureOf(drain(stream));
    const error = await failureOf(whole);
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as SoatStreamError).partialText).toBe('a');
  });

  it('rejects with an AbortError when the stream is aborted', async () => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    const whole = stream[whenComplete]();
    stream.abort();
    expect(((await failureOf(whole)) as DOMException).name).toBe('AbortError');
  });

  it('causes no unhandled rejection when nobody awaits it', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
      stream[whenComplete]();
      stream.abort();
      const failed = parseChatCompletionStream(eventStreamResponse('data: nope\n\n'));
      failed[whenComplete]();
      await failureOf(failed.text());
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
  });
});

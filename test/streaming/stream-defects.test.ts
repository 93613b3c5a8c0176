// Issue 20: the stream core's defects (items 1, 2, 4, 5, 9, 10, the "also seen" list) and
// issue 21 item 2 (a Response that is not an event stream), each pinned by a regression test.
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  parseChatCompletionStream,
  SoatApiError,
  SoatError,
  SoatStreamError,
  SoatTimeoutError,
} from '../../src/index.js';
import { delta, encodeEventStream, eventStreamResponse, WIRE_EXAMPLE } from '../fixtures/sse.js';

const encoder = new TextEncoder();

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A body handing out the given values (bytes, strings, anything) one read at a time. */
function bodyOf(values: unknown[], options: { close?: boolean } = {}) {
  const seen = { cancelled: false };
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < values.length) controller.enqueue(values[index++] as Uint8Array);
      else if (options.close ?? true) controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { body, seen };
}

/** What a page gets back from an event stream forwarded by `toEventStream()`. */
async function forwarded(upstream: ReturnType<typeof parseChatCompletionStream>) {
  const page = parseChatCompletionStream(new Response(upstream.toEventStream()));
  return failureOf(page.text());
}

describe('a failure while parsing (issue 20 #1)', () => {
  it('reads a body of strings, as from a TextDecoderStream', async () => {
    const { body } = bodyOf([encodeEventStream([delta('Hi'), delta('!')])]);
    await expect(parseChatCompletionStream(body).text()).resolves.toBe('Hi!');
  });

  it('fails with a SoatStreamError keeping partialText when a chunk is neither bytes nor text', async () => {
    const { body, seen } = bodyOf([
      encoder.encode(encodeEventStream([delta('Hi')], { done: false })),
      42,
    ]);
    const stream = parseChatCompletionStream(body);
    const error = await failureOf(stream.text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toMatch(/could not parse the event stream/);
    expect((error as SoatStreamError).partialText).toBe('Hi');
    expect(seen.cancelled).toBe(true);
  });

  it('fails every reader the same way: for await throws the same SoatStreamError', async () => {
    const { body } = bodyOf([{}]);
    const stream = parseChatCompletionStream(body);
    const iteration = (async () => {
      for await (const _ of stream) {
      }
    })();
    const thrown = await failureOf(iteration);
    expect(thrown).toBeInstanceOf(SoatStreamError);
    await expect(stream.text()).rejects.toBe(thrown);
  });
});

describe('the bound on an event (issue 20 #2)', () => {
  it('fails with a SoatStreamError naming maxEventSize when a line never ends', async () => {
    const piece = encoder.encode(`data: ${'x'.repeat(1000)}`);
    const pieces = Array.from({ length: 20 }, (_, i) =>
      i ? encoder.encode('x'.repeat(1000)) : piece,
    );
    const { body, seen } = bodyOf(pieces, { close: false });
    const stream = parseChatCompletionStream(body, { maxEventSize: 5000 });
    const error = await failureOf(stream.text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toMatch(
      /an event is longer than 5000 characters \(maxEventSize\)/,
    );
    expect(seen.cancelled).toBe(true);
  });

  it('takes many events in one read, however long the read, as long as each is short', async () => {
    const text = encodeEventStream(Array.from({ length: 500 }, () => delta('abcdefghij')));
    const stream = parseChatCompletionStream(eventStreamResponse(text), { maxEventSize: 100 });
    await expect(stream.text()).resolves.toBe('abcdefghij'.repeat(500));
  });

  it('refuses a maxEventSize that is not a positive number', () => {
    expect(() =>
      parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE), { maxEventSize: 0 }),
    ).toThrow(/maxEventSize must be a positive number/);
  });
});

describe('error events of any shape (issue 20 #4)', () => {
  it.each([
    [{ code: 'X' }, { code: 'X', message: '{"code":"X"}' }],
    [42, '42'],
    [['a'], '["a"]'],
    [{ message: 'busy' }, 'busy'],
    ['Overloaded', 'Overloaded'],
  ])('normalises {"error": %j} into %j', async (value, normalised) => {
    const body = encodeEventStream([], { trailer: { error: value } });
    const error = await failureOf(parseChatCompletionStream(eventStreamResponse(body)).text());
    expect((error as SoatStreamError).serverError).toEqual(normalised);
  });

  it.each([false, 0, ''])('takes {"error": %j, "choices": […]} for a chunk', async (value) => {
    const body = encodeEventStream([{ error: value, ...delta('Hi') }]);
    await expect(parseChatCompletionStream(eventStreamResponse(body)).text()).resolves.toBe('Hi');
  });
});

describe('a content that is not text (issue 20 #5)', () => {
  const body = () =>
    eventStreamResponse(
      encodeEventStream([delta('a'), { choices: [{ delta: { content: 42 } }] }, delta('ok')]),
    );

  it('fails text() as not a completion chunk', async () => {
    const error = await failureOf(parseChatCompletionStream(body()).text());
    expect((error as Error).message).toMatch(/event is not a completion chunk/);
  });

  it('fails textStream after the text before it, yielding no number', async () => {
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const text of parseChatCompletionStream(body()).textStream) seen.push(text);
    })();
    expect(await failureOf(reading)).toBeInstanceOf(SoatStreamError);
    expect(seen).toEqual(['a']);
  });

  it('errors toReadableStream() instead of writing "42"', async () => {
    const readable = parseChatCompletionStream(body()).toReadableStream();
    expect(await failureOf(new Response(readable).text())).toBeInstanceOf(SoatStreamError);
  });

  it('takes a null content for no text', async () => {
    const text = encodeEventStream([{ choices: [{ delta: { content: null } }] }, delta('ok')]);
    await expect(parseChatCompletionStream(eventStreamResponse(text)).text()).resolves.toBe('ok');
  });
});

describe('fields of an event stream (issue 20, also seen)', () => {
  it('ignores an unknown field, as the SSE spec says', async () => {
    const text = `foo: bar\n${WIRE_EXAMPLE}`;
    await expect(parseChatCompletionStream(eventStreamResponse(text)).text()).resolves.toBe(
      'Hello from',
    );
  });
});

describe('parallel next() calls (issue 20, also seen)', () => {
  it('keep the idle watchdog on while a later read still waits', async () => {
    vi.useFakeTimers();
    try {
      const { body } = bodyOf([encoder.encode(encodeEventStream([delta('a')], { done: false }))], {
        close: false,
      });
      const iterator = parseChatCompletionStream(body, { idleTimeout: 1000 })[
        Symbol.asyncIterator
      ]();
      const first = iterator.next();
      const second = iterator.next().catch((error: unknown) => error);
      expect((await first).value).toEqual(delta('a'));
      await vi.advanceTimersByTimeAsync(1500);
      expect(await second).toBeInstanceOf(SoatTimeoutError);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('failures forwarded by toEventStream() (issue 20 #9)', () => {
  const label = 'POST /internal/tenant-42/soat/api/v1/chats/completions';

  it('comes back as a SoatTimeoutError after an upstream stall, without the upstream path', async () => {
    vi.useFakeTimers();
    try {
      const { body } = bodyOf([encoder.encode(encodeEventStream([delta('a')], { done: false }))], {
        close: false,
      });
      const upstream = parseChatCompletionStream(body, { idleTimeout: 1000, label });
      const page = parseChatCompletionStream(new Response(upstream.toEventStream()));
      const failure = failureOf(page.text());
      await vi.advanceTimersByTimeAsync(1500);
      const error = await failure;
      expect(error).toBeInstanceOf(SoatTimeoutError);
      expect((error as Error).message).toBe(
        'Completion stream: no data for 1000 ms (streamIdleTimeout)',
      );
      expect((error as SoatTimeoutError).partialText).toBe('a');
    } finally {
      vi.useRealTimers();
    }
  });

  it('comes back as a SoatStreamError saying the answer is incomplete after a cut body', async () => {
    const upstream = parseChatCompletionStream(
      eventStreamResponse(encodeEventStream([delta('a')], { done: false })),
      { label },
    );
    const error = await forwarded(upstream);
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toBe(
      'Completion stream: the stream ended before [DONE]; the answer is incomplete',
    );
  });

  it('comes back as a connection failure when the upstream connection broke', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull: () => Promise.reject(new TypeError('terminated')),
    });
    const error = await forwarded(parseChatCompletionStream(body, { label }));
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toBe('Completion stream: connection failed mid-stream');
  });

  it("comes back as the server's own error, with serverError", async () => {
    const text = encodeEventStream([delta('a')], {
      trailer: { error: { code: 'RATE_LIMITED', message: 'Slow down' } },
    });
    const error = await forwarded(parseChatCompletionStream(eventStreamResponse(text), { label }));
    expect((error as SoatStreamError).serverError).toEqual({
      code: 'RATE_LIMITED',
      message: 'Slow down',
    });
    expect((error as Error).message).not.toContain('/internal/');
  });

  it('never sends the token echoed in an error event on to the browser', async () => {
    const text = encodeEventStream([], {
      trailer: { error: { code: 'UNAUTHORIZED', message: 'Invalid API key sk_live_abcdef123456' } },
    });
    const upstream = parseChatCompletionStream(eventStreamResponse(text));
    const sent = await new Response(upstream.toEventStream()).text();
    expect(sent).not.toContain('abcdef123456');
    expect(sent).toContain('Invalid API key ***');
  });
});

describe('toResponse(init) with an init a Response cannot take (issue 20 #10)', () => {
  it.each([
    ['a header value with a newline', { headers: { 'x-a': 'a\nb' } }],
    ['status 204', { status: 204 }],
  ])('throws a SoatError for %s and leaves the stream to another reader', async (_, init) => {
    const stream = parseChatCompletionStream(eventStreamResponse(WIRE_EXAMPLE));
    expect(() => stream.toResponse(init as ResponseInit)).toThrow(SoatError);
    expect(() => stream.toResponse(init as ResponseInit)).toThrow(/toResponse: `init`/);
    await expect(stream.text()).resolves.toBe('Hello from');
  });
});

describe('a Response that is not an event stream (issue 21 #2)', () => {
  it('throws the SoatApiError an in-band error body describes, even with status 200', async () => {
    const response = Response.json({
      error: { code: 'RESOURCE_NOT_FOUND', message: "AI provider 'aip_x' not found" },
    });
    const error = await failureOf(parseChatCompletionStream(response).text());
    expect(error).toBeInstanceOf(SoatApiError);
    expect(error).toMatchObject({ status: 200, code: 'RESOURCE_NOT_FOUND' });
    expect((error as Error).message).toContain("RESOURCE_NOT_FOUND: AI provider 'aip_x' not found");
  });

  it('throws a SoatApiError with the status of a JSON error answer', async () => {
    const response = Response.json({ error: 'Unauthorized' }, { status: 401 });
    const iterator = parseChatCompletionStream(response)[Symbol.asyncIterator]();
    const error = await failureOf(iterator.next());
    expect(error).toBeInstanceOf(SoatApiError);
    expect(error).toMatchObject({ status: 401, code: undefined });
    expect((error as Error).message).toMatch(/^401 Unauthorized/);
  });

  it('quotes a capped, scrubbed excerpt of an HTML error page, control characters escaped', async () => {
    const page = `<html>\u001b[2J sk_live_abcdef123456 ${'Bad gateway. '.repeat(500)}</html>`;
    const response = new Response(page, {
      status: 502,
      statusText: 'Bad Gateway',
      headers: { 'content-type': 'text/html' },
    });
    const error = await failureOf(parseChatCompletionStream(response).text());
    expect(error).toBeInstanceOf(SoatApiError);
    const message = (error as Error).message;
    expect(message).toMatch(/^502 Bad Gateway: <html>\\u001b\[2J \*\*\* Bad gateway/);
    expect(message).not.toContain('abcdef123456');
    expect(message.length).toBeLessThan(400);
    expect(inspect(error)).not.toContain('abcdef123456');
  });

  it('says a 200 page that is not an event stream is not one', async () => {
    const response = new Response('<html>portal</html>', {
      headers: { 'content-type': 'text/html' },
    });
    const error = await failureOf(parseChatCompletionStream(response).text());
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as Error).message).toBe(
      'Completion stream: the 200 response (text/html) is not an event stream: "<html>portal</html>"',
    );
  });
});

// Issue 11 #1: whatever ends a streamed call removes every listener it added to the call's
// signal, so one long-lived AbortController can serve any number of calls.
import { getEventListeners } from 'node:events';
import { describe } from 'vitest';
import { type ChatCompletionStream, SoatClient, SoatStreamError } from '../../src/index.js';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { eventStream, test } from './helpers/test-server.js';

/** 1,000, or `SOAT_LISTENER_CALLS` (the mutation run uses a few: one leaked listener per call shows). */
const CALLS = Number(process.env.SOAT_LISTENER_CALLS ?? 1000);
const ANSWER = encodeEventStream([delta('Hello'), delta(' from')]);
const TWO_WORDS_THEN_ERROR = encodeEventStream([delta('Hello')], {
  trailer: { error: 'terminated' },
});

/** Makes `CALLS` sequential streamed calls on one signal, each ended by `end`. */
async function listenersLeftAfter(
  baseUrl: string,
  end: (call: Promise<{ data?: ChatCompletionStream; error?: unknown }>) => Promise<unknown>,
): Promise<number> {
  const soat = new SoatClient({ baseUrl, token: 'sk_test_listeners', maxRetries: 0 });
  const controller = new AbortController();
  for (let i = 0; i < CALLS; i++) {
    const call = soat.chats.createChatCompletion({
      body: { ai_provider_id: 'aip_1', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      signal: controller.signal,
    });
    await end(call);
  }
  return getEventListeners(controller.signal, 'abort').length;
}

// 1,000 calls per test take a few seconds, more on a loaded machine.
describe('listeners on a shared signal after 1,000 streamed calls', { timeout: 60_000 }, () => {
  test('none are left when text() reads every answer', async ({ serve, expect }) => {
    const server = await serve(eventStream(ANSWER));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      expect(await (await call).data?.text()).toBe('Hello from');
    });
    expect(left).toBe(0);
  });

  test('none are left when every answer is an error event, returned as { error }', async ({
    serve,
    expect,
  }) => {
    const server = await serve(eventStream(encodeEventStream([], { trailer: { error: 'nope' } })));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      expect((await call).error).toEqual({ error: 'nope' });
    });
    expect(left).toBe(0);
  });

  test('none are left when every call fails before its first event', async ({ serve, expect }) => {
    const server = await serve(eventStream(''));
    const left = await listenersLeftAfter(server.baseUrl, (call) =>
      expect(call).rejects.toBeInstanceOf(SoatStreamError),
    );
    expect(left).toBe(0);
  });

  test('none are left when every stream fails mid-answer', async ({ serve, expect }) => {
    const server = await serve(eventStream(TWO_WORDS_THEN_ERROR));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      const stream = (await call).data as ChatCompletionStream;
      await expect(stream.text()).rejects.toBeInstanceOf(SoatStreamError);
    });
    expect(left).toBe(0);
  });

  test('none are left when every stream is abort()ed unread', async ({ serve, expect }) => {
    const server = await serve(eventStream(ANSWER));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      (await call).data?.abort();
    });
    expect(left).toBe(0);
  });

  test('none are left when every for await breaks after the first chunk', async ({
    serve,
    expect,
  }) => {
    const server = await serve(eventStream(ANSWER));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      for await (const _ of (await call).data as ChatCompletionStream) break;
    });
    expect(left).toBe(0);
  });

  test('none are left when every toReadableStream() is cancelled', async ({ serve, expect }) => {
    const server = await serve(eventStream(ANSWER));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      await (await call).data?.toReadableStream().cancel();
    });
    expect(left).toBe(0);
  });

  test('none are left when every toEventStream() is read to the end', async ({ serve, expect }) => {
    const server = await serve(eventStream(TWO_WORDS_THEN_ERROR));
    const left = await listenersLeftAfter(server.baseUrl, async (call) => {
      const forwarded = await new Response((await call).data?.toEventStream()).text();
      expect(forwarded).toContain('"error":"terminated"');
    });
    expect(left).toBe(0);
  });
});

// Issue 11, defect 1 (the transport's side): every listener a call adds to its `signal` is
// removed however the call ends. 1,000 calls share one AbortSignal for each way of ending;
// `events.getEventListeners` counts what is left. (The stream's own listener is tested with
// the streams.)
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SoatClient, type SoatClientOptions } from '../../src/index.js';

const CALLS = 1_000;
const COMPLETION = {
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
};
const STREAM_BODY = {
  ai_provider_id: 'aip_1',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  stream: true as const,
};

function client(fetch: SoatClientOptions['fetch'], options: Partial<SoatClientOptions> = {}) {
  return new SoatClient({
    baseUrl: 'https://api.example.com',
    token: 'sk_test',
    maxRetries: 0,
    fetch,
    ...options,
  });
}

/** A response promise that only settles when the request is aborted. */
const hang = (request: Request) =>
  new Promise<Response>((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

/** Runs `CALLS` calls on one signal, all at once; resolves to the listeners left on it. */
async function listenersLeft(
  call: (signal: AbortSignal, index: number) => Promise<unknown>,
): Promise<number> {
  const controller = new AbortController();
  const outcomes = await Promise.allSettled(
    Array.from({ length: CALLS }, (_, index) => call(controller.signal, index)),
  );
  expect(outcomes).toHaveLength(CALLS);
  return getEventListeners(controller.signal, 'abort').length;
}

describe(`${CALLS} calls on one signal leave no listener on it`, () => {
  it('when each resolves to data', async () => {
    const soat = client(async () => Response.json([]));
    expect(await listenersLeft((signal) => soat.chats.listChats({ signal }))).toBe(0);
  });

  it('when each resolves to an error status', async () => {
    const soat = client(async () => Response.json({ error: 'no' }, { status: 404 }));
    expect(await listenersLeft((signal) => soat.chats.listChats({ signal }))).toBe(0);
  });

  it('when each is retried after a pause, then succeeds', async () => {
    const retried = new Set<string | null>();
    let calls = 0;
    const soat = client(
      async (request) => {
        calls++;
        const call = request.headers.get('x-call');
        if (retried.has(call)) return Response.json([]);
        retried.add(call);
        return Response.json(
          { error: 'busy' },
          { status: 503, headers: { 'retry-after-ms': '1' } },
        );
      },
      { maxRetries: 1 },
    );
    const left = await listenersLeft((signal, index) =>
      soat.chats.listChats({ signal, headers: { 'x-call': String(index) } }),
    );
    expect(left).toBe(0);
    expect(calls).toBe(2 * CALLS);
  });

  it('when each fails to connect, after a retry', async () => {
    const soat = client(() => Promise.reject(new TypeError('fetch failed')), { maxRetries: 1 });
    expect(await listenersLeft((signal) => soat.chats.listChats({ signal }))).toBe(0);
  });

  it('when each times out', async () => {
    const soat = client(hang, { timeout: 5 });
    expect(await listenersLeft((signal) => soat.chats.listChats({ signal }))).toBe(0);
  });

  it('when each gets a 2xx body that is not JSON', async () => {
    const soat = client(async () => new Response('<html>', { status: 200 }));
    expect(await listenersLeft((signal) => soat.chats.listChats({ signal }))).toBe(0);
  });

  it('when each is refused before sending', async () => {
    const soat = client(async () => Response.json([]));
    const left = await listenersLeft((signal) =>
      soat.chats.getChat({ path: { chat_id: '..' }, signal }),
    );
    expect(left).toBe(0);
  });

  it('when each stream call gets a whole JSON completion, read to the end', async () => {
    const soat = client(async () => Response.json(COMPLETION));
    const left = await listenersLeft(async (signal) => {
      const { data } = await soat.chats.createChatCompletion({ body: STREAM_BODY, signal });
      return data?.text();
    });
    expect(left).toBe(0);
  });

  it('when each stream call gets a whole JSON body that stalls', async () => {
    const soat = client(async () => {
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new TextEncoder().encode('{"object":')),
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    });
    const left = await listenersLeft((signal) =>
      soat.chats.createChatCompletion({ body: STREAM_BODY, signal, streamIdleTimeout: 5 }),
    );
    expect(left).toBe(0);
  });

  it('when the signal aborts them while they wait between retries', async () => {
    const controller = new AbortController();
    let answered = 0;
    const soat = client(
      async () => {
        answered++;
        return Response.json({ error: 'busy' }, { status: 503, headers: { 'retry-after': '30' } });
      },
      { maxRetries: 1 },
    );
    const calls = Array.from({ length: CALLS }, () =>
      soat.chats.listChats({ signal: controller.signal }),
    );
    while (answered < CALLS) await new Promise((resolve) => setTimeout(resolve, 10));
    // Every call is asleep once its first answer is in, listening to the signal.
    expect(getEventListeners(controller.signal, 'abort').length).toBeGreaterThanOrEqual(CALLS);
    controller.abort();
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

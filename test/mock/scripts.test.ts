import { afterEach, describe, expect, it, vi } from 'vitest';
import { delta, encodeEventStream } from '../fixtures/sse.js';
import { collectBody, fakeTimeouts, turns } from '../helpers/fake-time.js';
import { mock } from '../setup.js';
import { call, userSays, wire } from './helpers.js';

const STATELESS = '/api/v1/chats/completions';
const ask = (stream: boolean, content = 'Hi') =>
  call(STATELESS, { body: { ai_provider_id: 'aip_1', messages: userSays(content), stream } });

describe('reply()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('streams the exact pieces it is given', async () => {
    mock.reply({ pieces: ['Hel', 'lo', ' wor', 'ld'] });
    expect(await (await ask(true)).text()).toBe(
      encodeEventStream(['Hel', 'lo', ' wor', 'ld'].map(delta)),
    );
  });

  it('splits a scripted text word by word, spaces kept with the following word', async () => {
    mock.reply({ text: 'Hi  there, you' });
    expect(await (await ask(true)).text()).toBe(
      encodeEventStream([delta('Hi'), delta('  there,'), delta(' you')]),
    );
  });

  it('joins the pieces into the content of a JSON completion', async () => {
    mock.reply({ pieces: ['Hel', 'lo'] });
    expect((await (await ask(false)).json()).choices[0].message.content).toBe('Hello');
  });

  it('scripts only the next completion', async () => {
    mock.reply({ text: 'Scripted.' });
    await (await ask(false)).text();
    expect((await (await ask(false, 'Hello!')).json()).choices[0].message.content).toBe(
      'You said: Hello!',
    );
  });

  it('queues one script per call, in order', async () => {
    mock.reply({ text: 'one' });
    mock.reply({ text: 'two' });
    const first = (await (await ask(false)).json()).choices[0].message.content;
    const second = (await (await ask(false)).json()).choices[0].message.content;
    expect([first, second]).toEqual(['one', 'two']);
  });

  it('sends failAfter pieces, then the error event, and closes without [DONE]', async () => {
    mock.reply({ pieces: ['Hel', 'lo'], failAfter: 1, error: 'boom' });
    expect(await (await ask(true)).text()).toBe(
      encodeEventStream([delta('Hel')], { trailer: { error: 'boom' }, done: false }),
    );
    expect(mock.state.completions[0]).toMatchObject({ piecesSent: 1, outcome: 'failed' });
  });

  it('fails with "terminated" when failAfter comes without an error', async () => {
    mock.reply({ pieces: ['a', 'b', 'c'], failAfter: 2 });
    expect(await (await ask(true)).text()).toBe(
      'data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {"choices":[{"delta":{"content":"b"}}]}\n\ndata: {"error":"terminated"}\n\n',
    );
  });

  it('fails before any piece when an error comes without failAfter', async () => {
    mock.reply({ error: 'provider down' });
    expect(await wire(await ask(true))).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      body: 'data: {"error":"provider down"}\n\n',
    });
  });

  it('answers a scripted failure of a JSON completion with 500 and the error string', async () => {
    mock.reply({ pieces: ['a'], failAfter: 1, error: 'boom' });
    expect(await wire(await ask(false))).toEqual({
      status: 500,
      contentType: 'application/json; charset=utf-8',
      body: '{"error":"boom"}',
    });
  });

  it('pauses pauseMs before each piece after the first', async () => {
    fakeTimeouts();
    mock.reply({ pieces: ['a', 'b', 'c'], pauseMs: 60 });
    const body = collectBody((await ask(true)).body as ReadableStream<Uint8Array>);
    const event = (piece: string) => encodeEventStream([delta(piece)], { done: false });
    await turns();
    expect(body.text()).toBe(event('a'));
    await vi.advanceTimersByTimeAsync(59);
    await turns();
    expect(body.text()).toBe(event('a'));
    await vi.advanceTimersByTimeAsync(1);
    await turns();
    expect(body.text()).toBe(event('a') + event('b'));
    await vi.advanceTimersByTimeAsync(60);
    await body.done;
    expect(body.text()).toBe(encodeEventStream(['a', 'b', 'c'].map(delta)));
  });

  it('stops producing pieces when the client aborts the request mid-stream', async () => {
    // A pause far longer than the test: the abort, not the clock, ends the stream.
    mock.reply({ pieces: ['a', 'b', 'c', 'd'], pauseMs: 60_000 });
    const abort = new AbortController();
    const response = await fetch('http://soat.test/api/v1/chats/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test', 'content-type': 'application/json' },
      body: JSON.stringify({ ai_provider_id: 'aip_1', messages: userSays('Hi'), stream: true }),
      signal: abort.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    abort.abort();
    await expect(reader.read()).rejects.toThrow();
    await vi.waitFor(() => expect(mock.state.completions[0]?.outcome).toBe('cancelled'));
    expect(mock.state.completions[0]?.piecesSent).toBeLessThan(4);
  });
});

import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ChatCompletionStream, SoatError, SoatStreamError } from '../../src/index.js';
import { BASE_URL, mock, server } from '../setup.js';
import { createTestClient, userSays } from './helpers.js';

const soat = createTestClient();
const streamBody = (ai_provider_id = 'aip_1') => ({
  ai_provider_id,
  messages: userSays('Hi'),
  stream: true as const,
});

describe('streamed completions through the client', () => {
  it('resolves data to a ChatCompletionStream that exposes the response', async () => {
    const { data, response } = await soat.chats.createChatCompletion({ body: streamBody() });
    expect(data).toBeInstanceOf(ChatCompletionStream);
    expect(data?.response).toBe(response);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    await data?.text();
  });

  it('resolves an error sent as the first event of a 200 stream to { error }', async () => {
    const { data, error, response } = await soat.chats.createChatCompletionForChat({
      path: { chat_id: 'cht_missing' },
      body: { messages: userSays('Hi'), stream: true },
    });
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: "Chat 'cht_missing' not found." });
  });

  it('throws a SoatStreamError with the partial text when the server fails mid-answer', async () => {
    mock.reply({ pieces: ['Hel', 'lo', ' world'], failAfter: 2, error: 'terminated' });
    const { data: stream, error } = await soat.chats.createChatCompletion({ body: streamBody() });
    if (error) throw new Error(JSON.stringify(error));
    const failure = await stream.text().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SoatStreamError);
    expect((failure as SoatStreamError).partialText).toBe('Hello');
    expect((failure as Error).message).toContain('terminated');
  });

  it('returns an error status before the stream as { error }, not a stream', async () => {
    const { data, error, response } = await soat.chats.createChatCompletion({
      body: { ...streamBody(), messages: [] } as unknown as ReturnType<typeof streamBody>,
    });
    expect(response.status).toBe(400);
    expect(data).toBeUndefined();
    expect(error).toBeDefined();
  });

  it('still streams when a server ignores stream: true and answers JSON', async () => {
    server.use(
      http.post(`${BASE_URL}/api/v1/chats/completions`, () =>
        HttpResponse.json({
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Whole answer' },
              finish_reason: 'stop',
            },
          ],
        }),
      ),
    );
    const { data: stream, error } = await soat.chats.createChatCompletion({ body: streamBody() });
    if (error) throw new Error(JSON.stringify(error));
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toEqual([
      { choices: [{ index: 0, delta: { content: 'Whole answer' }, finish_reason: 'stop' }] },
    ]);
  });

  it('refuses JSON that is not a completion where a stream was asked for, quoting it', async () => {
    server.use(
      http.post(`${BASE_URL}/api/v1/chats/completions`, () =>
        HttpResponse.json({ hello: 'world' }),
      ),
    );
    const call = soat.chats.createChatCompletion({ body: streamBody() });
    await expect(call).rejects.toBeInstanceOf(SoatError);
    await expect(call).rejects.toThrow(/expected a completion.*hello/);
  });

  it('hands on the first delta without waiting for the next one', async () => {
    mock.reply({ pieces: ['first', ' second'], pauseMs: 10_000 });
    const { data: stream, error } = await soat.chats.createChatCompletion({ body: streamBody() });
    if (error) throw new Error(JSON.stringify(error));
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.choices[0]?.delta?.content).toBe('first');
    await iterator.return?.();
  });
});

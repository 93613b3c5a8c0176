import { SoatApiError, SoatClient, SoatError, SoatStreamError, unwrap } from '@soat/sdk';
import { createSoat } from '@soat/sdk/ai';
import { type SoatMockServer, startSoatMockServer } from '@soat/sdk/mock-server';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// Issue 19: SOAT models for AI SDK Core, driven by `streamText` and `generateText` from ai 7.

const TOKEN = 'sk_ai_provider_secret';
let mock: SoatMockServer;
let client: SoatClient;
let soat: ReturnType<typeof createSoat>;

beforeAll(async () => {
  // The models implement spec v2; ai 7 logs a compatibility notice for it, not wanted here.
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  mock = await startSoatMockServer({ token: TOKEN });
  client = new SoatClient({ baseUrl: mock.url, token: TOKEN, maxRetries: 0 });
  soat = createSoat({ client });
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

/** Every part of a `streamText` full stream, in order. */
async function parts(result: ReturnType<typeof streamText>) {
  const seen: { type: string; [key: string]: unknown }[] = [];
  for await (const part of result.fullStream) seen.push(part);
  return seen;
}

describe('soat(aiProviderId) with streamText', () => {
  it('streams the answer as text', async () => {
    mock.reply({ pieces: ['Hello', ' from', ' SOAT'] });
    const result = streamText({ model: soat('aip_one'), prompt: 'Hi' });
    let text = '';
    for await (const piece of result.textStream) text += piece;
    expect(text).toBe('Hello from SOAT');
    expect(mock.state.completions[0]).toMatchObject({ aiProviderId: 'aip_one', stream: true });
  });

  it('gives text-start, the deltas and text-end, then a finish with reason stop', async () => {
    mock.reply({ pieces: ['a', 'b'] });
    const seen = await parts(streamText({ model: soat('aip_one'), prompt: 'Hi' }));
    const types = seen.map((part) => part.type).filter((type) => type.startsWith('text'));
    expect(types).toEqual(['text-start', 'text-delta', 'text-delta', 'text-end']);
    expect(seen.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('sends the system prompt as a leading system message, then the turns in order', async () => {
    await streamText({
      model: soat('aip_one'),
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: [{ type: 'text', text: 'Again?' }] },
      ],
    }).consumeStream();
    expect(mock.state.completions[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Again?' },
    ]);
    expect(mock.state.completions[0]?.systemMessage).toBe('Be brief.');
  });

  it('asks for the model the settings name', async () => {
    await streamText({
      model: soat('aip_one', { model: 'big-model' }),
      prompt: 'Hi',
    }).consumeStream();
    expect(mock.state.completions[0]?.model).toBe('big-model');
  });

  it('ends a mid-answer failure with an error part holding the partial text, never a stop', async () => {
    mock.reply({ pieces: ['Par', 'tial', ' more'], failAfter: 2, error: 'model overloaded' });
    const seen = await parts(
      streamText({ model: soat('aip_one'), prompt: 'Hi', onError: () => {} }),
    );
    const error = seen.find((part) => part.type === 'error')?.error;
    expect(error).toBeInstanceOf(SoatStreamError);
    expect((error as SoatStreamError).partialText).toBe('Partial');
    expect(seen.map((part) => part.type)).not.toContain('text-end');
    expect(seen).not.toContainEqual(expect.objectContaining({ finishReason: 'stop' }));
  });

  it('closes the upstream connection when the abort signal fires mid-answer', async () => {
    mock.reply({ pieces: Array.from({ length: 200 }, (_, i) => `w${i} `), pauseMs: 20 });
    const abort = new AbortController();
    const result = streamText({
      model: soat('aip_one'),
      prompt: 'Hi',
      abortSignal: abort.signal,
      onError: () => {},
    });
    let deltas = 0;
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta' && ++deltas === 2) abort.abort();
    }
    await vi.waitFor(() => expect(mock.state.completions[0]?.outcome).toBe('cancelled'), {
      timeout: 10_000,
    });
    expect(mock.state.completions[0]?.piecesSent).toBeLessThan(200);
  });

  it('reports an error status as an error part with the SoatApiError', async () => {
    const seen = await parts(
      streamText({ model: soat.chat('cht_missing'), prompt: 'Hi', onError: () => {} }),
    );
    const error = seen.find((part) => part.type === 'error')?.error;
    expect(error).toBeInstanceOf(SoatApiError);
    expect((error as SoatApiError).message).toMatch(/not found/i);
  });
});

describe('soat(aiProviderId) with generateText', () => {
  it('returns the whole answer from a completion that is not streamed', async () => {
    mock.reply({ text: 'A whole answer.' });
    const { text, finishReason } = await generateText({ model: soat('aip_two'), prompt: 'Hi' });
    expect(text).toBe('A whole answer.');
    expect(finishReason).toBe('stop');
    expect(mock.state.completions[0]).toMatchObject({ aiProviderId: 'aip_two', stream: false });
  });

  it('refuses a file in the prompt with a SoatError naming it, sending nothing', async () => {
    const call = generateText({
      model: soat('aip_two'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'file', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' },
          ],
        },
      ],
    });
    await expect(call).rejects.toThrow(SoatError);
    await expect(call).rejects.toThrow(/file \(image\/png\).*text only/);
    expect(mock.state.completions).toEqual([]);
  });

  it('refuses tools with a SoatError, sending nothing', async () => {
    const call = generateText({
      model: soat('aip_two'),
      prompt: 'Weather?',
      tools: { weather: tool({ description: 'The weather', inputSchema: jsonSchema({}) }) },
    });
    await expect(call).rejects.toThrow(/cannot call tools/);
    expect(mock.state.completions).toEqual([]);
  });
});

describe('soat.chat(chatId)', () => {
  it("answers with the chat's provider and system message", async () => {
    const chat = unwrap(
      await client.chats.createChat({
        body: { ai_provider_id: 'aip_chat', system_message: 'You are a pirate.' },
      }),
    );
    mock.reply({ pieces: ['Arr', '!'] });
    const { text } = await generateText({ model: soat.chat(chat.id), prompt: 'Hi' });
    expect(text).toBe('Arr!');
    expect(mock.state.completions[0]).toMatchObject({
      chatId: chat.id,
      aiProviderId: 'aip_chat',
      systemMessage: 'You are a pirate.',
    });
  });

  it('streams with streamText', async () => {
    const chat = unwrap(await client.chats.createChat({ body: { ai_provider_id: 'aip_chat' } }));
    mock.reply({ pieces: ['Streamed', ' chat'] });
    const result = streamText({ model: soat.chat(chat.id), prompt: 'Hi' });
    expect(await result.text).toBe('Streamed chat');
    expect(mock.state.completions[0]).toMatchObject({ chatId: chat.id, stream: true });
  });
});

describe('createSoat', () => {
  it('makes its own client from SoatClientOptions', async () => {
    mock.reply({ text: 'Own client.' });
    const own = createSoat({ baseUrl: mock.url, token: TOKEN });
    const { text } = await generateText({ model: own('aip_three'), prompt: 'Hi' });
    expect(text).toBe('Own client.');
  });

  it('refuses a client that is not a SoatClient', () => {
    expect(() => createSoat({ client: {} as SoatClient })).toThrow(SoatError);
  });

  it('names the models after the model, else the provider or chat id', () => {
    expect(soat('aip_one')).toMatchObject({ provider: 'soat.chats', modelId: 'aip_one' });
    expect(soat('aip_one', { model: 'm' }).modelId).toBe('m');
    expect(soat.chat('cht_1')).toMatchObject({ provider: 'soat.chat', modelId: 'cht_1' });
  });
});

import type { LanguageModelV2CallOptions, LanguageModelV2StreamPart } from '@ai-sdk/provider';
import { SoatClient, SoatError } from '@soat/sdk';
import { createSoat } from '@soat/sdk/ai';
import { describe, expect, it } from 'vitest';

// The provider's model against an injected fetch (no network): what it sends and what it gives.

const sse = (...events: unknown[]) =>
  `${events.map((value) => `data: ${JSON.stringify(value)}\n\n`).join('')}data: [DONE]\n\n`;
const chunk = (content: string) => ({ choices: [{ index: 0, delta: { content } }] });

/** A provider whose client answers every request with `body` and records the requests. */
function provider(body = sse(chunk('Hi'))) {
  const requests: Request[] = [];
  const client = new SoatClient({
    baseUrl: 'https://soat.test',
    token: 'sk_test',
    maxRetries: 0,
    fetch: async (request) => {
      requests.push(request);
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    },
  });
  return { soat: createSoat({ client }), requests };
}

const call = (
  prompt: LanguageModelV2CallOptions['prompt'],
  extra: Partial<LanguageModelV2CallOptions> = {},
): LanguageModelV2CallOptions => ({ prompt, ...extra });
const hi = call([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);

async function partsOf(stream: ReadableStream<LanguageModelV2StreamPart>) {
  const parts: LanguageModelV2StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV2StreamPart>) {
    parts.push(part);
  }
  return parts;
}

describe('createSoat and its models refuse bad input with a SoatError', () => {
  it.each([
    ['null options', () => createSoat(null as never), /expected SoatClientOptions or \{ client \}/],
    [
      'an empty provider id',
      () => provider().soat(''),
      /soat\(aiProviderId\): expected a non-empty/,
    ],
    [
      'a chat id that is a number',
      () => provider().soat.chat(7 as never),
      /soat\.chat\(chatId\).*got 7/,
    ],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(SoatError);
    expect(make).toThrow(message);
  });
});

describe('a SOAT language model (spec v2)', () => {
  it('is a v2 model with no URL it downloads itself', () => {
    const { soat } = provider();
    expect(soat('aip_1')).toMatchObject({ specificationVersion: 'v2', supportedUrls: {} });
  });

  it('streams stream-start, the text part and a finish without usage', async () => {
    const { soat } = provider(sse(chunk('Hel'), chunk('lo')));
    const { stream } = await soat('aip_1').doStream(hi);
    const parts = await partsOf(stream);
    const id = (parts[1] as { id: string }).id;
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id },
      { type: 'text-delta', id, delta: 'Hel' },
      { type: 'text-delta', id, delta: 'lo' },
      { type: 'text-end', id },
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
      },
    ]);
  });

  it('adds each raw chunk when the call asks for them', async () => {
    const { soat } = provider(sse(chunk('Hi')));
    const { stream } = await soat('aip_1').doStream({ ...hi, includeRawChunks: true });
    const raw = (await partsOf(stream)).filter((part) => part.type === 'raw');
    expect(raw).toEqual([{ type: 'raw', rawValue: chunk('Hi') }]);
  });

  it('warns about the settings SOAT has no field for', async () => {
    const { soat } = provider();
    const { stream } = await soat('aip_1').doStream({ ...hi, temperature: 0.2, seed: 1 });
    expect((await partsOf(stream))[0]).toEqual({
      type: 'stream-start',
      warnings: [
        { type: 'other', message: "SOAT's Chats API has no temperature setting; it was ignored" },
        { type: 'other', message: "SOAT's Chats API has no seed setting; it was ignored" },
      ],
    });
  });

  it("sends the call's headers and the model setting", async () => {
    const { soat, requests } = provider();
    await soat('aip_1', { model: 'm-2' }).doStream({
      ...hi,
      headers: { 'x-trace': 'abc', 'x-none': undefined },
    });
    expect(requests[0]?.headers.get('x-trace')).toBe('abc');
    expect(requests[0]?.headers.has('x-none')).toBe(false);
    expect(await requests[0]?.json()).toEqual({
      ai_provider_id: 'aip_1',
      model: 'm-2',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
  });

  it.each([
    [
      'reasoning',
      call([{ role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }] }]),
      /message 0 \(assistant\) holds a reasoning part; SOAT chats take text only/,
    ],
    [
      'a tool call',
      call([
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 't', toolName: 'x', input: {} }],
        },
      ]),
      /holds a tool-call part/,
    ],
    ['a tool result', call([{ role: 'tool', content: [] }]), /message 0 \(tool\) is a tool result/],
    [
      'an image',
      call([{ role: 'user', content: [{ type: 'file', data: 'aGk=', mediaType: 'image/jpeg' }] }]),
      /holds a file \(image\/jpeg\)/,
    ],
  ])('refuses %s with a SoatError, sending nothing', async (_, options, message) => {
    const { soat, requests } = provider();
    await expect(soat('aip_1').doStream(options)).rejects.toThrow(SoatError);
    await expect(soat('aip_1').doGenerate(options)).rejects.toThrow(message);
    expect(requests).toEqual([]);
  });

  it('gives doGenerate the whole answer, its finish reason and the model', async () => {
    const answer = {
      object: 'chat.completion',
      model: 'mock-model',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Whole.' }, finish_reason: 'length' },
      ],
    };
    const requests: Request[] = [];
    const client = new SoatClient({
      baseUrl: 'https://soat.test',
      token: 'sk_test',
      fetch: async (request) => {
        requests.push(request);
        return Response.json(answer);
      },
    });
    const result = await createSoat({ client }).chat('cht_1').doGenerate(hi);
    expect(result).toMatchObject({
      content: [{ type: 'text', text: 'Whole.' }],
      finishReason: 'length',
      warnings: [],
      response: { modelId: 'mock-model' },
    });
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/api/v1/chats/cht_1/completions');
    expect(await requests[0]?.json()).toEqual({
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    });
  });
});

import type { LanguageModelV2 } from '@ai-sdk/provider';
import { type ChatCompletionStream, type ChatMessage, SoatClient } from '@soat/sdk';
import {
  createSoat,
  fromUIMessages,
  type SoatUIMessageChunk,
  toUIMessageStream,
  toUIMessageStreamResponse,
} from '@soat/sdk/ai';
import {
  createUIMessageStream,
  generateText,
  type LanguageModel,
  streamText,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import { describe, expectTypeOf, test } from 'vitest';

declare const completion: ChatCompletionStream;
declare const uiMessages: UIMessage[];

describe('@soat/sdk/ai with the AI SDK types (ai 7)', () => {
  test("toUIMessageStream's chunks are the AI SDK's UIMessageChunk", () => {
    expectTypeOf(toUIMessageStream(completion)).toExtend<ReadableStream<UIMessageChunk>>();
    createUIMessageStream({ execute: ({ writer }) => writer.merge(toUIMessageStream(completion)) });
    expectTypeOf<SoatUIMessageChunk>().toExtend<UIMessageChunk>();
  });

  test('toUIMessageStreamResponse returns a Response and takes a ResponseInit', () => {
    expectTypeOf(toUIMessageStreamResponse(completion, { status: 200 })).toEqualTypeOf<Response>();
    // @ts-expect-error a completion result, not its stream, is a mistake caught by the types
    toUIMessageStreamResponse({ data: completion });
  });

  test("fromUIMessages takes useChat's messages and gives SOAT messages", () => {
    expectTypeOf(fromUIMessages(uiMessages)).toExtend<ChatMessage[]>();
    // @ts-expect-error a message without parts is not a UI message
    fromUIMessages([{ role: 'user', content: 'Hi' }]);
  });

  test('the models are language models streamText and generateText accept', () => {
    const soat = createSoat({ client: new SoatClient({ baseUrl: 'http://x', token: 'sk_t' }) });
    expectTypeOf(soat('aip_1')).toEqualTypeOf<LanguageModelV2>();
    expectTypeOf(soat('aip_1', { model: 'm' })).toExtend<LanguageModel>();
    expectTypeOf(soat.chat('cht_1')).toExtend<LanguageModel>();
    streamText({ model: soat('aip_1'), prompt: 'Hi' });
    generateText({ model: soat.chat('cht_1'), prompt: 'Hi' });
    // @ts-expect-error the model setting is a string
    soat('aip_1', { model: 3 });
  });

  test('createSoat takes SoatClientOptions or a client, not both kinds mixed up', () => {
    createSoat({ baseUrl: 'http://x', token: 'sk_t', maxRetries: 1 });
    // @ts-expect-error the client must be a SoatClient
    createSoat({ client: { chats: {} } });
  });
});

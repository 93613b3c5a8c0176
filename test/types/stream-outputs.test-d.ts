import { type ChatCompletionStream, parseChatCompletionStream } from '@soat/sdk';
import { describe, expectTypeOf, test } from 'vitest';

declare const stream: ChatCompletionStream;

describe('the outputs of a ChatCompletionStream', () => {
  test('toEventStream() is a byte stream', () => {
    expectTypeOf(stream.toEventStream()).toEqualTypeOf<ReadableStream<Uint8Array>>();
  });

  test('toResponse() takes an optional ResponseInit and gives a Response', () => {
    expectTypeOf(stream.toResponse()).toEqualTypeOf<Response>();
    expectTypeOf(
      stream.toResponse({ status: 200, headers: { 'x-id': '1' } }),
    ).toEqualTypeOf<Response>();
    // @ts-expect-error a status alone is not a ResponseInit
    stream.toResponse(200);
  });

  test('text() resolves to a string', () => {
    expectTypeOf(stream.text()).toEqualTypeOf<Promise<string>>();
  });

  test('a page parses a forwarded response into a stream again', () => {
    expectTypeOf(
      parseChatCompletionStream(stream.toResponse()),
    ).toEqualTypeOf<ChatCompletionStream>();
  });

  test('the core is internal: no read method on the public type', () => {
    // @ts-expect-error the reader claim is keyed by an internal symbol, not a public name
    stream.read('for await', 'chunks');
  });
});

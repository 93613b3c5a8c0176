// parseChatCompletionStream from plain JavaScript: anything but a Response or a ReadableStream is
// refused with a SoatError at once, rather than parsed as the text `new Response(x)` makes of it
// ("[object Object]", a string's own characters).
import { describe, expect, it } from 'vitest';
import { parseChatCompletionStream, SoatError } from '../../src/index.js';

describe('parseChatCompletionStream input', () => {
  it.each([
    ['a string', 'data: [DONE]\n\n'],
    ['a plain object', {}],
    ['null', null],
    ['a number', 1],
    ['a Uint8Array', new TextEncoder().encode('data: [DONE]\n\n')],
  ])('%s is refused with a SoatError', (_, input) => {
    expect(() => parseChatCompletionStream(input as unknown as Response)).toThrow(SoatError);
    expect(() => parseChatCompletionStream(input as unknown as Response)).toThrow(
      /expected a Response or a ReadableStream/,
    );
  });

  it.each([
    ['null', null],
    ['object', {}],
    ['string', 'x'],
  ])('names what it got instead: %s', (kind, input) => {
    expect(() => parseChatCompletionStream(input as unknown as Response)).toThrow(
      new SoatError(
        `parseChatCompletionStream: expected a Response or a ReadableStream, got ${kind}`,
      ),
    );
  });

  it('a ReadableStream body is read', async () => {
    const body = new Response('data: {"choices":[{"delta":{"content":"A"}}]}\n\ndata: [DONE]\n\n')
      .body;
    expect(await parseChatCompletionStream(body as ReadableStream<Uint8Array>).text()).toBe('A');
  });
});

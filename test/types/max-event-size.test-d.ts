// Issue 20 #2: `maxEventSize` on the client and on parseChatCompletionStream.
import { describe, expectTypeOf, it } from 'vitest';
import { describeError, parseChatCompletionStream, SoatClient } from '../../src/index.js';

describe('maxEventSize', () => {
  it('is a number option of the client', () => {
    new SoatClient({ baseUrl: 'https://api.example.com', token: 't', maxEventSize: 1_000_000 });
    // @ts-expect-error: a size is a number of characters
    new SoatClient({ baseUrl: 'https://api.example.com', token: 't', maxEventSize: '1MB' });
  });

  it('is a number option of parseChatCompletionStream', () => {
    parseChatCompletionStream(new Response(''), { maxEventSize: 1024 });
    // @ts-expect-error: a size is a number of characters
    parseChatCompletionStream(new Response(''), { maxEventSize: '1MB' });
  });
});

describe('describeError', () => {
  it('takes an optional scrubber and returns a string', () => {
    expectTypeOf(describeError({ error: 'x' }, (text) => text)).toEqualTypeOf<string>();
    // @ts-expect-error: the scrubber is a function of a string
    describeError({ error: 'x' }, 'token');
  });
});

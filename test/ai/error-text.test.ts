import { SoatConnectionError, SoatStreamError, SoatTimeoutError } from '@soat/sdk';
import { describe, expect, it } from 'vitest';
import { errorTextOf } from '../../src/ai/error-text.js';

describe('errorTextOf (the errorText a page sees)', () => {
  it('says what failed, without the request line naming the upstream path', () => {
    const failure = new SoatStreamError(
      'POST /soat/api/v1/chats/completions: the stream ended before [DONE]; the answer is incomplete',
      { partialText: 'Half' },
    );
    expect(errorTextOf(failure)).toBe(
      'The answer failed part-way: the stream ended before [DONE]; the answer is incomplete',
    );
  });

  it('hides tokens, API keys and URLs the message quotes', () => {
    const failure = new SoatConnectionError(
      'POST /api/v1/chats/completions: refused by https://internal.example/x?key=1 for Bearer abc.def and sk_live_123 and eyJhbGciOi.eyJzdWIi.c2ln',
    );
    const text = errorTextOf(failure);
    expect(text).toBe(
      'The answer failed: refused by <url> for <redacted> and <redacted> and <redacted>',
    );
  });

  it('neutralises control characters and caps a long message', () => {
    const failure = new SoatStreamError(`x: \u001b[31mred\u2028${'a'.repeat(1000)}`, {
      partialText: '',
    });
    const text = errorTextOf(failure);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u2028');
    expect(text.length).toBeLessThan(340);
    expect(text.endsWith('…')).toBe(true);
  });

  it('reads a stall as a failure part-way', () => {
    const failure = new SoatTimeoutError('POST /api/v1/chats/completions: no data for 5 ms', {
      partialText: 'x',
    });
    expect(errorTextOf(failure)).toBe('The answer failed: no data for 5 ms');
  });

  it('reads an abort as a stop', () => {
    expect(errorTextOf(new DOMException('gone', 'AbortError'))).toBe(
      'The answer was stopped before it was complete.',
    );
  });

  it("says only that the answer failed for an error that is not the SDK's", () => {
    expect(errorTextOf(new TypeError('secret internals at /srv/app.js'))).toBe(
      'The answer failed.',
    );
    expect(errorTextOf(undefined)).toBe('The answer failed.');
  });
});

// What the option checks and the debug log pin down (issue 15).
import { describe, expect, it } from 'vitest';
import { normaliseBaseUrl } from '../../src/core/base-url.js';
import { checkOptions } from '../../src/core/check-options.js';
import { toHeaders } from '../../src/core/headers.js';
import { createLog } from '../../src/core/log.js';
import { SoatError } from '../../src/errors.js';

describe('normaliseBaseUrl', () => {
  it('refuses a URL object with a SoatError, as it takes only a string', () => {
    expect(() => normaliseBaseUrl(new URL('https://api.example.com'))).toThrow(SoatError);
  });

  it('refuses a scheme that merely ends in http', () => {
    expect(() => normaliseBaseUrl('xhttp://api.example.com')).toThrow(SoatError);
  });
});

describe('checkOptions', () => {
  const shape = { name: 'sendMessage', path: ['chat_id'], body: true };

  it('names both path and body when the options are missing', () => {
    expect(() => checkOptions(shape, undefined)).toThrow(
      'sendMessage: expected an options object with `path` and `body`, got undefined',
    );
  });

  it('names the kind of a path id that is not a string, without quoting it', () => {
    expect(() => checkOptions(shape, { path: { chat_id: 5 }, body: {} })).toThrow(
      /`path.chat_id` is required, .*; got number$/,
    );
  });

  it('requires the body of an operation that needs one', () => {
    expect(() => checkOptions({ name: 'createChat', body: true }, {})).toThrow(
      'createChat: `body` is required, as an object; got undefined',
    );
  });
});

describe('toHeaders', () => {
  it('reads null as no headers', () => {
    expect([...toHeaders(null, 'SoatClient')]).toEqual([]);
  });
});

describe('the log', () => {
  function debugLines() {
    const lines: string[] = [];
    const log = createLog({ logger: (line) => lines.push(line), logLevel: 'debug' }, 'sk_secret');
    return { lines, log };
  }

  it('names logLevel, not SOAT_LOG, for a bad logLevel option', () => {
    const logLevel = 'loud' as unknown as 'info';
    expect(() => createLog({ logLevel }, 'sk_secret')).toThrow(
      'SoatClient: `logLevel` must be off, info or debug, got "loud".',
    );
  });

  it('writes a body’s bare newlines as \\n at debug', async () => {
    const { lines, log } = debugLines();
    const fetch = log.wrapFetch(
      async () => new Response('{}', { headers: { 'content-type': 'application/json' } }),
    );
    await fetch(new Request('https://x.test/a', { method: 'POST', body: 'a\nb' }));
    expect(lines[0]).toBe(
      'POST /a request headers {"content-type":"text/plain;charset=UTF-8"} body a\\nb',
    );
  });

  it('logs a body of exactly 2,000 characters whole', async () => {
    const { lines, log } = debugLines();
    const fetch = log.wrapFetch(
      async () => new Response('{}', { headers: { 'content-type': 'application/json' } }),
    );
    await fetch(new Request('https://x.test/a', { method: 'POST', body: 'x'.repeat(2000) }));
    expect(lines[0]?.endsWith(` body ${'x'.repeat(2000)}`)).toBe(true);
  });
});

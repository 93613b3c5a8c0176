import { describe, expect, it } from 'vitest';
import { SoatError } from '../../src/errors.js';
import { createSoatBackend, createSoatMock, type ReplyScript } from '../../src/mock/index.js';

/** A fresh mock, so a refused script can be shown to leave the queue empty. */
const fresh = () => createSoatMock();

describe('mock.reply() refuses a script it cannot answer as documented, at the call', () => {
  it.each<[string, unknown, RegExp]>([
    ['pieces as a string', { pieces: 'abc' }, /pieces must be an array of strings, got "abc"/],
    ['pieces of numbers', { pieces: [1, 2] }, /pieces must be an array of strings, got \[1,2\]/],
    ['a negative failAfter', { failAfter: -1 }, /failAfter must be a whole number from 0, got -1/],
    ['a fractional failAfter', { failAfter: 1.5 }, /failAfter must be a whole number from 0/],
    ['a number as error', { error: 5 }, /error must be a string or \{ code, message \}/],
    ['an error without a message', { error: { code: 'X' } }, /error must be a string or/],
    ['an error with a number code', { error: { code: 1, message: 'm' } }, /error must be/],
    ['text that is not a string', { text: 42 }, /text must be a string, got 42/],
    [
      'NaN as pauseMs',
      { pauseMs: Number.NaN },
      /pauseMs must be a number of milliseconds from 0, got NaN/,
    ],
    [
      'a typo in a field name',
      { piece: ['a'] },
      /unknown field "piece"; a completion script takes text, pieces/,
    ],
    [
      'a completion field on an HTTP script',
      { status: 500, pieces: ['a'] },
      /unknown field "pieces"; an HTTP script/,
    ],
    [
      'a header value with CR LF',
      { status: 200, headers: { 'X-A': 'a\r\nSet-Cookie: x=1' } },
      /header X-A must be a string without CR, LF or NUL/,
    ],
    ['a header value with a bare LF', { status: 200, headers: { 'X-A': 'a\nb' } }, /header X-A/],
    [
      'a header name with a space',
      { status: 200, headers: { 'Retry After': '1' } },
      /header name "Retry After" is not a valid token/,
    ],
    [
      'a header value that is a number',
      { status: 429, headers: { 'Retry-After': 1 } },
      /header Retry-After must be a string/,
    ],
    ['headers as an array', { status: 200, headers: [['a', 'b']] }, /headers must be an object/],
    [
      'a body JSON cannot carry',
      { status: 200, body: () => 1 },
      /body is neither a string nor JSON-serialisable/,
    ],
    ['an array as the script', [], /takes a script object/],
  ])('refuses %s with a SoatError', (_name, script, message) => {
    const mock = fresh();
    expect(() => mock.reply(script as ReplyScript)).toThrow(SoatError);
    expect(() => mock.reply(script as ReplyScript)).toThrow(message);
  });

  it('queues nothing when it refuses a script: the next completion gets the default answer', async () => {
    const backend = createSoatBackend();
    expect(() => backend.reply({ pieces: 'abc' } as unknown as ReplyScript)).toThrow(SoatError);
    const response = await backend.handle(
      new Request('http://soat.test/api/v1/chats/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer sk_x', 'content-type': 'application/json' },
        body: JSON.stringify({
          ai_provider_id: 'aip_1',
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      }),
    );
    expect((await response.json()).choices[0].message.content).toBe('You said: Hi');
  });

  it.each<[string, ReplyScript]>([
    ['text', { text: 'Hi' }],
    ['pieces, failAfter and a string error', { pieces: ['a', 'b'], failAfter: 1, error: 'boom' }],
    ['failAfter 0 and a coded error', { failAfter: 0, error: { code: 'DOWN', message: 'Gone' } }],
    [
      'an HTTP script with headers and a JSON body',
      { status: 429, headers: { 'Retry-After': '1' }, body: { error: 'x' } },
    ],
    ['an HTTP script with a Latin-1 header value', { status: 200, headers: { 'X-Name': 'café' } }],
  ])('accepts %s', (_name, script) => {
    expect(() => fresh().reply(script)).not.toThrow();
  });
});

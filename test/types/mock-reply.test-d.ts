import * as mockEntry from '@soat/sdk/mock';
import { createSoatMock, type ReplyScript } from '@soat/sdk/mock';
import { startSoatMockServer } from '@soat/sdk/mock-server';
import { describe, expectTypeOf, test } from 'vitest';

const mock = createSoatMock({ pauseMs: 20 });

describe('mock.reply() forms', () => {
  test('an error event may be text or { code, message }', () => {
    mock.reply({ error: 'boom' });
    mock.reply({ failAfter: 1, error: { code: 'PROVIDER_DOWN', message: 'Gone' } });
    // @ts-expect-error a code is a string
    mock.reply({ error: { code: 1, message: 'Gone' } });
    // @ts-expect-error an object error needs its message
    mock.reply({ error: { code: 'PROVIDER_DOWN' } });
  });

  test('an HTTP answer takes status, headers, body and times', () => {
    mock.reply({ status: 429, headers: { 'Retry-After': '1' } });
    mock.reply({ status: 503, times: 3 });
    mock.reply({ status: 502, headers: { 'Content-Type': 'text/html' }, body: '<h1>Bad</h1>' });
    mock.reply({ status: 400, body: { error: 'bad' } });
    // @ts-expect-error a status is a number
    mock.reply({ status: '503' });
    // @ts-expect-error header values are strings
    mock.reply({ status: 429, headers: { 'Retry-After': 1 } });
  });

  test('times applies to a completion script too', () => {
    mock.reply({ text: 'again', times: 2 });
    expectTypeOf<{ text: 'x'; times: 2 }>().toExtend<ReplyScript>();
  });

  test('the node:http server takes a default pause as well', () => {
    expectTypeOf(startSoatMockServer).toBeCallableWith({ pauseMs: 50, token: 't', port: 0 });
  });

  test('@soat/sdk/mock has no node:http server (that is @soat/sdk/mock-server)', () => {
    // @ts-expect-error not exported from the browser-safe entry
    mockEntry.startSoatMockServer;
  });
});

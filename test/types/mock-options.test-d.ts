import { createSoatMock, SYSTEM_MESSAGE_HEADER } from '@soat/sdk/mock';
import {
  SYSTEM_MESSAGE_HEADER as SERVER_SYSTEM_MESSAGE_HEADER,
  startSoatMockServer,
} from '@soat/sdk/mock-server';
import { describe, expectTypeOf, test } from 'vitest';

describe('mock options for a SOAT version and its providers', () => {
  test('createSoatMock takes serverVersion and aiProviders', () => {
    createSoatMock({ serverVersion: '0.28.0', aiProviders: ['aip_1'] });
    createSoatMock({ aiProviders: ['aip_1'] as readonly string[] });
    // @ts-expect-error a version is a string such as '0.28.0'
    createSoatMock({ serverVersion: 0.28 });
    // @ts-expect-error provider ids are strings
    createSoatMock({ aiProviders: [1] });
  });

  test('startSoatMockServer takes serverVersion, aiProviders and maxBodyBytes', () => {
    void startSoatMockServer({
      serverVersion: '0.16.0',
      aiProviders: ['aip_1'],
      maxBodyBytes: 1024,
    });
    // @ts-expect-error maxBodyBytes is a number of bytes
    void startSoatMockServer({ maxBodyBytes: '1mb' });
  });

  test('the applied system prompt header name is exported by both entries', () => {
    expectTypeOf(SYSTEM_MESSAGE_HEADER).toEqualTypeOf<'X-Soat-Mock-System-Message'>();
    expectTypeOf(SERVER_SYSTEM_MESSAGE_HEADER).toEqualTypeOf<'X-Soat-Mock-System-Message'>();
  });

  test('a recorded completion carries the applied system prompt', () => {
    const mock = createSoatMock();
    expectTypeOf(mock.state.completions[0]?.systemMessage).toEqualTypeOf<
      string | null | undefined
    >();
  });
});

// vitest setupFile of the `msw` project: one mock SOAT server for every test file, reset after
// each test. Tests import what they need: `import { server, mock } from '../setup.js'`.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSoatMock } from '../src/mock/index.js';

/** The host the mock answers for. */
export const BASE_URL = 'http://soat.test';

/** The only bearer token the mock accepts. */
export const TOKEN = 'sk_test';

/** The in-memory backend: `mock.state`, `mock.reply()`, `mock.seedDocument()`. */
export const mock = createSoatMock({ baseUrl: BASE_URL, token: TOKEN });

/** The msw server; a test that needs other behaviour calls `server.use()`. */
export const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

afterEach(() => {
  server.resetHandlers();
  mock.reset();
});

afterAll(() => server.close());

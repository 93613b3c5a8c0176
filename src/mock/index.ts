/**
 * `@soat/sdk/mock`: an in-memory SOAT Chats backend for tests, as msw handlers
 * ({@link createSoatMock}) for `setupServer` in Node or `setupWorker` in a browser. It imports
 * no Node built-in; the node:http server is `@soat/sdk/mock-server`.
 */
import type { RequestHandler } from 'msw';
import { createSoatBackend } from './backend.js';
import type { SYSTEM_MESSAGE_HEADER } from './completions.js';
import { createSoatHandlers, DEFAULT_BASE_URL } from './handlers.js';
import type { SoatBackendControls, SoatBackendOptions } from './types.js';

export { createSoatBackend, type SoatBackend } from './backend.js';
export { SYSTEM_MESSAGE_HEADER } from './completions.js';
export { DEFAULT_BASE_URL } from './handlers.js';
export { DEFAULT_MODEL } from './model.js';
export type {
  CompletionOutcome,
  CompletionScript,
  HttpReplyScript,
  MockChat,
  MockChatMessage,
  RecordedCompletion,
  RecordedRequest,
  ReplyScript,
  ResolvedMessage,
  ScriptedError,
  SoatBackendControls,
  SoatBackendOptions,
  SoatMockState,
} from './types.js';

/** Options of {@link createSoatMock}. */
export interface SoatMockOptions extends SoatBackendOptions {
  /**
   * The server URL the handlers answer for, as given to the client: with or without a path
   * prefix (`http://soat.test/soat`) and a trailing slash. @defaultValue `'http://soat.test'`
   */
  baseUrl?: string | undefined;
}

/** A mock SOAT server as msw handlers, and its controls. */
export interface SoatMock extends SoatBackendControls {
  /** msw handlers for `${baseUrl}/api/v1/*`. */
  handlers: RequestHandler[];
}

/**
 * Creates an in-memory SOAT Chats backend served through msw handlers. It answers with the
 * real server's bytes: JSON errors of both shapes, SSE streams ending in `data: [DONE]`, and
 * not-found errors inside a `200` stream. Without `serverVersion` it plays the documented API
 * (0.12.x) and validates requests against openapi.yaml; with one (`'0.28.0'`) it plays that
 * server: its routes, field names, list shape, refusals and error bodies, and what it silently
 * ignores. The system prompt it applied is in `state.completions[n].systemMessage` and in the
 * answer's {@link SYSTEM_MESSAGE_HEADER}.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createSoatMock } from '@soat/sdk/mock';
 *
 * const mock = createSoatMock({ baseUrl: 'http://soat.test', token: 'sk_test' });
 * const server = setupServer(...mock.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * mock.reply({ pieces: ['Hel', 'lo'], failAfter: 1, error: 'boom' }); // the next completion fails
 * ```
 * @param options - baseUrl, token, known AI providers, seeded documents, default pause, the SOAT
 *   version to play
 * @returns the handlers and controls
 * @throws `SoatError` when `pauseMs` is not a number of milliseconds from 0, or `serverVersion`
 *   is not a version such as `0.28.0`
 */
export function createSoatMock(options: SoatMockOptions = {}): SoatMock {
  const { baseUrl = DEFAULT_BASE_URL, ...backendOptions } = options;
  const backend = createSoatBackend(backendOptions);
  return {
    handlers: createSoatHandlers(backend, baseUrl),
    state: backend.state,
    reply: backend.reply,
    reset: backend.reset,
    seedDocument: backend.seedDocument,
  };
}

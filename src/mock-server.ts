/**
 * `@soat/sdk/mock-server`: the in-memory SOAT Chats backend over node:http. It does not load
 * msw, so it works where msw is not installed (e.g. to serve a browser or another process).
 */
export { SYSTEM_MESSAGE_HEADER } from './mock/completions.js';
export {
  type SoatMockServer,
  type SoatMockServerOptions,
  startSoatMockServer,
} from './mock/server.js';
export type {
  CompletionOutcome,
  CompletionScript,
  HttpReplyScript,
  MockChat,
  RecordedCompletion,
  RecordedRequest,
  ReplyScript,
  ResolvedMessage,
  ScriptedError,
  SoatBackendOptions,
  SoatMockState,
} from './mock/types.js';

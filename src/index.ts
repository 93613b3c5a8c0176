export type { SoatClientOptions } from './client.js';
export { SoatClient } from './client.js';
export type {
  ChatConversationOptions,
  ConversationContent,
  ConversationOptions,
  ConversationSendOptions,
  StatelessConversationOptions,
} from './conversation.js';
export { Conversation } from './conversation.js';
export type { HeadersOption } from './core/headers.js';
export type { SoatLogLevel } from './core/log.js';
export type { RequestOptions, SoatResult } from './core/options.js';
export { describeError } from './describe-error.js';
export type { FailedResult } from './error-response.js';
export { toErrorResponse } from './error-response.js';
export {
  SoatApiError,
  SoatConnectionError,
  SoatError,
  SoatStreamError,
  SoatTimeoutError,
} from './errors.js';
export type {
  ChatOptions,
  Chats,
  CreateChatCompletionForChatOptions,
  CreateChatCompletionOptions,
  CreateChatOptions,
  ListChatsOptions,
} from './resources/chats.js';
export type { ChatCompletionStreamOptions } from './streaming/chat-completion-stream.js';
export { ChatCompletionStream } from './streaming/chat-completion-stream.js';
export type { ParseChatCompletionStreamOptions } from './streaming/parse.js';
export { parseChatCompletionStream } from './streaming/parse.js';
export type * from './types.js';
export { unwrap } from './unwrap.js';

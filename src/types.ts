/**
 * Public names for the shapes of the Chats API. Each is an alias of a schema generated from
 * openapi.yaml into `generated/schema.d.ts`; none is written by hand. The message types add
 * what the spec's `oneOf` says and openapi-typescript cannot: `content` and `document_id`
 * exclude each other.
 */
import type { components, operations } from '../generated/schema.js';

type Schemas = components['schemas'];

/** A stored configuration for per-chat completions. */
export type Chat = Schemas['Chat'];
/** `T` with `messages` holding {@link ChatMessage}s, whose two forms exclude each other. */
type WithChatMessages<T> = {
  [K in keyof T]: K extends 'messages' ? ChatMessage[] : T[K];
};

/** The body of `createChat`. */
export type CreateChatRequest = Schemas['CreateChatRequest'];
/** One message of a conversation: `content` or `document_id`, never both. */
export type ChatMessage = ChatContentMessage | ChatDocumentMessage;
/** A message whose body is text. */
export type ChatContentMessage = Schemas['ChatContentMessage'] & { document_id?: never };
/** A message whose body is a document's content, resolved by the server. */
export type ChatDocumentMessage = Schemas['ChatDocumentMessage'] & { content?: never };
/** `system`, `user` or `assistant`. */
export type ChatMessageRole = Schemas['ChatMessageRole'];
/** The body of a stateless completion (`createChatCompletion`). */
export type CreateChatCompletionRequest = WithChatMessages<Schemas['CreateChatCompletionRequest']>;
/** The body of a per-chat completion (`createChatCompletionForChat`). */
export type CreateChatCompletionForChatRequest = WithChatMessages<
  Schemas['CreateChatCompletionForChatRequest']
>;
/** A whole (non-streamed) completion. */
export type ChatCompletion = Schemas['ChatCompletion'];
/** One choice of a whole completion. */
export type ChatCompletionChoice = Schemas['ChatCompletionChoice'];
/** The assistant message of a whole completion. */
export type ChatCompletionMessage = Schemas['ChatCompletionMessage'];
/** The payload of one streamed event: `choices[0].delta.content` is the next piece of text. */
export type ChatCompletionChunk = Schemas['ChatCompletionChunk'];
/** One choice of a streamed chunk. */
export type ChatCompletionChunkChoice = Schemas['ChatCompletionChunkChoice'];
/** Every error body: `{ error: "text" }` or `{ error: { code, message, meta? } }`. */
export type ErrorResponse = Schemas['ErrorResponse'];
/** The object form of `ErrorResponse['error']`. */
export type ErrorDetail = Schemas['ErrorDetail'];
/** The query of `listChats`. */
export type ListChatsQuery = NonNullable<operations['listChats']['parameters']['query']>;
/** The path parameters of the operations on one chat. */
export type ChatPathParams = operations['getChat']['parameters']['path'];

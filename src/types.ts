/**
 * Public names for the shapes of the Chats API. Each is an alias of a schema generated from
 * openapi.yaml (the documented contract, SOAT 0.12) into `generated/schema.d.ts`, plus what the
 * newer generations added, from `openapi/0.28.yaml` (`generated/0.28/schema.d.ts`): the
 * `instructions` field and `chat_id` in a completion's body. The message and completion types
 * add what a `oneOf` says and openapi-typescript cannot: `content` and `document_id` exclude
 * each other, and so do `ai_provider_id` and `chat_id`.
 */
import type {
  components as Newest,
  operations as NewestOperations,
} from '../generated/0.28/schema.js';
import type { components, operations } from '../generated/schema.js';

type Schemas = components['schemas'];
type NewestSchemas = Newest['schemas'];

/**
 * A stored configuration for completions. It carries its system prompt under both names,
 * `system_message` (SOAT 0.12 – 0.22) and `instructions` (0.23 on), with the same value (`null`
 * when it has none), whichever the server sent (every SOAT server sends one of them).
 */
export type Chat = Schemas['Chat'] & {
  /** The chat's system prompt; the same as `system_message`. */
  instructions?: NewestSchemas['Chat']['instructions'];
};
/** The system prompt of a call under either name; giving both with different values is a `SoatError`. */
interface SystemPrompt {
  /** The system prompt (SOAT 0.12's name); the same as `instructions`. */
  system_message?: string | undefined;
  /** The system prompt (SOAT 0.23's name); the same as `system_message`. */
  instructions?: NewestSchemas['ProviderCompletionRequest']['instructions'] | undefined;
}
/** `T` with `messages` holding {@link ChatMessage}s, whose two forms exclude each other. */
type WithChatMessages<T> = {
  [K in keyof T]: K extends 'messages' ? ChatMessage[] : T[K];
};

/** The body of `createChat`: the system prompt as `system_message` or `instructions`. */
export type CreateChatRequest = Schemas['CreateChatRequest'] & SystemPrompt;
/** One message of a conversation: `content` or `document_id`, never both. */
export type ChatMessage = ChatContentMessage | ChatDocumentMessage;
/** A message whose body is text. */
export type ChatContentMessage = Schemas['ChatContentMessage'] & { document_id?: never };
/** A message whose body is a document's content, resolved by the server. */
export type ChatDocumentMessage = Schemas['ChatDocumentMessage'] & { content?: never };
/** `system`, `user` or `assistant`. */
export type ChatMessageRole = Schemas['ChatMessageRole'];
/**
 * The body of `createChatCompletion`: a stateless completion with `ai_provider_id`, or one on a
 * stored chat with `chat_id` (SOAT 0.23's form, sent the way each server expects), never both.
 * The system prompt may be `system_message`, `instructions`, or leading `system` messages.
 */
export type CreateChatCompletionRequest = ProviderCompletionRequest | ChatScopedCompletionRequest;
/** A stateless completion: the AI provider to call, named by `ai_provider_id`. */
export type ProviderCompletionRequest = WithChatMessages<
  Omit<Schemas['CreateChatCompletionRequest'], 'system_message'>
> &
  SystemPrompt & { chat_id?: never };
/** A completion with a stored chat's provider, model and system prompt, named by `chat_id`. */
export type ChatScopedCompletionRequest = WithChatMessages<
  Omit<NewestSchemas['ChatScopedCompletionRequest'], 'instructions'>
> &
  SystemPrompt & { ai_provider_id?: never };
/**
 * The body of a per-chat completion (`createChatCompletionForChat`). A system prompt given here
 * replaces the chat's own for this call.
 */
export type CreateChatCompletionForChatRequest = WithChatMessages<
  Schemas['CreateChatCompletionForChatRequest']
> &
  SystemPrompt;
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
/**
 * The query of `listChats`. `limit` (the server's default is 50) and `offset` page the list on
 * SOAT 0.15.13 and later; older servers ignore them and answer every chat.
 */
export type ListChatsQuery = NonNullable<NewestOperations['listChats']['parameters']['query']>;
/** The path parameters of the operations on one chat. */
export type ChatPathParams = operations['getChat']['parameters']['path'];

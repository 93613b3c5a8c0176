import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { checkOptions, type OperationShape } from '../core/check-options.js';
import type { RequestOptions, SoatResult } from '../core/options.js';
import type { Attempt, Transport } from '../core/transport.js';
import type { ChatCompletionStream } from '../streaming/chat-completion-stream.js';
import type {
  Chat,
  ChatCompletion,
  ChatPathParams,
  CreateChatCompletionForChatRequest,
  CreateChatCompletionRequest,
  CreateChatRequest,
  ListChatsQuery,
} from '../types.js';

/** `T` as a caller may write it: any array may be readonly, e.g. a body written `as const`. */
type Writable<T> = T extends readonly (infer U)[]
  ? readonly Writable<U>[]
  : T extends object
    ? { [K in keyof T]: Writable<T[K]> }
    : T;

/** Options of `createChat`. */
export interface CreateChatOptions extends RequestOptions {
  body: Writable<CreateChatRequest>;
}
/** Options of `listChats`. */
export interface ListChatsOptions extends RequestOptions {
  query?: ListChatsQuery | undefined;
}
/** Options of `getChat` and `deleteChat`. */
export interface ChatOptions extends RequestOptions {
  path: ChatPathParams;
}
/** Options of `createChatCompletion`; `Body` narrows `stream` to pick the result type. */
export interface CreateChatCompletionOptions<
  Body extends Writable<CreateChatCompletionRequest> = Writable<CreateChatCompletionRequest>,
> extends RequestOptions {
  body: Body;
}
/** Options of `createChatCompletionForChat`. */
export interface CreateChatCompletionForChatOptions<
  Body extends
    Writable<CreateChatCompletionForChatRequest> = Writable<CreateChatCompletionForChatRequest>,
> extends RequestOptions {
  path: ChatPathParams;
  body: Body;
}

type Streaming = { stream: true };
type NotStreaming = { stream?: false | undefined };
type CompletionBody = Writable<CreateChatCompletionRequest>;
type ForChatBody = Writable<CreateChatCompletionForChatRequest>;

const CREATE_CHAT: OperationShape = { name: 'createChat', body: true, answer: 'chat' };
const LIST_CHATS: OperationShape = { name: 'listChats', answer: 'chats' };
const GET_CHAT: OperationShape = { name: 'getChat', path: ['chat_id'], answer: 'chat' };
const DELETE_CHAT: OperationShape = { name: 'deleteChat', path: ['chat_id'] };
const CREATE_COMPLETION: OperationShape = {
  name: 'createChatCompletion',
  body: true,
  streams: true,
  answer: 'completion',
};
const CREATE_COMPLETION_FOR_CHAT: OperationShape = {
  name: 'createChatCompletionForChat',
  body: true,
  path: ['chat_id'],
  streams: true,
  answer: 'completion',
};

/**
 * The Chats API: `soat.chats.<operationId>(options)`. Every method resolves to
 * `{ data, error, response }` and never throws for an HTTP error status; see `SoatResult`.
 * With `body.stream: true` a completion's `data` is a `ChatCompletionStream`.
 */
export class Chats {
  readonly #api: Client<paths>;
  readonly #transport: Transport;

  /** @internal Built by `SoatClient`. */
  constructor(api: Client<paths>, transport: Transport) {
    this.#api = api;
    this.#transport = transport;
  }

  /** Creates a chat (`POST /api/v1/chats`). */
  createChat(options: CreateChatOptions): Promise<SoatResult<Chat>> {
    return this.#send(CREATE_CHAT, 'POST', options, (init) =>
      this.#api.POST('/api/v1/chats', { ...init, body: options.body as CreateChatRequest }),
    );
  }

  /** Lists chats, newest first (`GET /api/v1/chats`), optionally of one project. */
  listChats(options: ListChatsOptions = {}): Promise<SoatResult<Chat[]>> {
    return this.#send(LIST_CHATS, 'GET', options, (init) =>
      this.#api.GET('/api/v1/chats', { ...init, params: { query: options?.query ?? {} } }),
    );
  }

  /** Gets one chat (`GET /api/v1/chats/{chat_id}`). */
  getChat(options: ChatOptions): Promise<SoatResult<Chat>> {
    return this.#send(GET_CHAT, 'GET', options, (init) =>
      this.#api.GET('/api/v1/chats/{chat_id}', { ...init, params: { path: options.path } }),
    );
  }

  /** Deletes one chat (`DELETE /api/v1/chats/{chat_id}`); `data` is `undefined`. */
  deleteChat(options: ChatOptions): Promise<SoatResult<undefined>> {
    return this.#send(DELETE_CHAT, 'DELETE', options, (init) =>
      this.#api.DELETE('/api/v1/chats/{chat_id}', { ...init, params: { path: options.path } }),
    );
  }

  /**
   * Runs a stateless completion (`POST /api/v1/chats/completions`) with the provider given in
   * the body. With `stream: true`, `data` is a `ChatCompletionStream`; the call resolves once
   * the first event arrived, and a missing provider reported inside the stream comes back as
   * `error`.
   */
  createChatCompletion(
    options: CreateChatCompletionOptions<CompletionBody & Streaming>,
  ): Promise<SoatResult<ChatCompletionStream>>;
  createChatCompletion(
    options: CreateChatCompletionOptions<CompletionBody & NotStreaming>,
  ): Promise<SoatResult<ChatCompletion>>;
  createChatCompletion(
    options: CreateChatCompletionOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>>;
  createChatCompletion(
    options: CreateChatCompletionOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    return this.#send(CREATE_COMPLETION, 'POST', options, (init) =>
      this.#api.POST('/api/v1/chats/completions', {
        ...init,
        body: options.body as CreateChatCompletionRequest,
      }),
    );
  }

  /**
   * Runs a completion with a chat's provider, system message and model
   * (`POST /api/v1/chats/{chat_id}/completions`). A `system` message in `messages` replaces the
   * chat's system message for this call only. Streams like `createChatCompletion`.
   */
  createChatCompletionForChat(
    options: CreateChatCompletionForChatOptions<ForChatBody & Streaming>,
  ): Promise<SoatResult<ChatCompletionStream>>;
  createChatCompletionForChat(
    options: CreateChatCompletionForChatOptions<ForChatBody & NotStreaming>,
  ): Promise<SoatResult<ChatCompletion>>;
  createChatCompletionForChat(
    options: CreateChatCompletionForChatOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>>;
  createChatCompletionForChat(
    options: CreateChatCompletionForChatOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    return this.#send(CREATE_COMPLETION_FOR_CHAT, 'POST', options, (init) =>
      this.#api.POST('/api/v1/chats/{chat_id}/completions', {
        ...init,
        params: { path: options.path },
        body: options.body as CreateChatCompletionForChatRequest,
      }),
    );
  }

  /**
   * Checks the options, then sends the call: bad options (from plain JavaScript, say) reject
   * the returned promise with a `SoatError` and send nothing; no method throws synchronously.
   */
  async #send<T>(
    shape: OperationShape,
    method: string,
    options: RequestOptions & { body?: object },
    attempt: Attempt,
  ): Promise<SoatResult<T>> {
    checkOptions(shape, options);
    const stream = shape.streams === true && (options.body as { stream?: unknown }).stream === true;
    return this.#transport(method, options, stream, attempt, shape.answer);
  }
}

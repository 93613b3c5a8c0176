import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { checkOptions, type OperationShape } from '../core/check-options.js';
import type { RequestOptions, SoatResult } from '../core/options.js';
import type { Detect, Plan } from '../core/server-detection.js';
import type { Generation } from '../core/server-generations.js';
import { placePrompt, promptOf } from '../core/system-prompt.js';
import type { Transport } from '../core/transport.js';
import { SoatError } from '../errors.js';
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

/** The page `limit` / `offset` ask for, cut from a whole list (a server that does not page). */
function pageOf(chats: Chat[], query: ListChatsOptions['query']): Chat[] {
  const offset = Number(query?.offset ?? 0);
  return query?.limit === undefined && !offset
    ? chats
    : chats.slice(offset, query?.limit === undefined ? undefined : offset + Number(query.limit));
}

/**
 * A chat as any generation sends it, with its prompt under both names: every SOAT server sends
 * one of them (`null` for none). A chat with neither (a test's stand-in) is left as it is.
 */
function bothPrompts(chat: Chat): Chat {
  // `null` is a prompt's value too: "none".
  const prompt = chat.instructions === undefined ? chat.system_message : chat.instructions;
  return prompt === undefined ? chat : { ...chat, system_message: prompt, instructions: prompt };
}

/** A completion's path and body for `generation`; `chat_id` picks a chat's completion. */
function completionPlan(body: object, generation: Generation, who: string): Plan {
  const { chat_id, ...rest } = placePrompt(body, generation, who) as { chat_id?: string };
  if (chat_id === undefined) return { path: generation.completions, body: rest };
  if ((rest as { ai_provider_id?: unknown }).ai_provider_id !== undefined) {
    throw new SoatError(`${who}: pass \`ai_provider_id\` or \`chat_id\`, not both`);
  }
  return generation.instructions
    ? { path: generation.completions, body: { chat_id, ...rest } }
    : { path: `${CHAT}/completions`, chat_id, body: rest };
}

const CHATS = '/api/v1/chats';
const CHAT = '/api/v1/chats/{chat_id}';

/**
 * The Chats API: `soat.chats.<operationId>(options)`. Every method resolves to
 * `{ data, error, response }` and never throws for an HTTP error status; see `SoatResult`.
 * With `body.stream: true` a completion's `data` is a `ChatCompletionStream`.
 *
 * Calls are sent the way the server's SOAT generation takes them (see `serverVersion`): the
 * routes, the system prompt's name and place, the list's shape.
 */
export class Chats {
  readonly #api: Client<paths>;
  readonly #transport: Transport;
  readonly #detect: Detect;

  /** @internal Built by `SoatClient`. */
  constructor(api: Client<paths>, transport: Transport, detect: Detect) {
    this.#api = api;
    this.#transport = transport;
    this.#detect = detect;
  }

  /**
   * Creates a chat (`POST /api/v1/chats`). Its system prompt may be given as `system_message`
   * or `instructions`; the answer carries it under both.
   * @throws (rejects with) `SoatError`, before sending, when the prompt's two names differ.
   */
  createChat(options: CreateChatOptions): Promise<SoatResult<Chat>> {
    return this.#call(
      CREATE_CHAT,
      'POST',
      options,
      (generation) => {
        const prompt = promptOf(options.body, CREATE_CHAT.name);
        const { system_message, instructions, ...rest } = options.body;
        const name = generation.instructions ? 'instructions' : 'system_message';
        return { path: CHATS, body: { ...rest, [name]: prompt } };
      },
      bothPrompts,
    );
  }

  /**
   * Lists chats, newest first (`GET /api/v1/chats`), optionally of one project, always as an
   * array. From SOAT 0.15.13 the server answers one page (`limit`, default 50, from `offset`):
   * ask for the next with `offset`. Older servers answer every chat; the client then cuts the
   * page `limit` and `offset` ask for itself, so a paging loop ends on every version.
   */
  listChats(options: ListChatsOptions = {}): Promise<SoatResult<Chat[]>> {
    return this.#call(
      LIST_CHATS,
      'GET',
      options,
      () => ({ path: CHATS }),
      (list: unknown) =>
        (Array.isArray(list)
          ? pageOf(list as Chat[], options.query)
          : (list as { data: Chat[] }).data
        ).map(bothPrompts),
    );
  }

  /** Gets one chat (`GET /api/v1/chats/{chat_id}`). */
  getChat(options: ChatOptions): Promise<SoatResult<Chat>> {
    return this.#call(
      GET_CHAT,
      'GET',
      options,
      () => ({ path: CHAT, chat_id: options.path.chat_id }),
      bothPrompts,
    );
  }

  /** Deletes one chat (`DELETE /api/v1/chats/{chat_id}`); `data` is `undefined`. */
  deleteChat(options: ChatOptions): Promise<SoatResult<undefined>> {
    return this.#call(DELETE_CHAT, 'DELETE', options, () => ({
      path: CHAT,
      chat_id: options.path.chat_id,
    }));
  }

  /**
   * Runs a completion: stateless with the provider given as `ai_provider_id`, or with a stored
   * chat's provider, prompt and model given as `chat_id` (as `createChatCompletionForChat`).
   * The system prompt (`system_message`, `instructions` or leading `system` messages) is sent
   * where the server reads it. With `stream: true`, `data` is a `ChatCompletionStream`; the call
   * resolves once the first event arrived, and a missing provider or chat reported inside the
   * stream comes back as `error`.
   * @throws (rejects with) `SoatError`, before sending, when the prompt's two names differ, both
   * `ai_provider_id` and `chat_id` are given, or the server cannot take a `system` message
   * where it stands (SOAT 0.23 and later, after a `user` or `assistant` message).
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
    return this.#call(CREATE_COMPLETION, 'POST', options, (generation) =>
      completionPlan(options.body, generation, CREATE_COMPLETION.name),
    );
  }

  /**
   * Runs a completion with a chat's provider, system prompt and model. A system prompt given
   * here (`system_message`, `instructions` or leading `system` messages) replaces the chat's
   * for this call only. Streams like `createChatCompletion`, and throws as it does.
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
    return this.#call(CREATE_COMPLETION_FOR_CHAT, 'POST', options, (generation) =>
      completionPlan(
        { ...options.body, chat_id: options.path.chat_id },
        generation,
        CREATE_COMPLETION_FOR_CHAT.name,
      ),
    );
  }

  /**
   * Checks the options, then sends the call as the server's generation takes it (`planFor`),
   * and hands a 2xx answer's data to `shape` when given. Bad options (from plain JavaScript,
   * say) reject the returned promise with a `SoatError` and send nothing; no method throws
   * synchronously.
   */
  async #call<T>(
    operation: OperationShape,
    method: string,
    options: RequestOptions & { query?: object | undefined; body?: object },
    planFor: (generation: Generation) => Plan,
    shape?: (data: T) => T,
  ): Promise<SoatResult<T>> {
    checkOptions(operation, options);
    const stream =
      operation.streams === true && (options.body as { stream?: unknown }).stream === true;
    const api = this.#api as unknown as Record<string, LooseCall>;
    const result = await this.#detect<T>(
      planFor,
      (plan) =>
        this.#transport(
          method,
          options,
          stream,
          (init) =>
            (api[method] as LooseCall)(plan.path, {
              ...init,
              params: { path: { chat_id: plan.chat_id }, query: options.query },
              body: plan.body,
            }),
          operation.answer,
        ),
      options.signal,
    );
    return result.data && shape ? { data: shape(result.data), response: result.response } : result;
  }
}

/** openapi-fetch's call for a path it does not know the type of (a newer generation's). */
type LooseCall = (
  path: string,
  init: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

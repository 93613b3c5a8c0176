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

/**
 * A chat as any generation sends it, with its prompt under both names: every SOAT server sends
 * one of them (`null` for none). A chat with neither (a test's stand-in) is left as it is.
 */
function bothPrompts(chat: Chat): Chat {
  if (!('instructions' in chat || 'system_message' in chat)) return chat;
  const prompt = chat.instructions ?? chat.system_message ?? null;
  return { ...chat, system_message: prompt, instructions: prompt };
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
    : { path: '/api/v1/chats/{chat_id}/completions', chat_id, body: rest };
}

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
   */
  async createChat(options: CreateChatOptions): Promise<SoatResult<Chat>> {
    checkOptions(CREATE_CHAT, options);
    const { system_message, instructions, ...rest } = options.body as CreateChatRequest;
    const prompt = promptOf({ system_message, instructions }, CREATE_CHAT.name);
    return this.#chat(
      await this.#detect<Chat>(
        (generation) => ({
          path: '/api/v1/chats',
          body: { ...rest, [generation.instructions ? 'instructions' : 'system_message']: prompt },
        }),
        (plan) => this.#send(CREATE_CHAT, 'POST', options, plan),
      ),
    );
  }

  /**
   * Lists chats, newest first (`GET /api/v1/chats`), optionally of one project, always as an
   * array. From SOAT 0.15.13 the server answers one page (`limit`, default 50, from `offset`):
   * ask for the next with `offset`; older servers answer every chat and ignore both.
   */
  async listChats(options: ListChatsOptions = {}): Promise<SoatResult<Chat[]>> {
    checkOptions(LIST_CHATS, options);
    const result = await this.#send<Chat[] | { data: Chat[] }>(LIST_CHATS, 'GET', options, {
      path: '/api/v1/chats',
    });
    if (result.data) {
      const list = Array.isArray(result.data) ? result.data : result.data.data;
      return { data: list.map(bothPrompts), response: result.response };
    }
    return result as SoatResult<Chat[]>;
  }

  /** Gets one chat (`GET /api/v1/chats/{chat_id}`). */
  async getChat(options: ChatOptions): Promise<SoatResult<Chat>> {
    checkOptions(GET_CHAT, options);
    return this.#chat(
      await this.#send(GET_CHAT, 'GET', options, {
        path: '/api/v1/chats/{chat_id}',
        chat_id: options.path.chat_id,
      }),
    );
  }

  /** Deletes one chat (`DELETE /api/v1/chats/{chat_id}`); `data` is `undefined`. */
  async deleteChat(options: ChatOptions): Promise<SoatResult<undefined>> {
    checkOptions(DELETE_CHAT, options);
    return this.#send(DELETE_CHAT, 'DELETE', options, {
      path: '/api/v1/chats/{chat_id}',
      chat_id: options.path.chat_id,
    });
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
  async createChatCompletion(
    options: CreateChatCompletionOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    checkOptions(CREATE_COMPLETION, options);
    return this.#complete(CREATE_COMPLETION, options, options.body);
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
  async createChatCompletionForChat(
    options: CreateChatCompletionForChatOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    checkOptions(CREATE_COMPLETION_FOR_CHAT, options);
    return this.#complete(CREATE_COMPLETION_FOR_CHAT, options, {
      ...options.body,
      chat_id: options.path.chat_id,
    });
  }

  #complete(
    shape: OperationShape,
    options: RequestOptions,
    body: object,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    return this.#detect(
      (generation) => completionPlan(body, generation, shape.name),
      (plan) => this.#send(shape, 'POST', options, plan),
    );
  }

  /** A chat's answer with both names of its prompt filled in. */
  #chat(result: SoatResult<Chat>): SoatResult<Chat> {
    return result.data ? { data: bothPrompts(result.data), response: result.response } : result;
  }

  /** Sends one plan of a checked call through the transport. */
  #send<T>(
    shape: OperationShape,
    method: string,
    options: RequestOptions & { query?: object | undefined; body?: object },
    plan: Plan,
  ): Promise<SoatResult<T>> {
    const stream = shape.streams === true && (options.body as { stream?: unknown }).stream === true;
    const api = this.#api as unknown as Record<string, LooseCall>;
    return this.#transport(
      method,
      options,
      stream,
      (init) =>
        (api[method] as LooseCall)(plan.path, {
          ...init,
          params: { path: { chat_id: plan.chat_id }, query: options.query },
          body: plan.body,
        }),
      shape.answer,
    );
  }
}

/** openapi-fetch's call for a path it does not know the type of (a newer generation's). */
type LooseCall = (
  path: string,
  init: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

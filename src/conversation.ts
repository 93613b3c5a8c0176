import { isBranded } from './core/brand.js';
import type { RequestOptions, SoatResult } from './core/options.js';
import { promptOf } from './core/system-prompt.js';
import { SoatError } from './errors.js';
import type { Chats } from './resources/chats.js';
import { type ChatCompletionStream, whenComplete } from './streaming/chat-completion-stream.js';
import type {
  ChatCompletion,
  ChatMessage,
  CreateChatCompletionForChatRequest,
  CreateChatCompletionRequest,
} from './types.js';

/** Options of `new Conversation()` for a stored chat: its provider, system message and model. */
export interface ChatConversationOptions {
  /** The chat whose completions the conversation runs (`createChatCompletionForChat`). */
  chat_id: string;
  /** A system prompt for every turn, in place of the chat's own; same as `instructions`. */
  system_message?: string | undefined;
  /** A system prompt for every turn, in place of the chat's own; same as `system_message`. */
  instructions?: string | undefined;
  /** Model override for every turn. */
  model?: string | undefined;
  /** The history to start from, e.g. restored from storage. */
  messages?: readonly ChatMessage[] | undefined;
  ai_provider_id?: never;
}

/** Options of `new Conversation()` for stateless completions (`createChatCompletion`). */
export interface StatelessConversationOptions {
  /** The AI provider every turn calls. */
  ai_provider_id: string;
  /** The system prompt of every turn; same as `instructions`. */
  system_message?: string | undefined;
  /** The system prompt of every turn; same as `system_message`. */
  instructions?: string | undefined;
  /** Model override for every turn. */
  model?: string | undefined;
  /** The history to start from, e.g. restored from storage. */
  messages?: readonly ChatMessage[] | undefined;
  chat_id?: never;
}

/** Options of `new Conversation()`: a chat, or a provider for stateless completions. */
export type ConversationOptions = ChatConversationOptions | StatelessConversationOptions;

/** Options of `conversation.send()`: `stream` and the usual per-call options. */
export interface ConversationSendOptions extends RequestOptions {
  /** Stream the answer: `data` is then a `ChatCompletionStream`. */
  stream?: boolean | undefined;
}

/** What `conversation.send()` takes: a user message's text, or one or more messages. */
export type ConversationContent = string | ChatMessage | readonly ChatMessage[];

const ROLES = ['system', 'user', 'assistant'];

/** The messages in `value`, each copied and frozen; throws a SoatError naming what is wrong. */
function messagesOf(value: unknown, what: string): readonly ChatMessage[] {
  const list = typeof value === 'string' ? [{ role: 'user', content: value }] : value;
  const messages = Array.isArray(list) ? list : [list];
  for (const message of messages) {
    const body = message?.content ?? message?.document_id;
    if (!ROLES.includes(message?.role) || typeof body !== 'string') {
      throw new SoatError(
        `Conversation: ${what} must be text or messages ({ role, content }); got ${JSON.stringify(message)}`,
      );
    }
  }
  return messages.map((message) => Object.freeze({ ...message }));
}

/**
 * A conversation that keeps its history, since a chat does not: every `send()` posts the
 * messages so far plus the new ones, and once the answer is complete appends both:
 * `new Conversation(soat.chats, options)`. A separate export, so an app that never uses it does
 * not load it.
 *
 * A turn is appended only when its answer is whole: a non-streamed answer at once, a streamed
 * one when `data: [DONE]` is reached, whichever way the stream is read. An error result, a
 * thrown error, a stream that fails, is aborted or is left early appends nothing, so the same
 * turn can be sent again. One turn at a time: a `send()` while another is unfinished (a
 * stream not yet read to its end) rejects with a `SoatError` and sends nothing.
 *
 * @example
 * ```ts
 * import { Conversation } from '@soat/sdk';
 *
 * const conversation = new Conversation(soat.chats, { ai_provider_id: 'aip_abc123' });
 * const { data: stream, error } = await conversation.send('Hi!', { stream: true });
 * if (error) throw new Error(JSON.stringify(error));
 * for await (const text of stream.textStream) process.stdout.write(text);
 * await conversation.send('And again?'); // posts 'Hi!', the answer, then 'And again?'
 * localStorage.history = JSON.stringify(conversation.messages);
 * ```
 */
export class Conversation {
  /** @internal Names the class for `instanceof` across copies of the package. */
  static readonly soatBrand: string = 'Conversation';
  /** Also true for a conversation of another copy of this package (its CJS and ESM builds, say). */
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` asked about.
    return isBranded(this, value);
  }
  readonly #chats: Chats;
  readonly #options: ConversationOptions;
  #history: readonly ChatMessage[];
  #busy = false;

  /**
   * A conversation whose turns `chats` (a client's `soat.chats`) sends.
   * @throws `SoatError` when `chats` is not a client's `soat.chats`, `options` name neither
   * `chat_id` nor `ai_provider_id`, name both, give `system_message` and `instructions` with
   * different values, or hold `messages` that are not messages.
   */
  constructor(chats: Chats, options: ConversationOptions) {
    // `new Conversation(soat, …)` instead of `soat.chats` is the likely slip from plain JavaScript.
    if (typeof chats?.createChatCompletion !== 'function') {
      throw new SoatError('Conversation: the first argument must be soat.chats (of a SoatClient)');
    }
    const { chat_id, ai_provider_id, messages = [] } = options ?? {};
    if (
      typeof chat_id === typeof ai_provider_id ||
      typeof (chat_id ?? ai_provider_id) !== 'string'
    ) {
      throw new SoatError('Conversation: pass chat_id or ai_provider_id (one of them, a string)');
    }
    if (!Array.isArray(messages)) {
      throw new SoatError('Conversation: messages must be an array');
    }
    this.#chats = chats;
    // A copy: changing the caller's object later does not move the conversation elsewhere.
    // The system prompt goes with every turn; the client sends it where the server reads it.
    const system_message = promptOf(options, 'Conversation');
    const { model } = options;
    this.#options = { chat_id, ai_provider_id, system_message, model } as ConversationOptions;
    this.#history = Object.freeze(messagesOf(messages, 'messages'));
  }

  /** The history: every complete turn, oldest first. Frozen; JSON-serialisable. */
  get messages(): readonly ChatMessage[] {
    return this.#history;
  }

  /**
   * Sends `content` after the history and resolves to the completion call's own result. With
   * `stream: true`, `data` is a `ChatCompletionStream`: read it to the end (any way) for the
   * turn to count, or `abort()` it to drop the turn.
   * @throws (rejects with) `SoatError` when another send is unfinished or `content` is not a
   * message; otherwise whatever the completion call throws.
   */
  send(
    content: ConversationContent,
    options: ConversationSendOptions & { stream: true },
  ): Promise<SoatResult<ChatCompletionStream>>;
  send(
    content: ConversationContent,
    options?: ConversationSendOptions & { stream?: false | undefined },
  ): Promise<SoatResult<ChatCompletion>>;
  send(
    content: ConversationContent,
    options?: ConversationSendOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>>;
  async send(
    content: ConversationContent,
    options: ConversationSendOptions = {},
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    if (this.#busy) {
      throw new SoatError(
        'Conversation: the previous send is unfinished (read or abort its stream)',
      );
    }
    const sent = messagesOf(content, 'content');
    if (!sent.length) throw new SoatError('Conversation: no message to send');
    this.#busy = true;
    /** Ends the turn: with the answer's text it counts, without it is dropped. */
    const end = (answer?: string) => {
      this.#busy = false;
      if (answer !== undefined) {
        const reply = Object.freeze({ role: 'assistant' as const, content: answer });
        this.#history = Object.freeze([...this.#history, ...sent, reply]);
      }
    };
    let result: SoatResult<ChatCompletion | ChatCompletionStream>;
    try {
      result = await this.#complete([...this.#history, ...sent], options);
    } catch (failure) {
      end();
      throw failure;
    }
    const { data } = result;
    if (!data) end();
    else if ('choices' in data) end(data.choices[0]?.message.content ?? '');
    // A stream's turn counts once [DONE] is reached, whoever reads it; a failure, an abort or an
    // early exit rejects, and the turn is dropped so that it can be sent again.
    else data[whenComplete]().then(end, () => end());
    return result;
  }

  #complete(
    messages: ChatMessage[],
    { stream, ...request }: ConversationSendOptions,
  ): Promise<SoatResult<ChatCompletion | ChatCompletionStream>> {
    const { chat_id, ai_provider_id, system_message, model } = this.#options;
    // Unset fields are `undefined`, which the JSON body leaves out.
    const body = {
      messages,
      stream: stream === true,
      model,
      system_message,
    } as CreateChatCompletionForChatRequest;
    return chat_id === undefined
      ? this.#chats.createChatCompletion({
          ...request,
          body: { ...body, ai_provider_id } as CreateChatCompletionRequest,
        })
      : this.#chats.createChatCompletionForChat({ ...request, path: { chat_id }, body });
  }
}

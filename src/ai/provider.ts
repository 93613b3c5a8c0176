import type {
  LanguageModelV2,
  LanguageModelV2CallOptions,
  LanguageModelV2StreamPart,
} from '@ai-sdk/provider';
import {
  type ChatCompletion,
  type ChatCompletionStream,
  type ChatContentMessage,
  SoatClient,
  type SoatClientOptions,
  SoatError,
  type SoatResult,
  unwrap,
} from '@soat/sdk';
import { answerParts } from './answer-parts.js';
import { callWarnings, toSoatMessages } from './prompt.js';
import { finishReasonOf } from './ui-message-chunk.js';

/** Settings of a SOAT language model. */
export interface SoatModelSettings {
  /** The model to ask for, instead of the AI provider's (or the chat's) default one. */
  model?: string | undefined;
}

/** Options of `createSoat`: the client's own options, or a client to share. */
export type SoatProviderOptions = SoatClientOptions | { client: SoatClient };

/**
 * SOAT as an AI SDK provider: call it with an AI provider id for a stateless model, or use
 * `chat()` for a chat's provider, system message and model.
 */
export interface SoatProvider {
  /** A model answering with the AI provider `aiProviderId` (`POST /api/v1/chats/completions`). */
  (aiProviderId: string, settings?: SoatModelSettings): LanguageModelV2;
  /** The same as calling the provider. */
  languageModel(aiProviderId: string, settings?: SoatModelSettings): LanguageModelV2;
  /**
   * A model answering as the chat `chatId` (`POST /api/v1/chats/{chat_id}/completions`): its
   * provider, system message and model; a `system` prompt replaces the chat's for that call.
   */
  chat(chatId: string, settings?: SoatModelSettings): LanguageModelV2;
}

/** One completion call, stateless or a chat's: a `ChatCompletionStream` when `stream` is true. */
type Complete = (
  messages: ChatContentMessage[],
  stream: boolean,
  options: LanguageModelV2CallOptions,
) => Promise<SoatResult<ChatCompletion | ChatCompletionStream>>;

const NO_USAGE = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };

/**
 * Creates the SOAT provider for AI SDK Core (`streamText`, `generateText`). Its models call
 * SOAT through a `SoatClient`, so its retries, timeouts and loud failures apply: a completion
 * that fails part-way ends the model's stream with an `error` part (the `SoatStreamError`,
 * with the text so far in `partialText`), never a `finish`. Aborting the call's `abortSignal`
 * closes the connection. The models implement the AI SDK's language model specification `v2`,
 * which `ai` 5, 6 and 7 accept (6 and 7 log a compatibility notice). Prompts may hold system,
 * user and assistant text; files, images, reasoning, tools and tool results are refused.
 *
 * @throws `SoatError` when the options make no client (see `SoatClient`), or `client` is not
 * one; the provider throws one for an id that is not a non-empty string.
 *
 * @example
 * ```ts
 * import { streamText } from 'ai';
 * import { createSoat } from '@soat/sdk/ai';
 *
 * const soat = createSoat({ baseUrl: 'https://api.example.com', token: process.env.SOAT_TOKEN });
 * const result = streamText({ model: soat('aip_abc123'), prompt: 'Say hello' });
 * for await (const text of result.textStream) process.stdout.write(text);
 * ```
 */
export function createSoat(options: SoatProviderOptions = {}): SoatProvider {
  if (typeof options !== 'object' || options === null) {
    throw new SoatError('createSoat: expected SoatClientOptions or { client }');
  }
  const client = 'client' in options ? options.client : new SoatClient(options);
  if (!(client instanceof SoatClient)) {
    throw new SoatError('createSoat: `client` must be a SoatClient');
  }
  const { chats } = client;
  const request = (options: LanguageModelV2CallOptions) => ({
    signal: options.abortSignal,
    headers: Object.entries(options.headers ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  });

  const model = (settings: SoatModelSettings) =>
    settings.model === undefined ? {} : { model: settings.model };

  const stateless = (aiProviderId: string, settings: SoatModelSettings = {}) =>
    checkId('soat(aiProviderId)', aiProviderId) &&
    languageModel('soat.chats', settings.model ?? aiProviderId, (messages, stream, options) =>
      chats.createChatCompletion({
        ...request(options),
        body: { ai_provider_id: aiProviderId, ...model(settings), messages, stream },
      }),
    );
  const chat = (chatId: string, settings: SoatModelSettings = {}) =>
    checkId('soat.chat(chatId)', chatId) &&
    languageModel('soat.chat', settings.model ?? chatId, (messages, stream, options) =>
      chats.createChatCompletionForChat({
        ...request(options),
        path: { chat_id: chatId },
        body: { ...model(settings), messages, stream },
      }),
    );
  return Object.assign(stateless, { languageModel: stateless, chat });
}

/**
 * Lets a non-empty string id through.
 * @throws `SoatError` naming the call for any other value.
 */
function checkId(call: string, id: unknown): true {
  if (typeof id === 'string' && id !== '') return true;
  throw new SoatError(
    `${call}: expected a non-empty string id, got ${JSON.stringify(id) ?? typeof id}`,
  );
}

/** A `v2` language model whose calls go through `complete`. */
function languageModel(provider: string, modelId: string, complete: Complete): LanguageModelV2 {
  return {
    specificationVersion: 'v2',
    provider,
    modelId,
    supportedUrls: {},

    async doGenerate(options) {
      const warnings = callWarnings(options);
      const result = await complete(toSoatMessages(options.prompt), false, options);
      const answer = unwrap(result) as ChatCompletion;
      const choice = answer.choices[0];
      const text = choice?.message.content ?? '';
      return {
        content: text ? [{ type: 'text', text }] : [],
        finishReason: finishReasonOf(choice?.finish_reason),
        usage: NO_USAGE,
        warnings,
        response: {
          ...(answer.model === undefined ? {} : { modelId: answer.model }),
          headers: Object.fromEntries(result.response.headers),
        },
      };
    },

    async doStream(options) {
      const warnings = callWarnings(options);
      const result = await complete(toSoatMessages(options.prompt), true, options);
      const stream = answerParts<LanguageModelV2StreamPart>(
        unwrap(result) as ChatCompletionStream,
        [{ type: 'stream-start', warnings }],
        (part) => {
          if (part.type === 'chunk') {
            return options.includeRawChunks ? { type: 'raw', rawValue: part.chunk } : undefined;
          }
          if (part.type === 'finish') return { ...part, usage: NO_USAGE };
          return part;
        },
      );
      return { stream, response: { headers: Object.fromEntries(result.response.headers) } };
    },
  };
}

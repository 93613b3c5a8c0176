import type {
  ChatMessage,
  CreateChatCompletionForChatRequest,
  CreateChatCompletionRequest,
} from '../../index.js';
import type { ApiCall, ApiCommand } from '../command.js';
import { compact } from '../compact.js';
import {
  type FlagSpecs,
  type FlagValues,
  optionalPathIdFlag,
  pathIdFlag,
  requiredFlag,
  stringFlag,
  TIMEOUT_RANGE,
} from '../flags.js';
import type { CliIo } from '../io.js';
import { messagesFlag } from '../messages.js';
import { systemPromptFlag, systemPromptFlags } from '../system-prompt.js';

const messageFlags: FlagSpecs = {
  messages: {
    type: 'string',
    value: '<json>',
    description:
      'JSON array of {role, content | document_id}; - reads it from stdin (this or --message is required)',
  },
  message: {
    type: 'string',
    value: '<text>',
    description:
      'One user message: the same as --messages \'[{"role":"user","content":"<text>"}]\'',
  },
  model: { type: 'string', value: '<model>', description: 'Model override for this call' },
  stream: { type: 'boolean', description: 'Print the answer as it arrives instead of JSON' },
  'idle-timeout': {
    type: 'string',
    value: '<ms>',
    range: TIMEOUT_RANGE,
    description: 'With --stream, give up after this long without a byte (default 120000)',
  },
};

/** `soat create-chat-completion`: a stateless completion, or a chat's with `--chat-id`. */
export const createChatCompletion: ApiCommand = {
  kind: 'api',
  name: 'create-chat-completion',
  summary: 'Run a completion with a provider given on the command line (or a chat, --chat-id)',
  description:
    "Runs a completion with the given provider and prints the completion as JSON, or with --stream the answer text as it arrives. With --chat-id instead of --ai-provider-id it runs with that chat's provider, system message and model, as create-chat-completion-for-chat does.",
  flags: {
    'ai-provider-id': {
      type: 'string',
      value: '<id>',
      description: 'AI provider to call (this or --chat-id is required)',
    },
    'chat-id': {
      type: 'string',
      value: '<id>',
      description: "Run with this chat's provider, system message and model instead",
    },
    ...systemPromptFlags('System prompt'),
    ...messageFlags,
  },
  alternatives: [
    ['ai-provider-id', 'chat-id'],
    ['messages', 'message'],
  ],
  examples: [
    `soat create-chat-completion --ai-provider-id aip_abc123 --system-message "You are a helpful assistant." --messages '[{"role":"user","content":"Hello!"}]'`,
    'soat create-chat-completion --ai-provider-id aip_abc123 --message "Hello!" --stream',
    'soat create-chat-completion --chat-id chat_abc123 --message "Hello!"',
    `echo '[{"role":"user","content":"Hello!"}]' | soat create-chat-completion --ai-provider-id aip_abc123 --messages - --stream`,
  ],
  async prepare(values, io) {
    const chatId = optionalPathIdFlag(values, 'chat-id', this.name);
    if (chatId !== undefined) return chatCompletion(chatId, values, io, this.name);
    const aiProviderId = requiredFlag(values, 'ai-provider-id', this.name);
    const systemMessage = systemPromptFlag(values, this.name);
    const messages = await messagesFlag(values, io, this.name);
    const body = compact<CreateChatCompletionRequest>({
      ai_provider_id: aiProviderId,
      system_message: systemMessage,
      model: stringFlag(values, 'model'),
      messages,
      stream: values.stream === true ? true : undefined,
    });
    return (soat, signal) => soat.chats.createChatCompletion({ body, signal });
  },
};

/** `soat create-chat-completion-for-chat`: a completion with a chat's settings. */
export const createChatCompletionForChat: ApiCommand = {
  kind: 'api',
  name: 'create-chat-completion-for-chat',
  summary: "Run a completion with a chat's provider, system message and model",
  description:
    "Runs a completion with a chat's settings and prints the completion as JSON, or with --stream the answer text as it arrives. --system-message (or a system message leading --messages) replaces the chat's for this call only.",
  flags: {
    'chat-id': { type: 'string', value: '<id>', required: true, description: 'The chat' },
    ...systemPromptFlags("System prompt for this call instead of the chat's"),
    ...messageFlags,
  },
  alternatives: [['messages', 'message']],
  examples: [
    `soat create-chat-completion-for-chat --chat-id chat_abc123 --messages '[{"role":"user","content":"Hello!"}]' --stream`,
    'soat create-chat-completion-for-chat --chat-id chat_abc123 --message "Hello!"',
  ],
  async prepare(values, io) {
    return chatCompletion(pathIdFlag(values, 'chat-id', this.name), values, io, this.name);
  },
};

/**
 * The call of a completion with a chat's settings. A system prompt from the flags leads the
 * messages, which is how the chat's own is replaced for one call; the client moves it to where
 * the server reads it (`instructions` on SOAT 0.23 and later).
 * @throws `UsageError` when `--system-message` and `--instructions` disagree, or the messages
 * are not messages
 */
async function chatCompletion(
  chatId: string,
  values: FlagValues,
  io: CliIo,
  command: string,
): Promise<ApiCall> {
  const systemPrompt = systemPromptFlag(values, command);
  const messages: ChatMessage[] = await messagesFlag(values, io, command);
  const body = compact<CreateChatCompletionForChatRequest>({
    model: stringFlag(values, 'model'),
    messages:
      systemPrompt === undefined
        ? messages
        : [{ role: 'system', content: systemPrompt }, ...messages],
    stream: values.stream === true ? true : undefined,
  });
  const path = { chat_id: chatId };
  return (soat, signal) => soat.chats.createChatCompletionForChat({ path, body, signal });
}

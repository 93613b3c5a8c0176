import type {
  CreateChatCompletionForChatRequest,
  CreateChatCompletionRequest,
} from '../../index.js';
import type { ApiCommand } from '../command.js';
import { compact } from '../compact.js';
import { type FlagSpecs, pathIdFlag, requiredFlag, stringFlag } from '../flags.js';
import { readMessages } from '../messages.js';

const messageFlags: FlagSpecs = {
  messages: {
    type: 'string',
    value: '<json>',
    required: true,
    description: 'JSON array of {role, content | document_id}; - reads it from stdin',
  },
  model: { type: 'string', value: '<model>', description: 'Model override for this call' },
  stream: { type: 'boolean', description: 'Print the answer as it arrives instead of JSON' },
  'idle-timeout': {
    type: 'string',
    value: '<ms>',
    description: 'With --stream, give up after this long without a byte (default 120000)',
  },
};

/** `soat create-chat-completion`: `POST /api/v1/chats/completions`. */
export const createChatCompletion: ApiCommand = {
  kind: 'api',
  name: 'create-chat-completion',
  summary: 'Run a stateless completion (provider given on the command line)',
  description:
    'Runs a completion with the given provider and prints the completion as JSON, or with --stream the answer text as it arrives.',
  flags: {
    'ai-provider-id': {
      type: 'string',
      value: '<id>',
      required: true,
      description: 'AI provider to call',
    },
    'system-message': { type: 'string', value: '<text>', description: 'System prompt' },
    ...messageFlags,
  },
  examples: [
    `soat create-chat-completion --ai-provider-id aip_abc123 --system-message "You are a helpful assistant." --messages '[{"role":"user","content":"Hello!"}]'`,
    `echo '[{"role":"user","content":"Hello!"}]' | soat create-chat-completion --ai-provider-id aip_abc123 --messages - --stream`,
  ],
  async prepare(values, io) {
    const aiProviderId = requiredFlag(values, 'ai-provider-id', this.name);
    const messages = await readMessages(requiredFlag(values, 'messages', this.name), io, this.name);
    const body = compact<CreateChatCompletionRequest>({
      ai_provider_id: aiProviderId,
      system_message: stringFlag(values, 'system-message'),
      model: stringFlag(values, 'model'),
      messages,
      stream: values.stream === true ? true : undefined,
    });
    return (soat, signal) => soat.chats.createChatCompletion({ body, signal });
  },
};

/** `soat create-chat-completion-for-chat`: `POST /api/v1/chats/{chat_id}/completions`. */
export const createChatCompletionForChat: ApiCommand = {
  kind: 'api',
  name: 'create-chat-completion-for-chat',
  summary: "Run a completion with a chat's provider, system message and model",
  description:
    "Runs a completion with a chat's settings and prints the completion as JSON, or with --stream the answer text as it arrives. A system message in --messages replaces the chat's for this call only.",
  flags: {
    'chat-id': { type: 'string', value: '<id>', required: true, description: 'The chat' },
    ...messageFlags,
  },
  examples: [
    `soat create-chat-completion-for-chat --chat-id cht_abc123 --messages '[{"role":"user","content":"Hello!"}]' --stream`,
  ],
  async prepare(values, io) {
    const path = { chat_id: pathIdFlag(values, 'chat-id', this.name) };
    const messages = await readMessages(requiredFlag(values, 'messages', this.name), io, this.name);
    const body = compact<CreateChatCompletionForChatRequest>({
      model: stringFlag(values, 'model'),
      messages,
      stream: values.stream === true ? true : undefined,
    });
    return (soat, signal) => soat.chats.createChatCompletionForChat({ path, body, signal });
  },
};

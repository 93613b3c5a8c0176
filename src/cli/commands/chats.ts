import type { CreateChatRequest } from '../../index.js';
import type { ApiCommand } from '../command.js';
import { compact } from '../compact.js';
import {
  type FlagSpec,
  type IntegerRange,
  integerFlag,
  pathIdFlag,
  requiredFlag,
  stringFlag,
} from '../flags.js';
import { systemPromptFlag, systemPromptFlags } from '../system-prompt.js';

const chatId: FlagSpec = {
  type: 'string',
  value: '<id>',
  required: true,
  description: 'The chat',
};

/** `--limit` of `list-chats`: a page of at least one chat. */
const LIMIT_RANGE: IntegerRange = { min: 1, max: 2_147_483_647 };

/** `--offset` of `list-chats`. */
const OFFSET_RANGE: IntegerRange = { min: 0, max: 2_147_483_647 };

/** `soat create-chat`: `POST /api/v1/chats`. */
export const createChat: ApiCommand = {
  kind: 'api',
  name: 'create-chat',
  summary: 'Create a chat (stored provider, system message and model)',
  description: 'Creates a chat and prints it as JSON.',
  flags: {
    'ai-provider-id': {
      type: 'string',
      value: '<id>',
      required: true,
      description: 'AI provider used for completions',
    },
    'project-id': { type: 'string', value: '<id>', description: 'Owning project' },
    name: { type: 'string', value: '<name>', description: 'Human-readable name' },
    ...systemPromptFlags('Default system prompt of every completion'),
    model: {
      type: 'string',
      value: '<model>',
      description: "Model override (else the provider's default)",
    },
  },
  examples: [
    'soat create-chat --project-id proj_ABC --ai-provider-id aip_abc123 --name "Support Assistant" --system-message "You are a helpful support assistant."',
  ],
  async prepare(values) {
    const body = compact<CreateChatRequest>({
      ai_provider_id: requiredFlag(values, 'ai-provider-id', this.name),
      project_id: stringFlag(values, 'project-id'),
      name: stringFlag(values, 'name'),
      system_message: systemPromptFlag(values, this.name),
      model: stringFlag(values, 'model'),
    });
    return (soat, signal) => soat.chats.createChat({ body, signal });
  },
};

/** `soat list-chats`: `GET /api/v1/chats`. */
export const listChats: ApiCommand = {
  kind: 'api',
  name: 'list-chats',
  summary: 'List chats, newest first',
  description:
    'Prints the chats as a JSON array, newest first. A server that pages (SOAT 0.15.13 and later) answers 50 at a time unless --limit says otherwise; --offset asks for the next page.',
  flags: {
    'project-id': { type: 'string', value: '<id>', description: 'Only the chats of this project' },
    limit: {
      type: 'string',
      value: '<n>',
      range: LIMIT_RANGE,
      description: 'At most this many chats (SOAT 0.15.13 and later: one page, 50 by default)',
    },
    offset: {
      type: 'string',
      value: '<n>',
      range: OFFSET_RANGE,
      description: 'Skip this many chats first, for the next page (SOAT 0.15.13 and later)',
    },
  },
  examples: ['soat list-chats --project-id proj_ABC', 'soat list-chats --limit 50 --offset 50'],
  async prepare(values) {
    const limit = integerFlag(values, 'limit', this.name, LIMIT_RANGE);
    const offset = integerFlag(values, 'offset', this.name, OFFSET_RANGE);
    // Absent rather than `undefined`: older servers, which answer every chat, never see them.
    const query = {
      ...compact({ project_id: stringFlag(values, 'project-id') }),
      ...(limit === undefined ? {} : { limit }),
      ...(offset === undefined ? {} : { offset }),
    };
    return (soat, signal) => soat.chats.listChats({ query, signal });
  },
};

/** `soat get-chat`: `GET /api/v1/chats/{chat_id}`. */
export const getChat: ApiCommand = {
  kind: 'api',
  name: 'get-chat',
  summary: 'Show one chat',
  description: 'Prints one chat as JSON.',
  flags: { 'chat-id': chatId },
  examples: ['soat get-chat --chat-id chat_abc123'],
  async prepare(values) {
    const path = { chat_id: pathIdFlag(values, 'chat-id', this.name) };
    return (soat, signal) => soat.chats.getChat({ path, signal });
  },
};

/** `soat delete-chat`: `DELETE /api/v1/chats/{chat_id}`. */
export const deleteChat: ApiCommand = {
  kind: 'api',
  name: 'delete-chat',
  summary: 'Delete a chat',
  description: 'Deletes a chat; prints nothing on success.',
  flags: { 'chat-id': chatId },
  examples: ['soat delete-chat --chat-id chat_abc123'],
  async prepare(values) {
    const path = { chat_id: pathIdFlag(values, 'chat-id', this.name) };
    return (soat, signal) => soat.chats.deleteChat({ path, signal });
  },
};

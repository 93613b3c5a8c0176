import type { ServerProfile } from './generations.js';
import { randomId } from './ids.js';
import { domainErrorResponse, jsonResponse, noContentResponse } from './responses.js';
import type { MockStore } from './store.js';
import type { MockChat } from './types.js';

/** The project a chat belongs to when the body names none. */
export const DEFAULT_PROJECT_ID = 'proj_default';

/** The fields of `POST /chats` the mock keeps, whichever generation's names the body used. */
export interface CreateChatInput {
  ai_provider_id: string;
  project_id?: string | undefined;
  name?: string | undefined;
  /** The system prompt: `system_message` before 0.23, `instructions` from it on. */
  system_message?: string | undefined;
  model?: string | undefined;
}

/** What every chat answer needs: the store and the generation played. */
export interface ChatContext {
  store: MockStore;
  profile: ServerProfile;
}

/**
 * A stored chat as the generation played returns it: with `system_message` before 0.23, with
 * `instructions` (same value, no `system_message`) from 0.23 on.
 * @param chat - the stored chat
 * @param profile - the generation played
 * @returns the wire object; never throws
 */
export function presentChat(chat: MockChat, profile: ServerProfile): Record<string, unknown> {
  if (profile.generation !== '0.23') return chat;
  const { system_message: instructions, ...rest } = chat;
  return {
    id: rest.id,
    project_id: rest.project_id,
    ai_provider_id: rest.ai_provider_id,
    name: rest.name,
    instructions,
    model: rest.model,
    created_at: rest.created_at,
    updated_at: rest.updated_at,
  };
}

/**
 * `POST /api/v1/chats`: stores a chat with a `chat_…` id, as the real server mints them.
 * @param context - the store and generation
 * @param body - the validated body
 * @returns `201` with the chat, or `400 AI_PROVIDER_NOT_FOUND`; never throws
 */
export function createChat({ store, profile }: ChatContext, body: CreateChatInput): Response {
  if (!store.providerExists(body.ai_provider_id)) {
    const message =
      profile.generation === '0.12'
        ? 'AI provider not found'
        : `AI provider '${body.ai_provider_id}' not found.`;
    return domainErrorResponse(400, 'AI_PROVIDER_NOT_FOUND', message);
  }
  const now = new Date().toISOString();
  const chat: MockChat = {
    id: randomId('chat'),
    project_id: body.project_id ?? DEFAULT_PROJECT_ID,
    ai_provider_id: body.ai_provider_id,
    name: body.name ?? null,
    system_message: body.system_message ?? null,
    model: body.model ?? null,
    created_at: now,
    updated_at: now,
  };
  store.state.chats.push(chat);
  return jsonResponse(201, presentChat(chat, profile));
}

/** Page size when `limit` is not given (0.15.13+), and the largest one. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

/**
 * `GET /api/v1/chats`: the chats, newest first: a bare array before 0.15.13, then
 * `{ data, total, limit, offset }` (`limit` 1–100, default 50; `offset` from 0; a value that is
 * not a whole number is ignored, as the real server does).
 * @param context - the store and generation
 * @param query - the query parameters
 * @returns `200`; never throws
 */
export function listChats({ store, profile }: ChatContext, query: URLSearchParams): Response {
  const projectId = query.get('project_id') ?? undefined;
  const chats = store.state.chats
    .filter((chat) => projectId === undefined || chat.project_id === projectId)
    .reverse()
    .map((chat) => presentChat(chat, profile));
  if (!profile.pagedList) return jsonResponse(200, chats);
  const limit = Math.min(Math.max(1, wholeNumber(query.get('limit')) ?? DEFAULT_LIMIT), MAX_LIMIT);
  const offset = Math.max(0, wholeNumber(query.get('offset')) ?? 0);
  return jsonResponse(200, {
    data: chats.slice(offset, offset + limit),
    total: chats.length,
    limit,
    offset,
  });
}

function wholeNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Finds a stored chat.
 * @param store - the mock's store
 * @param chatId - its id
 * @returns the chat, or `undefined`
 */
export function findChat(store: MockStore, chatId: string): MockChat | undefined {
  return store.state.chats.find((chat) => chat.id === chatId);
}

/**
 * `GET /api/v1/chats/{chat_id}`.
 * @param context - the store and generation
 * @param chatId - the chat's id
 * @returns `200` with the chat, or `404 RESOURCE_NOT_FOUND`; never throws
 */
export function getChat(context: ChatContext, chatId: string): Response {
  const chat = findChat(context.store, chatId);
  return chat
    ? jsonResponse(200, presentChat(chat, context.profile))
    : chatNotFound(context, chatId);
}

/**
 * `DELETE /api/v1/chats/{chat_id}`.
 * @param context - the store and generation
 * @param chatId - the chat's id
 * @returns `204` with an empty body, or `404 RESOURCE_NOT_FOUND`; never throws
 */
export function deleteChat(context: ChatContext, chatId: string): Response {
  const chats = context.store.state.chats;
  const index = chats.findIndex((chat) => chat.id === chatId);
  if (index === -1) return chatNotFound(context, chatId);
  chats.splice(index, 1);
  return noContentResponse();
}

function chatNotFound({ profile }: ChatContext, chatId: string): Response {
  return profile.generation === '0.12'
    ? domainErrorResponse(404, 'RESOURCE_NOT_FOUND', 'Chat not found', { chat_id: chatId })
    : domainErrorResponse(404, 'RESOURCE_NOT_FOUND', `Chat '${chatId}' not found.`);
}

import type { components } from '../../generated/schema.js';
import { randomId } from './ids.js';
import { domainErrorResponse, jsonResponse, noContentResponse } from './responses.js';
import type { MockStore } from './store.js';
import type { MockChat } from './types.js';

/** The project a chat belongs to when the body names none. */
export const DEFAULT_PROJECT_ID = 'proj_default';

type CreateChatBody = components['schemas']['CreateChatRequest'];

/**
 * `POST /api/v1/chats`: stores a chat.
 * @param store - the mock's store
 * @param body - the validated body
 * @returns `201` with the chat, or `400 AI_PROVIDER_NOT_FOUND`; never throws
 */
export function createChat(store: MockStore, body: CreateChatBody): Response {
  if (!store.providerExists(body.ai_provider_id)) {
    return domainErrorResponse(400, 'AI_PROVIDER_NOT_FOUND', 'AI provider not found');
  }
  const now = new Date().toISOString();
  const chat: MockChat = {
    id: randomId('cht'),
    project_id: body.project_id ?? DEFAULT_PROJECT_ID,
    ai_provider_id: body.ai_provider_id,
    name: body.name ?? null,
    system_message: body.system_message ?? null,
    model: body.model ?? null,
    created_at: now,
    updated_at: now,
  };
  store.state.chats.push(chat);
  return jsonResponse(201, chat);
}

/**
 * `GET /api/v1/chats`: the chats, newest first, as a bare array.
 * @param store - the mock's store
 * @param projectId - only chats of this project, when given
 * @returns `200`; never throws
 */
export function listChats(store: MockStore, projectId: string | undefined): Response {
  const chats = store.state.chats.filter(
    (chat) => projectId === undefined || chat.project_id === projectId,
  );
  return jsonResponse(200, chats.reverse());
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
 * @param store - the mock's store
 * @param chatId - the chat's id
 * @returns `200` with the chat, or `404 RESOURCE_NOT_FOUND`; never throws
 */
export function getChat(store: MockStore, chatId: string): Response {
  const chat = findChat(store, chatId);
  return chat ? jsonResponse(200, chat) : chatNotFound(chatId);
}

/**
 * `DELETE /api/v1/chats/{chat_id}`.
 * @param store - the mock's store
 * @param chatId - the chat's id
 * @returns `204` with an empty body, or `404 RESOURCE_NOT_FOUND`; never throws
 */
export function deleteChat(store: MockStore, chatId: string): Response {
  const index = store.state.chats.findIndex((chat) => chat.id === chatId);
  if (index === -1) return chatNotFound(chatId);
  store.state.chats.splice(index, 1);
  return noContentResponse();
}

function chatNotFound(chatId: string): Response {
  return domainErrorResponse(404, 'RESOURCE_NOT_FOUND', 'Chat not found', { chat_id: chatId });
}

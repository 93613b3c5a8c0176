import { findChat } from './chats.js';
import type { ServerProfile } from './generations.js';
import {
  type AnswerPlan,
  DEFAULT_MODEL,
  planAnswer,
  resolveMessages,
  systemMessageInEffect,
} from './model.js';
import { domainErrorResponse, jsonResponse, routeErrorResponse } from './responses.js';
import { DONE, sleep, sseResponse } from './sse.js';
import type { MockStore } from './store.js';
import type { MockChatMessage, RecordedCompletion } from './types.js';

/**
 * The header of every completion answer the mock ran with a system prompt: the prompt it applied
 * (as `state.completions[n].systemMessage`), percent-encoded, so a test in another process (the
 * CLI's `soat mock-server`, a browser) sees it too. A prompt longer than
 * {@link SYSTEM_MESSAGE_HEADER_MAX_CHARS} characters is cut there and ends in `…` (HTTP clients
 * refuse very long headers; `state` has it whole). Absent when no prompt applied. The real
 * server sends no such header.
 */
export const SYSTEM_MESSAGE_HEADER = 'X-Soat-Mock-System-Message' as const;

/** The most characters of the prompt {@link SYSTEM_MESSAGE_HEADER} carries (then `…`). */
export const SYSTEM_MESSAGE_HEADER_MAX_CHARS = 500;

/** The header's value: the prompt percent-encoded, cut at a whole character past the limit. */
function headerValue(prompt: string): string {
  const characters = Array.from(prompt);
  if (characters.length <= SYSTEM_MESSAGE_HEADER_MAX_CHARS) return encodeURIComponent(prompt);
  return encodeURIComponent(`${characters.slice(0, SYSTEM_MESSAGE_HEADER_MAX_CHARS).join('')}…`);
}

/** One completion call, after the endpoint resolved its configuration. */
interface CompletionCall {
  chatId: string | null;
  aiProviderId: string;
  model: string;
  fallbackSystemMessage: string | null | undefined;
  messages: readonly MockChatMessage[];
  stream: boolean;
  signal: AbortSignal | undefined;
}

/** A completion request as the generation played reads it (field names already mapped). */
export interface CompletionRequest {
  /** A stored chat (per-chat completion), or an AI provider (stateless completion). */
  target: { chatId: string } | { aiProviderId: string };
  /** The validated messages. */
  messages: readonly MockChatMessage[];
  /** The model the body names, if any. */
  model?: string | undefined;
  /**
   * The system prompt the server reads from the body: `instructions` on 0.23+; `undefined`
   * before, where the body has none the server reads (0.12 and 0.13–0.22 ignore a top-level
   * `system_message` on the stateless route; the per-chat route has no such field).
   */
  instructions?: string | undefined;
  /** Whether to stream. */
  stream: boolean;
}

/**
 * Runs a completion as the generation played does. The system prompt applied (recorded as
 * `systemMessage`) is, before 0.23, the first `system` message of `messages`, else the chat's
 * stored one (a stateless call has none); from 0.23 on, the body's `instructions`, else the
 * chat's (never merged).
 * @param store - the mock's store
 * @param profile - the generation played
 * @param request - what the body asked for
 * @param signal - the request's signal: aborting it stops a stream's production
 * @returns `200` JSON or SSE. A missing chat is `400 CHAT_NOT_FOUND`, or with `stream: true` the
 *   first and only event of a `200` stream. An unknown provider is a `404` (`{"error":"AI provider
 *   not found"}`, structured from 0.20.1), or with `stream: true` before 0.23 the first and only
 *   event of a `200` stream. An unknown document is `404 RESOURCE_NOT_FOUND`; a scripted failure
 *   without streaming is `500 {"error": <error>}`, from 0.23 `502 AI_PROVIDER_ERROR`. Never throws.
 */
export function runCompletion(
  store: MockStore,
  profile: ServerProfile,
  request: CompletionRequest,
  signal?: AbortSignal,
): Response {
  const { stream } = request;
  if ('chatId' in request.target) {
    const chatId = request.target.chatId;
    const chat = findChat(store, chatId);
    if (!chat) {
      const message = `Chat '${chatId}' not found.`;
      return stream
        ? streamError(message, signal)
        : domainErrorResponse(400, 'CHAT_NOT_FOUND', message);
    }
    return complete(store, profile, {
      chatId,
      aiProviderId: chat.ai_provider_id,
      model: request.model ?? chat.model ?? DEFAULT_MODEL,
      fallbackSystemMessage: request.instructions ?? chat.system_message,
      messages: request.messages,
      stream,
      signal,
    });
  }
  const { aiProviderId } = request.target;
  if (!store.providerExists(aiProviderId)) {
    const message = 'AI provider not found';
    if (stream && profile.generation !== '0.23') return streamError(message, signal);
    return routeErrorResponse(profile.structuredErrors, 404, 'RESOURCE_NOT_FOUND', message);
  }
  return complete(store, profile, {
    chatId: null,
    aiProviderId,
    model: request.model ?? DEFAULT_MODEL,
    fallbackSystemMessage: request.instructions,
    messages: request.messages,
    stream,
    signal,
  });
}

function complete(store: MockStore, profile: ServerProfile, call: CompletionCall): Response {
  const resolved = resolveMessages(call.messages, store.state.documents);
  if ('missingDocument' in resolved) {
    return domainErrorResponse(404, 'RESOURCE_NOT_FOUND', 'Document not found');
  }
  const { messages } = resolved;
  const plan = planAnswer(store.takeCompletionScript(), messages, store.pauseMs);
  const record: RecordedCompletion = {
    chatId: call.chatId,
    aiProviderId: call.aiProviderId,
    model: call.model,
    systemMessage: systemMessageInEffect(messages, call.fallbackSystemMessage),
    messages,
    stream: call.stream,
    pieces: plan.pieces,
    piecesSent: 0,
    outcome: 'streaming',
  };
  store.state.completions.push(record);
  const response = call.stream
    ? streamAnswer(plan, record, call.signal)
    : jsonAnswer(plan, record, profile);
  if (record.systemMessage !== null) {
    response.headers.set(SYSTEM_MESSAGE_HEADER, headerValue(record.systemMessage));
  }
  return response;
}

function jsonAnswer(
  plan: AnswerPlan,
  record: RecordedCompletion,
  profile: ServerProfile,
): Response {
  if (plan.failAfter !== undefined) {
    record.piecesSent = Math.min(plan.failAfter, plan.pieces.length);
    record.outcome = 'failed';
    // From 0.23 a provider failure is mapped to `502 AI_PROVIDER_ERROR`.
    if (profile.generation === '0.23') {
      const { error } = plan;
      return typeof error === 'string'
        ? domainErrorResponse(502, 'AI_PROVIDER_ERROR', error)
        : domainErrorResponse(502, error.code, error.message);
    }
    return jsonResponse(500, { error: plan.error });
  }
  record.piecesSent = plan.pieces.length;
  record.outcome = 'completed';
  return jsonResponse(200, {
    object: 'chat.completion',
    model: record.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: plan.pieces.join('') },
        finish_reason: 'stop',
      },
    ],
  });
}

function streamAnswer(
  plan: AnswerPlan,
  record: RecordedCompletion,
  requestSignal: AbortSignal | undefined,
): Response {
  return sseResponse(async function* (signal) {
    signal.addEventListener(
      'abort',
      () => {
        if (record.outcome === 'streaming') record.outcome = 'cancelled';
      },
      { once: true },
    );
    for (const [index, piece] of plan.pieces.entries()) {
      if (index === plan.failAfter) break;
      if (index > 0) await sleep(plan.pauseMs, signal);
      record.piecesSent += 1;
      yield JSON.stringify({ choices: [{ delta: { content: piece } }] });
    }
    if (plan.failAfter !== undefined) {
      if (record.piecesSent > 0) await sleep(plan.pauseMs, signal);
      record.outcome = 'failed';
      yield JSON.stringify({ error: plan.error });
      return;
    }
    record.outcome = 'completed';
    yield DONE;
  }, requestSignal);
}

function streamError(message: string, signal: AbortSignal | undefined): Response {
  return sseResponse(async function* () {
    yield JSON.stringify({ error: message });
  }, signal);
}

import type { components } from '../../generated/schema.js';
import { findChat } from './chats.js';
import {
  type AnswerPlan,
  DEFAULT_MODEL,
  planAnswer,
  resolveMessages,
  systemMessageInEffect,
} from './model.js';
import { domainErrorResponse, errorResponse, jsonResponse } from './responses.js';
import { DONE, sleep, sseResponse } from './sse.js';
import type { MockStore } from './store.js';
import type { MockChatMessage, RecordedCompletion } from './types.js';

type Schemas = components['schemas'];

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

/**
 * `POST /api/v1/chats/completions`: a stateless completion.
 * @param store - the mock's store
 * @param body - the validated body
 * @param signal - the request's signal: aborting it stops a stream's production
 * @returns `200` JSON or SSE; an unknown provider is `404 {"error":"AI provider not found"}`,
 *   or with `stream: true` the first and only event of a `200` stream; an unknown document is
 *   `404 RESOURCE_NOT_FOUND`; a scripted failure without streaming is `500`. Never throws.
 */
export function createChatCompletion(
  store: MockStore,
  body: Schemas['CreateChatCompletionRequest'],
  signal?: AbortSignal,
): Response {
  const stream = body.stream === true;
  if (!store.providerExists(body.ai_provider_id)) {
    const message = 'AI provider not found';
    return stream ? streamError(message, signal) : errorResponse(404, message);
  }
  return complete(store, {
    chatId: null,
    aiProviderId: body.ai_provider_id,
    model: body.model ?? DEFAULT_MODEL,
    fallbackSystemMessage: body.system_message,
    messages: body.messages,
    stream,
    signal,
  });
}

/**
 * `POST /api/v1/chats/{chat_id}/completions`: a completion with a chat's configuration.
 * @param store - the mock's store
 * @param chatId - the chat's id
 * @param body - the validated body
 * @param signal - the request's signal: aborting it stops a stream's production
 * @returns `200` JSON or SSE; a missing chat is `400 CHAT_NOT_FOUND`, or with `stream: true`
 *   the first and only event of a `200` stream; an unknown document is `404 RESOURCE_NOT_FOUND`;
 *   a scripted failure without streaming is `500`. Never throws.
 */
export function createChatCompletionForChat(
  store: MockStore,
  chatId: string,
  body: Schemas['CreateChatCompletionForChatRequest'],
  signal?: AbortSignal,
): Response {
  const stream = body.stream === true;
  const chat = findChat(store, chatId);
  if (!chat) {
    const message = `Chat '${chatId}' not found.`;
    return stream
      ? streamError(message, signal)
      : domainErrorResponse(400, 'CHAT_NOT_FOUND', message);
  }
  return complete(store, {
    chatId,
    aiProviderId: chat.ai_provider_id,
    model: body.model ?? chat.model ?? DEFAULT_MODEL,
    fallbackSystemMessage: chat.system_message,
    messages: body.messages,
    stream,
    signal,
  });
}

function complete(store: MockStore, call: CompletionCall): Response {
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
  return call.stream ? streamAnswer(plan, record, call.signal) : jsonAnswer(plan, record);
}

function jsonAnswer(plan: AnswerPlan, record: RecordedCompletion): Response {
  if (plan.failAfter !== undefined) {
    record.piecesSent = Math.min(plan.failAfter, plan.pieces.length);
    record.outcome = 'failed';
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

import type { CompletionScript, MockChatMessage, ResolvedMessage, ScriptedError } from './types.js';

/** The model named when neither the request nor the chat names one. */
export const DEFAULT_MODEL = 'mock-model';

/** What the deterministic model will answer for one completion. */
export interface AnswerPlan {
  /** The pieces of the answer, in order. */
  pieces: string[];
  /** Milliseconds to wait before each piece after the first. */
  pauseMs: number;
  /** When set, the answer fails after this many pieces with `error`. */
  failAfter: number | undefined;
  /** The failure, `'text'` or `{ code, message }` (used only when `failAfter` is set). */
  error: ScriptedError;
}

/**
 * Splits text word by word, keeping each space with the word that follows it:
 * `"You said: Hello!"` gives `["You", " said:", " Hello!"]`.
 * @param text - the answer
 * @returns the pieces; empty for empty text; never throws
 */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * Resolves `document_id` messages to their document's content.
 * @param messages - validated messages
 * @param documents - seeded documents
 * @returns the resolved messages, or the id of the first unknown document
 */
export function resolveMessages(
  messages: readonly MockChatMessage[],
  documents: ReadonlyMap<string, string>,
): { messages: ResolvedMessage[] } | { missingDocument: string } {
  const resolved: ResolvedMessage[] = [];
  for (const message of messages) {
    if ('content' in message) {
      resolved.push({ role: message.role, content: message.content });
      continue;
    }
    const content = documents.get(message.document_id);
    if (content === undefined) return { missingDocument: message.document_id };
    resolved.push({ role: message.role, content });
  }
  return { messages: resolved };
}

/**
 * The system message in effect: the first `system` message of the call, else the fallback
 * (the chat's stored `system_message`, or the stateless body's `system_message`).
 * @param messages - resolved messages
 * @param fallback - the configured system message, if any
 * @returns the system message, or `null` when there is none; never throws
 */
export function systemMessageInEffect(
  messages: readonly ResolvedMessage[],
  fallback: string | null | undefined,
): string | null {
  return messages.find((message) => message.role === 'system')?.content ?? fallback ?? null;
}

/**
 * The deterministic answer: `You said: <content of the last user message>`.
 * @param messages - resolved messages
 * @returns the answer text; never throws
 */
export function defaultAnswer(messages: readonly ResolvedMessage[]): string {
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return `You said: ${lastUser?.content ?? ''}`;
}

/**
 * Plans one answer from an optional script (see {@link CompletionScript}) and the conversation.
 * @param script - the queued script for this completion, if any
 * @param messages - resolved messages (for the default answer)
 * @param defaultPauseMs - the pause between pieces when the script gives none
 * @returns the plan; never throws
 */
export function planAnswer(
  script: CompletionScript | undefined,
  messages: readonly ResolvedMessage[],
  defaultPauseMs = 0,
): AnswerPlan {
  const pieces = script?.pieces
    ? [...script.pieces]
    : splitWords(script?.text ?? defaultAnswer(messages));
  const failAfter = script?.failAfter ?? (script?.error === undefined ? undefined : 0);
  return {
    pieces,
    pauseMs: script?.pauseMs ?? defaultPauseMs,
    failAfter,
    error: script?.error ?? 'terminated',
  };
}

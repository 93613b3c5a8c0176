/**
 * The chunks of the AI SDK's UI message stream protocol that a SOAT completion produces, as
 * the `ai` package's `uiMessageChunkSchema` defines them (protocol `v1`). Declared here so the
 * server side needs no AI SDK dependency; assignable to the `ai` package's `UIMessageChunk`.
 * @see https://ai-sdk.dev/docs/ai-sdk-ui/stream-protocol
 */
export type SoatUIMessageChunk =
  | { type: 'start'; messageId?: string }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'finish'; finishReason: SoatFinishReason }
  | { type: 'error'; errorText: string };

/** Why an answer ended, in the AI SDK's words. */
export type SoatFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

/**
 * SOAT's `finish_reason` (OpenAI's words) in the AI SDK's: `stop`, `length`, `content-filter`,
 * `tool-calls`, else `other`. No reason at all is a plain `stop`: the answer reached `[DONE]`.
 */
export function finishReasonOf(reason: string | null | undefined): SoatFinishReason {
  if (reason == null || reason === 'stop' || reason === 'length') return reason ?? 'stop';
  if (reason === 'content_filter') return 'content-filter';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool-calls';
  return 'other';
}

/** A fresh id for a text part, unique enough to merge several answers into one message. */
export function textPartId(): string {
  return `soat-text-${Math.random().toString(36).slice(2, 10)}`;
}

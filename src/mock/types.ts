import type { components } from '../../generated/schema.js';

type Schemas = components['schemas'];

/** A stored chat, as the API returns it. */
export type MockChat = Schemas['Chat'];

/** A message as a client sends it: `content` or `document_id`. */
export type MockChatMessage = Schemas['ChatMessage'];

/** Options every form of the mock (msw handlers, node:http server) accepts. */
export interface SoatBackendOptions {
  /** When set, only `Authorization: Bearer <token>` is accepted; otherwise any bearer token is. */
  token?: string | undefined;
  /**
   * Ids of the AI providers that exist; when omitted, every id exists. An unknown id is then
   * answered as the real server of the generation played answers it: `createChat` →
   * `400 AI_PROVIDER_NOT_FOUND`; a stateless completion → `404` (`{"error":"AI provider not
   * found"}`, structured from 0.20.1) or, streamed before 0.23, a `200` stream whose only event is
   * `data: {"error":"AI provider not found"}` (no `[DONE]`).
   */
  aiProviders?: readonly string[] | undefined;
  /**
   * The SOAT server version to play, e.g. `'0.28.0'`: its routes, field names (`system_message`
   * before 0.23, `instructions` from it on), list shape (an array, or `{ data, total, limit,
   * offset }` from 0.15.13), refusals and error bodies. A version newer than the newest known
   * plays the newest. @defaultValue the documented 0.12.x
   */
  serverVersion?: string | undefined;
  /** Documents `document_id` messages resolve to, by id: their `content`. */
  documents?: Readonly<Record<string, string>> | undefined;
  /**
   * Milliseconds between streamed pieces when a script gives no `pauseMs`, so a demo visibly
   * streams. @defaultValue `0`
   */
  pauseMs?: number | undefined;
}

/** The `error` of a failing completion script: a string, or a domain error `{ code, message }`. */
export type ScriptedError = string | { code: string; message: string };

/**
 * How the next completion answers. Without a script the answer is
 * `You said: <last user message>`, streamed word by word.
 */
export interface CompletionScript {
  /** Replaces the answer; it is streamed word by word (spaces stay with the following word). */
  text?: string | undefined;
  /** The exact pieces to stream (wins over `text`). */
  pieces?: readonly string[] | undefined;
  /** Milliseconds to wait before each piece after the first (default: the mock's `pauseMs`). */
  pauseMs?: number | undefined;
  /**
   * Send this many pieces, then `data: {"error": error ?? "terminated"}`, and close without
   * `[DONE]`. A non-streamed completion answers `500 {"error": error}` instead.
   */
  failAfter?: number | undefined;
  /** The failure: `'text'` or `{ code, message }`; alone (no `failAfter`) the stream fails before any piece. */
  error?: ScriptedError | undefined;
  /** How many completions this script answers. @defaultValue `1` */
  times?: number | undefined;
}

/**
 * Exactly what to answer to the next request the mock receives, whatever its route, before
 * authentication and validation: a `429` with `Retry-After`, a `503`, an HTML `502` page...
 */
export interface HttpReplyScript {
  /** The HTTP status, 200 to 599. */
  status: number;
  /** Response headers; they win over the content type the body implies. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** An object or array is sent as JSON; a string as it is (`text/plain` unless `headers` say otherwise); omitted, the body is empty. */
  body?: unknown;
  /** How many requests this script answers. @defaultValue `1` */
  times?: number | undefined;
}

/**
 * A script queued with `reply()`. Scripts are used in the order they were queued: an
 * {@link HttpReplyScript} (it has a `status`) answers the next request, whatever its route; a
 * {@link CompletionScript} the next completion (other requests leave it queued).
 */
export type ReplyScript = CompletionScript | HttpReplyScript;

/** One HTTP request the mock received, recorded before auth and validation. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** URL path, without the query string. */
  path: string;
  /** Query parameters (the last value wins for a repeated name). */
  query: Record<string, string>;
  /** Request headers, with lower-case names. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  body: unknown;
}

/** What became of a completion: still streaming, done, failed (scripted) or cancelled by the client. */
export type CompletionOutcome = 'streaming' | 'completed' | 'failed' | 'cancelled';

/** A message after `document_id` was resolved to the document's content. */
export interface ResolvedMessage {
  /** Author of the message. */
  role: Schemas['ChatMessageRole'];
  /** Text body (a document's content for a `document_id` message). */
  content: string;
}

/** One completion the model ran, so tests can see what the server would have sent upstream. */
export interface RecordedCompletion {
  /** The chat, for a per-chat completion; `null` for a stateless one. */
  chatId: string | null;
  /** The AI provider called. */
  aiProviderId: string;
  /** The model in effect: request, then chat, then `mock-model`. */
  model: string;
  /**
   * The system prompt the server applied to this call, as the real server of the generation
   * played would: before 0.23 the first `system` message of `messages`, else the chat's stored
   * one (a stateless call's top-level `system_message` is ignored, as the real server ignores
   * it); from 0.23 on the body's `instructions`, else the chat's. `null` when none applied.
   */
  systemMessage: string | null;
  /** The messages with documents resolved. */
  messages: ResolvedMessage[];
  /** Whether the answer was streamed. */
  stream: boolean;
  /** The pieces of the answer the model was going to produce. */
  pieces: string[];
  /** How many pieces were actually produced (for a stream: enqueued). */
  piecesSent: number;
  /** How the completion ended (so far). */
  outcome: CompletionOutcome;
}

/** The mock's in-memory state. The same object lives for the mock's lifetime: `reset()` empties it in place. */
export interface SoatMockState {
  /**
   * Chats, in creation order, with the system prompt in `system_message` whatever the version
   * played (a 0.23+ server returns it as `instructions`).
   */
  chats: MockChat[];
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Every completion that reached the model, in order. */
  completions: RecordedCompletion[];
  /** Seeded documents: id to content. Kept by `reset()`. */
  documents: Map<string, string>;
}

/** The controls every form of the mock returns next to its transport. */
export interface SoatBackendControls {
  /** The in-memory state. */
  state: SoatMockState;
  /**
   * Queues a script: the next completion's answer, or (with `status`) the next HTTP answer.
   * @throws `SoatError` naming the field, for a script that cannot be answered as documented: a
   *   field neither kind of script has; `text` not a string; `pieces` not an array of strings;
   *   `pauseMs` not a number from 0; `failAfter` not a whole number from 0; `error` neither a
   *   string nor `{ code, message }` of strings; a status outside 200-599; a header name that is
   *   not a token or a value with CR, LF or NUL; a body with 204/205/304 or not JSON-serialisable;
   *   `times` not a whole number from 1. A refused script is not queued.
   */
  reply(script: ReplyScript): void;
  /** Empties chats, requests, completions and queued scripts; keeps seeded documents. */
  reset(): void;
  /** Adds (or replaces) a document that `document_id` messages can resolve to. */
  seedDocument(id: string, content: string): void;
}

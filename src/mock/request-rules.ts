import type { Route } from '../../generated/request-validators.js';
import type { CreateChatInput } from './chats.js';
import type { CompletionRequest } from './completions.js';
import type { ServerProfile } from './generations.js';
import { domainErrorResponse, routeErrorResponse } from './responses.js';
import type { MockChatMessage } from './types.js';
import { describeValidationErrors } from './validation-message.js';

/** The message fields the real server reads; from 0.13 on, any other is dropped unread. */
const MESSAGE_FIELDS = ['role', 'content', 'document_id'];

/**
 * `POST /api/v1/chats` from 0.13.9 on refuses fields its spec does not name (and, before 0.18,
 * a missing `ai_provider_id`) with `400 VALIDATION_FAILED`: `Unknown field(s): a, b` and
 * `Missing required field(s): ai_provider_id`, joined by `. `, the fields listed in `meta`.
 * @param profile - the generation played
 * @param route - the generation's `POST /api/v1/chats` route
 * @param body - the parsed body
 * @returns the refusal, or `undefined` when the body passes (or the generation does not check)
 */
export function strictFieldsProblem(
  profile: ServerProfile,
  route: Route,
  body: unknown,
): Response | undefined {
  if (!profile.strictCreateChat || !isObject(body)) return undefined;
  const known = route.body?.fields;
  // Before 0.17 the server camel-cased the body first, so it names fields in camelCase.
  const name = (field: string) =>
    profile.snakeCaseMessages
      ? field
      : field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const knownNames = known?.map(name);
  const unknownFields = knownNames
    ? Object.keys(body)
        .map(name)
        .filter((key) => !knownNames.includes(key))
    : [];
  const provider = body.ai_provider_id;
  const missingFields =
    !profile.providerOptional && (provider === undefined || provider === null || provider === '')
      ? [name('ai_provider_id')]
      : [];
  if (unknownFields.length === 0 && missingFields.length === 0) return undefined;
  const parts: string[] = [];
  if (unknownFields.length > 0) parts.push(`Unknown field(s): ${unknownFields.join(', ')}`);
  if (missingFields.length > 0)
    parts.push(`Missing required field(s): ${missingFields.join(', ')}`);
  return domainErrorResponse(400, 'VALIDATION_FAILED', parts.join('. '), {
    ...(unknownFields.length > 0 ? { unknownFields } : {}),
    ...(missingFields.length > 0 ? { missingFields } : {}),
  });
}

/**
 * Reads a `POST /api/v1/chats` body as the generation played does: the system prompt from
 * `system_message` before 0.23 and from `instructions` from it on; other fields of the wrong type
 * are dropped unread, as the real server drops them.
 * @param profile - the generation played
 * @param body - the parsed body (`{}` when there was none)
 * @returns the chat to create, or the refusal to answer: a missing `ai_provider_id` (from 0.18
 *   the real server would inherit the project's default model route; the mock has none, so it
 *   answers as a project without one does), or one that is not a string
 */
export function readCreateChat(
  profile: ServerProfile,
  body: Record<string, unknown>,
): { input: CreateChatInput } | { refusal: Response } {
  const providerId = body.ai_provider_id;
  if (profile.providerOptional && providerId !== undefined && typeof providerId !== 'string') {
    return {
      refusal: domainErrorResponse(400, 'VALIDATION_FAILED', 'ai_provider_id must be a string'),
    };
  }
  if (typeof providerId !== 'string' || providerId === '') {
    return { refusal: missingProvider(profile) };
  }
  const systemPrompt = profile.generation === '0.23' ? body.instructions : body.system_message;
  return {
    input: {
      ai_provider_id: providerId,
      project_id: stringOrUndefined(body.project_id),
      name: stringOrUndefined(body.name),
      system_message: stringOrUndefined(systemPrompt),
      model: stringOrUndefined(body.model),
    },
  };
}

function missingProvider(profile: ServerProfile): Response {
  if (profile.providerOptional) {
    return domainErrorResponse(
      400,
      'VALIDATION_FAILED',
      'This chat binds neither ai_provider_id nor model_route_id, and its project has no default_model_route_id to inherit; set one of them.',
    );
  }
  const field = profile.snakeCaseMessages ? 'ai_provider_id' : 'aiProviderId';
  return routeErrorResponse(
    profile.structuredErrors,
    400,
    'VALIDATION_FAILED',
    `${field} is required`,
  );
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads a completion body as the generation played does, in the real server's order:
 * - 0.12.x (already validated against the documented spec): a top-level `system_message` on the
 *   stateless route is ignored, as the real 0.12 server ignores it;
 * - 0.13–0.22: `messages` must be a non-empty array, the stateless route needs `ai_provider_id`;
 *   unknown fields are dropped unread (the stateless `system_message` too);
 * - 0.23+: `messages` as above, then a `role: "system"` message is
 *   `400 SYSTEM_MESSAGE_NOT_ALLOWED`, then exactly one of `ai_provider_id` / `chat_id`; the system
 *   prompt is `instructions`; unknown fields (an old `system_message`) are dropped unread.
 * What is left is checked against the generation's spec.
 * @param profile - the generation played
 * @param route - the generation's route for this call, for its validator and field names
 * @param body - the parsed body (`{}` when there was none)
 * @param chatId - the path's chat id, on the per-chat route
 * @returns the request to run, or the refusal to answer
 */
export function readCompletion(
  profile: ServerProfile,
  route: Route | undefined,
  body: Record<string, unknown>,
  chatId: string | undefined,
): { request: CompletionRequest } | { refusal: Response } {
  const stream = body.stream === true;
  const model = typeof body.model === 'string' ? body.model : undefined;
  if (profile.generation === '0.12') {
    const target =
      chatId === undefined ? { aiProviderId: body.ai_provider_id as string } : { chatId };
    return { request: { target, messages: body.messages as MockChatMessage[], model, stream } };
  }
  const refuse = (message: string, code = 'VALIDATION_FAILED') => ({
    refusal:
      code === 'VALIDATION_FAILED'
        ? routeErrorResponse(profile.structuredErrors, 400, code, message)
        : domainErrorResponse(400, code, message),
  });
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return refuse('messages is required and must be a non-empty array');
  }
  const latest = profile.generation === '0.23';
  if (latest && messages.some((message) => isObject(message) && message.role === 'system')) {
    return refuse(
      'A system message is not accepted in `messages`. Send system content in the `instructions` field instead.',
      'SYSTEM_MESSAGE_NOT_ALLOWED',
    );
  }
  const providerId = body.ai_provider_id;
  const bodyChatId = latest ? body.chat_id : undefined;
  if (latest && providerId && bodyChatId) {
    return refuse('ai_provider_id and chat_id are mutually exclusive');
  }
  if (chatId === undefined && !bodyChatId && !(typeof providerId === 'string' && providerId)) {
    return refuse(latest ? 'ai_provider_id or chat_id is required' : 'ai_provider_id is required');
  }
  const known = kept(body, route?.body?.fields);
  if (route?.body && !route.body.validate(known)) {
    return refuse(describeValidationErrors(route.body.validate.errors ?? [], 'body'));
  }
  const instructions =
    latest && typeof body.instructions === 'string' ? body.instructions : undefined;
  const target =
    chatId !== undefined
      ? { chatId }
      : typeof bodyChatId === 'string' && bodyChatId !== ''
        ? { chatId: bodyChatId }
        : { aiProviderId: providerId as string };
  return {
    request: { target, messages: known.messages as MockChatMessage[], model, instructions, stream },
  };
}

/** The body without the fields the server does not read (top level and inside messages). */
function kept(
  body: Record<string, unknown>,
  fields: readonly string[] | null | undefined,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!fields || fields.includes(key)) copy[key] = value;
  }
  if (Array.isArray(copy.messages)) {
    copy.messages = copy.messages.map((message: unknown) =>
      isObject(message)
        ? Object.fromEntries(
            Object.entries(message).filter(([key]) => MESSAGE_FIELDS.includes(key)),
          )
        : message,
    );
  }
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

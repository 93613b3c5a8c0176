import { type Context, type Document, OpenAPIBackend } from 'openapi-backend';
import spec from '../../generated/openapi.json' with { type: 'json' };
import { isAuthorized } from './auth.js';
import { createChat, deleteChat, getChat, listChats } from './chats.js';
import { createChatCompletion, createChatCompletionForChat } from './completions.js';
import { errorResponse, methodNotAllowedResponse } from './responses.js';
import type { MockStore } from './store.js';
import { describeValidationErrors } from './validation-message.js';

/** A request in the shape openapi-backend routes: the body still raw text. */
export interface ApiRequest {
  /** HTTP method. */
  method: string;
  /** URL path, without the query string. */
  path: string;
  /** Query string, without `?`. */
  query: string;
  /** Headers, lower-case names. */
  headers: Record<string, string>;
  /** Raw body, or `undefined` when empty. */
  body: string | undefined;
}

/** Answers one routed request; `signal` (the request's) stops a stream when it aborts. */
export type ApiHandler = (request: ApiRequest, signal?: AbortSignal) => Promise<Response>;

/**
 * Routes requests with openapi-backend against `generated/openapi.json` (the spec), in this
 * order: unknown route `404 {"error":"Not Found"}`, wrong method `405` `text/plain`, missing or
 * bad bearer token `401 {"error":"Unauthorized"}`, a request that breaks the spec
 * `400 {"error":"<field> <problem>"}`, then the operation's handler.
 * @param store - the mock's store the handlers work on
 * @returns the request handler; it rejects only if openapi-backend itself fails
 */
export function createApi(store: MockStore): ApiHandler {
  const api = new OpenAPIBackend({
    definition: structuredClone(spec) as unknown as Document,
    quick: true,
    validate: true,
    handlers: {
      notFound: () => errorResponse(404, 'Not Found'),
      methodNotAllowed: () => methodNotAllowedResponse(),
      unauthorizedHandler: () => errorResponse(401, 'Unauthorized'),
      validationFail: (c: Context) =>
        errorResponse(400, describeValidationErrors(c.validation.errors ?? [])),
      createChat: (c: Context) => createChat(store, c.request.requestBody),
      listChats: (c: Context) => listChats(store, stringParam(c.request.query.project_id)),
      getChat: (c: Context) => getChat(store, chatId(c)),
      deleteChat: (c: Context) => deleteChat(store, chatId(c)),
      createChatCompletion: (c: Context, signal?: AbortSignal) =>
        createChatCompletion(store, c.request.requestBody, signal),
      createChatCompletionForChat: (c: Context, signal?: AbortSignal) =>
        createChatCompletionForChat(store, chatId(c), c.request.requestBody, signal),
    },
    securityHandlers: {
      bearerAuth: (c: Context) => isAuthorized(c.request.headers.authorization, store.token),
    },
  });
  let ready: Promise<unknown> | undefined;
  return async (request, signal) => {
    ready ??= api.init();
    await ready;
    return (await api.handleRequest(request, signal)) as Response;
  };
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function chatId(c: Context): string {
  const raw = stringParam(c.request.params.chat_id) ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

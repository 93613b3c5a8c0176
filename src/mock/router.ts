import {
  type OperationId,
  type Route,
  routes,
  type Validator,
} from '../../generated/request-validators.js';
import { isAuthorized } from './auth.js';
import { createChat, deleteChat, getChat, listChats } from './chats.js';
import { createChatCompletion, createChatCompletionForChat } from './completions.js';
import { errorResponse, methodNotAllowedResponse } from './responses.js';
import type { MockStore } from './store.js';
import { describeValidationErrors } from './validation-message.js';

/** A request as the router sees it: the path from `/api/v1` on, the body still raw text. */
export interface ApiRequest {
  /** HTTP method. */
  method: string;
  /** URL path from `/api/v1` on, without the query string. */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /** Headers, lower-case names. */
  headers: Record<string, string>;
  /** Raw body, or `undefined` when empty. */
  body: string | undefined;
}

/** Answers one routed request; `signal` (the request's) stops a stream when it aborts. */
export type ApiHandler = (request: ApiRequest, signal?: AbortSignal) => Response;

/** What an operation's handler gets once the request passed auth and validation. */
interface ValidRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: validated against the operation's schema
  body: any;
  signal: AbortSignal | undefined;
}

type OperationHandlers = Record<OperationId, (request: ValidRequest) => Response>;

/**
 * Routes requests with the table generated from `openapi.yaml` (`generated/request-validators.js`),
 * in this order: unknown route `404 {"error":"Not Found"}`, wrong method `405` `text/plain`,
 * missing or bad bearer token `401 {"error":"Unauthorized"}`, a request that breaks the spec
 * `400 {"error":"<field> <problem>"}`, then the operation's handler.
 * @param store - the mock's store the handlers work on
 * @returns the request handler; it throws only if a handler does
 */
export function createApi(store: MockStore): ApiHandler {
  const handlers: OperationHandlers = {
    createChat: ({ body }) => createChat(store, body),
    listChats: ({ query }) => listChats(store, query.project_id as string | undefined),
    getChat: ({ params }) => getChat(store, params.chat_id as string),
    deleteChat: ({ params }) => deleteChat(store, params.chat_id as string),
    createChatCompletion: ({ body, signal }) => createChatCompletion(store, body, signal),
    createChatCompletionForChat: ({ params, body, signal }) =>
      createChatCompletionForChat(store, params.chat_id as string, body, signal),
  };
  return (request, signal) => {
    const match = matchRoute(request.method, request.path);
    if (match === 'not-found') return errorResponse(404, 'Not Found');
    if (match === 'method-not-allowed') return methodNotAllowedResponse();
    if (!isAuthorized(request.headers.authorization, store.token)) {
      return errorResponse(401, 'Unauthorized');
    }
    const query = queryObject(request.query);
    const queryProblem = problem(match.route.query, query, 'query');
    if (queryProblem !== undefined) return errorResponse(400, queryProblem);
    let body: unknown;
    if (match.route.body) {
      if (request.body === undefined) {
        if (match.route.body.required) return errorResponse(400, 'body is required');
      } else {
        try {
          body = JSON.parse(request.body);
        } catch (error) {
          return errorResponse(400, `body is not valid JSON: ${(error as Error).message}`);
        }
        const bodyProblem = problem(match.route.body.validate, body, 'body');
        if (bodyProblem !== undefined) return errorResponse(400, bodyProblem);
      }
    }
    return handlers[match.route.operationId]({ params: match.params, query, body, signal });
  };
}

/** The route for a method and path (trailing slashes ignored), with its decoded path params. */
function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'not-found' | 'method-not-allowed' {
  const segments = path.replace(/\/+$/, '').split('/');
  let pathExists = false;
  let best: { route: Route; params: Record<string, string>; templated: number } | undefined;
  for (const route of routes) {
    const params = matchPath(route.path.split('/'), segments);
    if (!params) continue;
    pathExists = true;
    if (route.method !== method) continue;
    const templated = Object.keys(params).length;
    if (!best || templated < best.templated) best = { route, params, templated };
  }
  if (best) return best;
  return pathExists ? 'method-not-allowed' : 'not-found';
}

function matchPath(
  template: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index] as string;
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (segment !== part) return undefined;
    } else {
      if (segment === '') return undefined;
      params[name] = decode(segment);
    }
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Query parameters as the schema sees them: one value is a string, a repeated one an array. */
function queryObject(search: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

function problem(validate: Validator, value: unknown, root: string): string | undefined {
  if (validate(value)) return undefined;
  return describeValidationErrors(validate.errors ?? [], root);
}

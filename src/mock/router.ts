import {
  type Route,
  routesByGeneration,
  type Validator,
} from '../../generated/request-validators.js';
import { isAuthorized } from './auth.js';
import { type ChatContext, createChat, deleteChat, getChat, listChats } from './chats.js';
import { runCompletion } from './completions.js';
import { type ServerProfile, specKey } from './generations.js';
import { readCompletion, readCreateChat, strictFieldsProblem } from './request-rules.js';
import {
  errorResponse,
  methodNotAllowedResponse,
  plainNotFoundResponse,
  routeErrorResponse,
} from './responses.js';
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

/** What an operation's handler gets once the request passed auth and the generation's checks. */
interface ValidRequest {
  route: Route;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

type OperationHandler = (request: ValidRequest) => Response;

/**
 * Routes requests with the generation's table generated from its spec
 * (`generated/request-validators.js`), in this order: unknown route `404`, wrong method `405`
 * `text/plain`, missing or bad bearer token `401`, then the generation's checks (0.12.x: the
 * query and body against the documented spec, `400 {"error":"<field> <problem>"}`; 0.13+: the
 * server's own refusals, see `request-rules.ts`), then the operation's handler.
 * @param store - the mock's store the handlers work on
 * @param profile - the SOAT generation played
 * @returns the request handler; it throws only if a handler does
 */
export function createApi(store: MockStore, profile: ServerProfile): ApiHandler {
  const routes = routesByGeneration[specKey(profile, Object.keys(routesByGeneration))] ?? [];
  const handlers = operationHandlers({ store, profile });
  const structured = profile.structuredErrors;
  // Without a version the mock plays the documented API as it always has: openapi.yaml checked
  // strictly, its own 404 and 405. A versioned mock plays that server's bytes.
  const documented = profile.parsed === undefined;
  const validatesBody = profile.generation === '0.12';
  return (request, signal) => {
    // Koa's router answers HEAD wherever it answers GET (a versioned mock does too).
    const method = request.method === 'HEAD' && !documented ? 'GET' : request.method;
    const match = matchRoute(routes, method, request.path);
    if (match === 'not-found') {
      return documented ? errorResponse(404, 'Not Found') : plainNotFoundResponse();
    }
    if (typeof match === 'string') {
      return methodNotAllowedResponse(documented ? undefined : match.slice('allow:'.length));
    }
    if (!isAuthorized(request.headers.authorization, store.token)) {
      return routeErrorResponse(structured, 401, 'UNAUTHORIZED', 'Unauthorized');
    }
    const handler = handlers[`${match.route.method} ${match.route.path}`];
    if (!handler) return documented ? errorResponse(404, 'Not Found') : plainNotFoundResponse();
    if (match.route.query) {
      const query = queryObject(request.query);
      // The paging parameters a client sends for newer servers: SOAT 0.12 ignores them (and
      // answers every chat) rather than refusing them; other unknown parameters are refused.
      if (match.route.path === '/api/v1/chats') {
        delete query.limit;
        delete query.offset;
      }
      const queryProblem = problem(match.route.query, query, 'query');
      if (queryProblem !== undefined) return errorResponse(400, queryProblem);
    }
    let body: unknown;
    if (match.route.body) {
      if (request.body === undefined) {
        if (match.route.body.required && validatesBody) {
          return errorResponse(400, 'body is required');
        }
      } else {
        try {
          body = JSON.parse(request.body);
        } catch (error) {
          const reason = (error as Error).message;
          return validatesBody
            ? errorResponse(400, `body is not valid JSON: ${reason}`)
            : routeErrorResponse(
                structured,
                400,
                'VALIDATION_FAILED',
                `Malformed request body: ${reason}`,
              );
        }
      }
      if (validatesBody) {
        if (body !== undefined) {
          const bodyProblem = problem(match.route.body.validate, body, 'body');
          if (bodyProblem !== undefined) return errorResponse(400, bodyProblem);
        }
      } else if (match.route.method === 'POST' && match.route.path === '/api/v1/chats') {
        const refusal = strictFieldsProblem(profile, match.route, body ?? {});
        if (refusal) return refusal;
      }
    }
    return handler({
      route: match.route,
      params: match.params,
      query: request.query,
      body: isObject(body) ? body : {},
      signal,
    });
  };
}

/** The handlers of every route any generation has, by `METHOD path`. */
function operationHandlers(context: ChatContext): Record<string, OperationHandler> {
  const { store, profile } = context;
  const completion: OperationHandler = ({ route, params, body, signal }) => {
    const read = readCompletion(profile, route, body, params.chat_id);
    return 'refusal' in read ? read.refusal : runCompletion(store, profile, read.request, signal);
  };
  return {
    'POST /api/v1/chats': ({ body }) => {
      const read = readCreateChat(profile, body);
      return 'refusal' in read ? read.refusal : createChat(context, read.input);
    },
    'GET /api/v1/chats': ({ query }) => listChats(context, query),
    'GET /api/v1/chats/{chat_id}': ({ params }) => getChat(context, params.chat_id as string),
    'DELETE /api/v1/chats/{chat_id}': ({ params }) => deleteChat(context, params.chat_id as string),
    'POST /api/v1/chats/completions': completion,
    'POST /api/v1/chat/completions': completion,
    'POST /api/v1/chats/{chat_id}/completions': completion,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The route for a method and path (trailing slashes ignored), with its decoded path params;
 * `allow:<methods>` when the path exists without that method.
 */
function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'not-found' | `allow:${string}` {
  const segments = path.replace(/\/+$/, '').split('/');
  const allowed = new Set<string>();
  let best: { route: Route; params: Record<string, string>; templated: number } | undefined;
  for (const route of routes) {
    const params = matchPath(route.path.split('/'), segments);
    if (!params) continue;
    if (route.method === 'GET') allowed.add('HEAD');
    allowed.add(route.method);
    if (route.method !== method) continue;
    const templated = Object.keys(params).length;
    if (!best || templated < best.templated) best = { route, params, templated };
  }
  if (best) return best;
  return allowed.size > 0 ? `allow:${[...allowed].join(', ')}` : 'not-found';
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

/**
 * The spec's complaint about a value, as one message naming each offending field.
 * @param validate - a generated validator
 * @param value - the value
 * @param root - `body` or `query`
 * @returns the message, or `undefined` when the value is valid
 */
export function problem(validate: Validator, value: unknown, root: string): string | undefined {
  if (validate(value)) return undefined;
  return describeValidationErrors(validate.errors ?? [], root);
}

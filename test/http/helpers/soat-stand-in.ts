import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for one SOAT server of a given version, on 127.0.0.1, as its source reads at that
 * tag (see openapi/<generation>.yaml): its routes, field names, list shape, refusals (with the
 * real bytes: Koa's plain-text 404 and 405, `Unknown field(s)`, `SYSTEM_MESSAGE_NOT_ALLOWED`)
 * and the fields it silently ignores. It records every request and, for every completion, the
 * system prompt it applied (`null` for none), which is also the start of the answer's text.
 */
export interface SoatStandIn {
  readonly baseUrl: string;
  /** Every request, in order: method, path (with query) and parsed JSON body. */
  readonly requests: { method: string; url: string; body: unknown }[];
  /** The system prompt applied by each completion, in order. */
  readonly applied: (string | null)[];
  /** The chats stored, by id. */
  readonly chats: Map<string, Record<string, unknown>>;
  /** Answers the next `count` requests with `status` (after recording them). */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export const TOKEN = 'sk_stand_in';

/** The version's minor and patch: `0.13.9` → [13, 9]. */
function parse(version: string): [number, number] {
  const [, minor = '0', patch = '0'] = version.split('.');
  return [Number(minor), Number(patch)];
}

/** Starts a stand-in of SOAT `version` (e.g. `0.12.2`, `0.20.0`, `0.28.0`). */
export async function startSoatStandIn(version: string): Promise<SoatStandIn> {
  const [minor, patch] = parse(version);
  const atLeast = (m: number, p = 0) => minor > m || (minor === m && patch >= p);
  const newest = atLeast(23);
  const promptField = newest ? 'instructions' : 'system_message';
  const strictCreate = atLeast(13, 9);
  const paged = atLeast(15, 13);
  const stateless = atLeast(13) ? '/api/v1/chat/completions' : '/api/v1/chats/completions';
  const requests: SoatStandIn['requests'] = [];
  const applied: (string | null)[] = [];
  const chats = new Map<string, Record<string, unknown>>();
  let failures = { count: 0, status: 0 };
  let ids = 0;

  const text = (res: ServerResponse, status: number, body: string, headers = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  /** A route-level error: a string before 0.22 (0.12's validation), an object from then on. */
  const fail = (
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    meta?: object,
  ) =>
    json(res, status, {
      error:
        atLeast(22) || code !== 'VALIDATION_FAILED'
          ? { code, message, ...(meta && { meta }) }
          : message,
    });

  const complete = (res: ServerResponse, body: Record<string, unknown>, prompt: string | null) => {
    applied.push(prompt);
    const messages = body.messages as { role: string; content?: string }[];
    const last = messages.filter((m) => m.role !== 'system').at(-1)?.content ?? '';
    const answer = `[prompt: ${prompt ?? 'none'}] ${last}`;
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const piece of [answer.slice(0, 5), answer.slice(5)]) {
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
      return;
    }
    json(res, 200, {
      object: 'chat.completion',
      model: (body.model as string) ?? 'stand-in-model',
      choices: [
        { index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' },
      ],
    });
  };
  /** 0.12 – 0.22 apply the first `system` message and drop every other. */
  const firstSystem = (messages: { role: string; content?: string }[]) =>
    messages.find((m) => m.role === 'system')?.content ?? null;

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {}
    requests.push({ method, url: `${url.pathname}${url.search}`, body: raw ? body : undefined });
    if (failures.count > 0) {
      failures.count--;
      return json(res, failures.status, { error: 'stand-in failure' });
    }
    // Routing comes first, as Koa's: an unknown path is a plain 404, a known one with another
    // method a plain 405, both before any auth check.
    const chatMatch = path === stateless ? null : /^\/api\/v1\/chats\/([^/]+)$/.exec(path);
    const chatCompletionMatch = /^\/api\/v1\/chats\/([^/]+)\/completions$/.exec(path);
    const route =
      path === '/api/v1/chats'
        ? ['GET', 'POST']
        : path === stateless
          ? ['POST']
          : chatCompletionMatch && !newest
            ? ['POST']
            : chatMatch
              ? ['GET', 'DELETE']
              : undefined;
    if (!route) return text(res, 404, 'Not Found');
    if (!route.includes(method)) {
      return text(res, 405, 'Method Not Allowed', { allow: [...route, 'HEAD'].join(', ') });
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return json(res, 401, {
        error: atLeast(22) ? { code: 'UNAUTHORIZED', message: 'Unauthorized' } : 'Unauthorized',
      });
    }
    if (path === '/api/v1/chats' && method === 'POST') {
      const known = ['ai_provider_id', 'project_id', 'name', promptField, 'model'];
      const unknown = Object.keys(body).filter((key) => !known.includes(key));
      if (strictCreate && unknown.length) {
        return fail(res, 400, 'VALIDATION_FAILED', `Unknown field(s): ${unknown.join(', ')}`, {
          unknownFields: unknown,
        });
      }
      const id = `chat_${++ids}`;
      const now = new Date(0).toISOString();
      const chat = {
        id,
        project_id: body.project_id ?? 'proj_1',
        ai_provider_id: body.ai_provider_id ?? null,
        name: body.name ?? null,
        [promptField]: typeof body[promptField] === 'string' ? body[promptField] : null,
        model: body.model ?? null,
        created_at: now,
        updated_at: now,
      };
      chats.set(id, chat);
      return json(res, 201, chat);
    }
    if (path === '/api/v1/chats') {
      const list = [...chats.values()].reverse();
      if (!paged) return json(res, 200, list);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return json(res, 200, {
        data: list.slice(offset, offset + limit),
        total: list.length,
        limit,
        offset,
      });
    }
    if (chatMatch) {
      const chat = chats.get(decodeURIComponent(chatMatch[1] as string));
      if (!chat) return fail(res, 404, 'RESOURCE_NOT_FOUND', `Chat '${chatMatch[1]}' not found.`);
      if (method === 'DELETE') {
        chats.delete(chat.id as string);
        return json(res, 204);
      }
      return json(res, 200, chat);
    }
    // Completions.
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0) {
      return fail(
        res,
        400,
        'VALIDATION_FAILED',
        'messages is required and must be a non-empty array',
      );
    }
    if (chatCompletionMatch) {
      const chat = chats.get(decodeURIComponent(chatCompletionMatch[1] as string));
      if (!chat) return fail(res, 400, 'CHAT_NOT_FOUND', 'Chat not found');
      return complete(res, body, firstSystem(messages) ?? (chat.system_message as string | null));
    }
    if (!newest) {
      // `system_message` is read nowhere here: silently ignored.
      if (typeof body.ai_provider_id !== 'string') {
        return fail(res, 400, 'VALIDATION_FAILED', 'ai_provider_id is required');
      }
      return complete(res, body, firstSystem(messages));
    }
    if (messages.some((m: { role?: unknown }) => m?.role === 'system')) {
      return fail(
        res,
        400,
        'SYSTEM_MESSAGE_NOT_ALLOWED',
        'A system message is not accepted in `messages`. Send system content in the `instructions` field instead.',
      );
    }
    const { ai_provider_id, chat_id } = body;
    if (ai_provider_id && chat_id) {
      return fail(
        res,
        400,
        'VALIDATION_FAILED',
        'ai_provider_id and chat_id are mutually exclusive',
      );
    }
    if (!ai_provider_id && !chat_id) {
      return fail(res, 400, 'VALIDATION_FAILED', 'ai_provider_id or chat_id is required');
    }
    // `system_message` is ignored here too: only `instructions` counts.
    const own = typeof body.instructions === 'string' ? body.instructions : undefined;
    if (chat_id) {
      const chat = chats.get(chat_id as string);
      if (!chat) return fail(res, 400, 'CHAT_NOT_FOUND', `Chat '${chat_id}' not found.`);
      return complete(res, body, own ?? (chat.instructions as string | null));
    }
    return complete(res, body, own ?? null);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    applied,
    chats,
    failNext(count, status) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

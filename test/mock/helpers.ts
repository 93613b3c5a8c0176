import type { MockChat } from '../../src/mock/index.js';
import { BASE_URL, TOKEN } from '../setup.js';

/** Options of {@link call}. */
export interface CallOptions {
  method?: string;
  /** Serialised as JSON unless it is already a string. */
  body?: unknown;
  /** The bearer token; `null` sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
}

/** A plain `fetch` to the msw mock at BASE_URL, authorized with TOKEN unless told otherwise. */
export function call(path: string, options: CallOptions = {}): Promise<Response> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, token = TOKEN } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  return fetch(`${BASE_URL}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** Creates a chat through the API and returns it. */
export async function createChat(body: Record<string, unknown> = {}): Promise<MockChat> {
  const response = await call('/api/v1/chats', { body: { ai_provider_id: 'aip_1', ...body } });
  if (response.status !== 201) throw new Error(`createChat: ${response.status}`);
  return (await response.json()) as MockChat;
}

/** One user message. */
export const userSays = (content: string) => [{ role: 'user' as const, content }];

/** The status, content type and body text of a response, to compare at once. */
export async function wire(response: Response) {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

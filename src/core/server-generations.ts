import { SoatError } from '../errors.js';
import { quote } from '../streaming/describe.js';

/**
 * What one generation of SOAT's Chats API expects. Everything the SDK does differently per
 * SOAT version is read from here (specs: `openapi/<generation>.yaml`):
 *
 * | | 0.12.x | 0.13 – 0.22 | 0.23 – 0.28 |
 * |---|---|---|---|
 * | stateless completion | `POST /api/v1/chats/completions` | `POST /api/v1/chat/completions` | same, with `ai_provider_id` |
 * | completion on a chat | `POST /api/v1/chats/{chat_id}/completions` | same | `chat_id` in the stateless route's body |
 * | system prompt of a chat | `system_message` | `system_message` | `instructions` |
 * | system prompt of a completion | a leading `system` message | same | `instructions` (a `system` message is a 400) |
 * | `GET /api/v1/chats` | an array | an array, a page `{ data, total, limit, offset }` from 0.15.13 | a page |
 *
 * Neither of the first two reads a top-level `system_message` on a completion: it is silently
 * ignored there, hence the leading message. The list's two shapes are both read on every
 * generation (see `chatsOf`), so they need no column of their own.
 */
export interface Generation {
  /** The first SOAT version of the generation, e.g. `0.13`. */
  readonly since: string;
  /** The path of a stateless completion. */
  readonly completions: string;
  /**
   * Whether the system prompt is called `instructions` (else `system_message`), travels as
   * `instructions` on a completion (else as a leading `system` message, since the server
   * refuses none but reads only that), and a chat's completion names the chat as `chat_id` in
   * the body of `completions` (else in the path `/api/v1/chats/{chat_id}/completions`).
   */
  readonly instructions: boolean;
}

/** The generations, oldest first. */
export const GENERATIONS: readonly Generation[] = [
  { since: '0.12', completions: '/api/v1/chats/completions', instructions: false },
  { since: '0.13', completions: '/api/v1/chat/completions', instructions: false },
  { since: '0.23', completions: '/api/v1/chat/completions', instructions: true },
];

/**
 * The index in `GENERATIONS` of a SOAT version such as `0.28.0` (also `v0.28.0`, `0.28`,
 * `0.28.0-rc.1`). A version older than 0.12 counts as 0.12's generation, one newer than the
 * newest known (any `1.x`, say) as the newest.
 * @throws `SoatError` when `version` is not such a version.
 */
export function generationOf(version: unknown): number {
  const match = /^v?(\d+)\.(\d+)(\.\d+)?([-+][\w.+-]*)?$/.exec(String(version).trim());
  if (typeof version !== 'string' || !match) {
    throw new SoatError(
      `SoatClient: \`serverVersion\` (or SOAT_SERVER_VERSION) must be a SOAT version such as "0.28.0"; got ${typeof version === 'string' ? quote(version) : typeof version}`,
    );
  }
  const minor = Number(match[1]) > 0 ? Infinity : Number(match[2]);
  let index = 0;
  GENERATIONS.forEach((generation, i) => {
    if (minor >= Number(generation.since.slice(2))) index = i;
  });
  return index;
}

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
 * generation (see `Chats.listChats`), so they need no field of their own.
 */
export interface Generation {
  /** The first SOAT version of the generation is `0.<since>`, e.g. 13 for 0.13. */
  readonly since: number;
  /** The path of a stateless completion. */
  readonly completions: string;
  /**
   * Whether the system prompt is called `instructions` (else `system_message`), travels as
   * `instructions` on a completion (else as one leading `system` message: such a server ignores
   * a top-level prompt there and reads only the first `system` message), and a chat's
   * completion names the chat as `chat_id` in the body of `completions` (else in the path
   * `/api/v1/chats/{chat_id}/completions`).
   */
  readonly instructions: boolean;
}

/** The generations, oldest first. */
export const GENERATIONS: readonly Generation[] = [
  { since: 12, completions: '/api/v1/chats/completions', instructions: false },
  { since: 13, completions: '/api/v1/chat/completions', instructions: false },
  { since: 23, completions: '/api/v1/chat/completions', instructions: true },
];

/**
 * The index in `GENERATIONS` of a SOAT version such as `0.28.0` (also `v0.28.0`, `0.28`,
 * `0.28.0-rc.1`); `undefined` for no version. A version older than 0.12 counts as 0.12's
 * generation, one newer than the newest known (any `1.x`, say) as the newest.
 * @throws `SoatError` when `version` is given and is not such a version.
 */
export function generationOf(version: unknown): number | undefined {
  if (version === undefined) return;
  const match = /^v?(\d+)\.(\d+)(\.\d+)?([-+].*)?$/.exec(`${version}`.trim());
  if (typeof version !== 'string' || !match) {
    throw new SoatError(
      `SoatClient: \`serverVersion\` (or SOAT_SERVER_VERSION) must look like "0.28.0"; got ${quote(`${version}`)}`,
    );
  }
  const minor = Number(match[1]) ? 1e9 : Number(match[2]);
  return GENERATIONS.reduce(
    (found, generation, index) => (minor >= generation.since ? index : found),
    0,
  );
}

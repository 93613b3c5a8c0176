import { SoatError } from '../errors.js';

/** The SOAT generations whose Chats API differs: 0.12.x (documented), 0.13–0.22, 0.23–0.28. */
export type SoatGeneration = '0.12' | '0.13' | '0.23';

/**
 * What the mock plays for one SOAT server version: its generation and the smaller changes
 * inside it, each from the release that brought it (read from the SOAT repository's tags).
 */
export interface ServerProfile {
  /** The version played, as given (or `0.12.x` by default). */
  version: string;
  /** The version as numbers; `undefined` by default (the documented API, openapi.yaml). */
  parsed: readonly [number, number, number] | undefined;
  /** Routes and field names: see {@link SoatGeneration}. */
  generation: SoatGeneration;
  /** `POST /api/v1/chats` refuses unknown fields with `400 VALIDATION_FAILED` (0.13.9+). */
  strictCreateChat: boolean;
  /** `GET /api/v1/chats` answers `{ data, total, limit, offset }` instead of an array (0.15.13+). */
  pagedList: boolean;
  /** Every answer carries `X-Request-Id`: the request's own, or a new UUID (0.15.12+). */
  requestIds: boolean;
  /** Field names in handler messages are snake_case (0.17.0+; before, `aiProviderId`). */
  snakeCaseMessages: boolean;
  /**
   * `POST /api/v1/chats` may omit `ai_provider_id`, to inherit the project's default model route
   * (0.18.0+); the mock has none, so it answers as a project without one does.
   */
  providerOptional: boolean;
  /** Every error body is `{ error: { code, message, meta? } }`, none a bare string (0.20.1+). */
  structuredErrors: boolean;
}

type Version = readonly [number, number, number];

/** Each change, from the first version that has it. */
const SINCE = {
  chatCompletionsRoute: [0, 13, 0],
  strictCreateChat: [0, 13, 9],
  requestIds: [0, 15, 12],
  pagedList: [0, 15, 13],
  snakeCaseMessages: [0, 17, 0],
  providerOptional: [0, 18, 0],
  structuredErrors: [0, 20, 1],
  instructions: [0, 23, 0],
} as const satisfies Record<string, Version>;

const VERSION = /^v?(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/**
 * The profile the mock plays for a server version. Any `0.x` (or later) version maps to its
 * generation; a version newer than the newest known (0.28) plays the newest; one older than
 * 0.12 plays 0.12. Without a version the mock plays the documented 0.12.x.
 * @param serverVersion - e.g. `'0.28.0'`, `'v0.16'`, `'0.12.2'`; `undefined` for 0.12.x
 * @returns the profile; never throws for a well-formed version
 * @throws `SoatError` when `serverVersion` is not a version such as `0.28.0`
 */
export function serverProfile(serverVersion?: string): ServerProfile {
  if (serverVersion === undefined) return { ...profileOf('0.12.x', [0, 12, 0]), parsed: undefined };
  const match = typeof serverVersion === 'string' ? VERSION.exec(serverVersion.trim()) : null;
  if (!match) {
    throw new SoatError(
      `serverVersion must be a SOAT version such as '0.28.0', got ${describe(serverVersion)}`,
    );
  }
  const parsed: Version = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return profileOf(serverVersion.trim(), parsed);
}

function profileOf(version: string, parsed: Version): ServerProfile {
  const since = (feature: Version) => compare(parsed, feature) >= 0;
  return {
    version,
    parsed,
    generation: since(SINCE.instructions)
      ? '0.23'
      : since(SINCE.chatCompletionsRoute)
        ? '0.13'
        : '0.12',
    strictCreateChat: since(SINCE.strictCreateChat),
    requestIds: since(SINCE.requestIds),
    pagedList: since(SINCE.pagedList),
    snakeCaseMessages: since(SINCE.snakeCaseMessages),
    providerOptional: since(SINCE.providerOptional),
    structuredErrors: since(SINCE.structuredErrors),
  };
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}

/** The key of openapi.yaml's route table: the documented API, played when no version is given. */
export const DOCUMENTED_SPEC = 'documented';

/**
 * The key of the generated route table a profile uses: openapi.yaml's without a version; else
 * the spec whose range starts latest at or before the version played (keys are each spec's first
 * version, e.g. `0.15.13`).
 * @param profile - the profile played
 * @param available - the keys of `routesByGeneration`
 * @returns the key; {@link DOCUMENTED_SPEC} when no spec starts at or before the version
 */
export function specKey(profile: ServerProfile, available: readonly string[]): string {
  if (profile.parsed === undefined) return DOCUMENTED_SPEC;
  let best = DOCUMENTED_SPEC;
  let bestStart: Version | undefined;
  for (const key of available) {
    const match = VERSION.exec(key);
    if (!match) continue;
    const start: Version = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
    if (compare(start, profile.parsed) > 0) continue;
    if (bestStart === undefined || compare(start, bestStart) > 0) {
      best = key;
      bestStart = start;
    }
  }
  return best;
}

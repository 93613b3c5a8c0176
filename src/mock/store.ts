import type {
  ReplyScript,
  SoatBackendControls,
  SoatBackendOptions,
  SoatMockState,
} from './types.js';

/** The mutable heart of one mock: its state, its script queue and its configuration. */
export interface MockStore extends SoatBackendControls {
  /** The bearer token required, if any. */
  readonly token: string | undefined;
  /**
   * Whether an AI provider exists.
   * @param id - the provider id
   */
  providerExists(id: string): boolean;
  /** Takes the next queued script, if any. */
  takeScript(): ReplyScript | undefined;
}

/**
 * Creates the state and controls of one mock.
 * @param options - token, known AI providers and seeded documents
 * @returns the store; never throws
 */
export function createMockStore(options: SoatBackendOptions = {}): MockStore {
  const providers = options.aiProviders ? new Set(options.aiProviders) : undefined;
  const scripts: ReplyScript[] = [];
  const state: SoatMockState = {
    chats: [],
    requests: [],
    completions: [],
    documents: new Map(Object.entries(options.documents ?? {})),
  };
  return {
    state,
    token: options.token,
    providerExists: (id) => providers?.has(id) ?? true,
    takeScript: () => scripts.shift(),
    reply(script) {
      scripts.push({ ...script });
    },
    reset() {
      state.chats.length = 0;
      state.requests.length = 0;
      state.completions.length = 0;
      scripts.length = 0;
    },
    seedDocument(id, content) {
      state.documents.set(id, content);
    },
  };
}

import { checkPause, checkScript } from './script-check.js';
import type {
  CompletionScript,
  HttpReplyScript,
  ReplyScript,
  SoatBackendControls,
  SoatBackendOptions,
  SoatMockState,
} from './types.js';

/** The mutable heart of one mock: its state, its script queue and its configuration. */
export interface MockStore extends SoatBackendControls {
  /** The bearer token required, if any. */
  readonly token: string | undefined;
  /** Milliseconds between streamed pieces when a script gives none. */
  readonly pauseMs: number;
  /**
   * Whether an AI provider exists.
   * @param id - the provider id
   */
  providerExists(id: string): boolean;
  /** Takes one use of the first queued script if it is an HTTP answer (it has a `status`). */
  takeHttpScript(): HttpReplyScript | undefined;
  /** Takes one use of the first queued script if it is a completion script. */
  takeCompletionScript(): CompletionScript | undefined;
}

/** A queued script and how many more times it answers. */
interface Queued {
  script: ReplyScript;
  remaining: number;
}

/**
 * Creates the state and controls of one mock.
 * @param options - token, known AI providers, seeded documents, default pause
 * @returns the store
 * @throws `SoatError` when `pauseMs` is negative or not a number
 */
export function createMockStore(options: SoatBackendOptions = {}): MockStore {
  const providers = options.aiProviders ? new Set(options.aiProviders) : undefined;
  const queue: Queued[] = [];
  const state: SoatMockState = {
    chats: [],
    requests: [],
    completions: [],
    documents: new Map(Object.entries(options.documents ?? {})),
  };
  checkPause(options.pauseMs, 'pauseMs');
  const take = <T extends ReplyScript>(matches: (script: ReplyScript) => script is T) => {
    const head = queue[0];
    if (!head || !matches(head.script)) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) queue.shift();
    return head.script;
  };
  return {
    state,
    token: options.token,
    pauseMs: options.pauseMs ?? 0,
    providerExists: (id) => providers?.has(id) ?? true,
    takeHttpScript: () => take(isHttpScript),
    takeCompletionScript: () => take((script): script is CompletionScript => !isHttpScript(script)),
    reply(script) {
      checkScript(script);
      queue.push({ script: { ...script }, remaining: script.times ?? 1 });
    },
    reset() {
      state.chats.length = 0;
      state.requests.length = 0;
      state.completions.length = 0;
      queue.length = 0;
    },
    seedDocument(id, content) {
      state.documents.set(id, content);
    },
  };
}

/**
 * Whether a script scripts an HTTP answer rather than a completion.
 * @param script - a queued script
 */
export function isHttpScript(script: ReplyScript): script is HttpReplyScript {
  return 'status' in script && script.status !== undefined;
}

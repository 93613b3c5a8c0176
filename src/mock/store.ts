import { SoatError } from '../errors.js';
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

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

function checkScript(script: ReplyScript): void {
  if (typeof script !== 'object' || script === null) {
    throw new SoatError(`mock.reply() takes a script object, got ${String(script)}`);
  }
  const { times } = script;
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new SoatError(`mock.reply(): times must be a whole number from 1, got ${String(times)}`);
  }
  if (!isHttpScript(script)) {
    checkPause(script.pauseMs, 'mock.reply(): pauseMs');
    return;
  }
  const { status } = script;
  if (!(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new SoatError(
      `mock.reply(): status must be a whole number from 200 to 599, got ${String(status)}`,
    );
  }
  if (NULL_BODY_STATUSES.has(status) && script.body !== undefined) {
    throw new SoatError(`mock.reply(): a ${status} answer cannot have a body`);
  }
  if (script.body !== undefined && typeof script.body !== 'string') {
    try {
      JSON.stringify(script.body);
    } catch (cause) {
      throw new SoatError('mock.reply(): body is neither a string nor JSON-serialisable', {
        cause,
      });
    }
  }
}

function checkPause(pauseMs: unknown, name: string): void {
  if (pauseMs === undefined) return;
  if (typeof pauseMs !== 'number' || !(pauseMs >= 0) || !Number.isFinite(pauseMs)) {
    throw new SoatError(`${name} must be a number of milliseconds from 0, got ${String(pauseMs)}`);
  }
}

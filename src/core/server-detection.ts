import { onAbort } from './abort-listener.js';
import type { SoatResult } from './options.js';
import { GENERATIONS, type Generation } from './server-generations.js';

/** One way to send a call: the path (a template), `chat_id` for it, and the JSON body. */
export interface Plan {
  path: string;
  chat_id?: string | undefined;
  body?: object | undefined;
}

/**
 * Sends a call shaped for the server's generation: `planFor` says how each generation takes
 * it (or throws a `SoatError` where one cannot), `send` sends one plan. A call waiting for
 * another to find the generation out rejects with `signal`'s reason as soon as it aborts.
 */
export type Detect = <T>(
  planFor: (generation: Generation) => Plan,
  send: (plan: Plan) => Promise<SoatResult<T>>,
  signal?: AbortSignal | undefined,
) => Promise<SoatResult<T>>;

/**
 * Builds what finds out, for one client, which generation its server is: pinned to one index of
 * `GENERATIONS`, or from the server's own answers.
 *
 * Unpinned, a call is sent as every generation the server may still be would take it: when
 * they agree (a chat's get, list or delete; a call without a system prompt once its route is
 * known) nothing is learnt or spent. When they differ, the call goes out as the oldest of them
 * takes it, one such call at a time (concurrent ones wait for it): every older shape is refused
 * loudly by a newer server and before any effect (`405` for the old stateless route, a plain
 * `404` for the gone per-chat route, `400` for a `system` message or an unknown prompt field),
 * never silently ignored. A refusal rules out the generations that would have taken that shape
 * and the call is sent again; a success rules out those that would not. Each refusal rules out
 * at least one of the three generations, so a client's life costs at most two extra requests.
 * Any other answer (401, 5xx) rules out nothing, and the next waiting call tries; a call that
 * gets no answer at all (it throws: unreachable, timed out) lets every waiting call go at once,
 * since each might wait as long again.
 */
export function createDetection(pinned?: number): Detect {
  let possible = pinned === undefined ? GENERATIONS.map((_, index) => index) : [pinned];
  // Resolves once the call finding out has its answer: `true` when it had none (it threw).
  let exploring: Promise<boolean> | undefined;
  return async <T>(
    planFor: (generation: Generation) => Plan,
    send: (plan: Plan) => Promise<SoatResult<T>>,
    signal?: AbortSignal | undefined,
  ): Promise<SoatResult<T>> => {
    let release: ((unanswered: boolean) => void) | undefined;
    let result: SoatResult<T> | undefined;
    // After a call that got no answer (an unreachable or silent server), the calls waiting on
    // it go at once rather than one after another: each might wait as long again.
    let alone = false;
    try {
      for (;;) {
        const generations = possible;
        const plans = generations.map((index) => {
          try {
            return planFor(GENERATIONS[index] as Generation);
          } catch (error) {
            return error as Error;
          }
        });
        // A plan always has a path: no error's key is a plan's.
        const keys = plans.map(keyOf);
        const at = plans.findIndex((plan) => !(plan instanceof Error));
        if (at < 0) throw plans[0];
        const agreed = keys.every((key) => key === keys[0]);
        if (!agreed && !release && !alone) {
          if (exploring) {
            alone = await unlessAborted(exploring, signal);
            continue;
          }
          exploring = new Promise((resolve) => {
            release = resolve;
          });
        }
        result = await send(plans[at] as Plan);
        if (agreed) return result;
        const refused = isRefusal(result, plans[at] as Plan);
        // A refusal rules out the generations that would have sent the same, an answer those
        // that would not; answers that contradict each other (servers of two versions behind
        // one address) rule out nothing.
        const left = possible.filter(
          (index) => (keys[generations.indexOf(index)] === keys[at]) !== refused,
        );
        if (left.length && (refused || !result.error)) possible = left;
        if (!(refused && left.length)) return result;
      }
    } finally {
      if (release) {
        exploring = undefined;
        release(!result);
      }
    }
  };
}

/**
 * `waiting`, or a rejection with `signal`'s reason as soon as it aborts (the caller stopped
 * waiting for its turn); the listener is removed either way.
 */
function unlessAborted<T>(waiting: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return waiting;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason));
    waiting.then((value) => {
      stop();
      resolve(value);
    });
  });
}

/**
 * A plan as text, to compare plans. A body JSON cannot hold (a BigInt, a cycle) gives one key
 * for all: the call is sent once and the transport reports that it cannot be built.
 */
function keyOf(plan: Plan | Error): string {
  try {
    return JSON.stringify(plan);
  } catch {
    return '';
  }
}

/**
 * Whether an error answer to `plan` is a SOAT server refusing a shape of another generation:
 * `405` (the 0.12 stateless route on a newer server), `404` to a completion on the chat in the
 * path (that route is gone in 0.23; before, a missing chat there is a `400 CHAT_NOT_FOUND`),
 * `400 SYSTEM_MESSAGE_NOT_ALLOWED`, or `400` "Unknown field(s)" naming a system prompt field.
 */
function isRefusal({ error, response }: SoatResult<unknown>, plan: Plan): boolean {
  if (!error) return false;
  const { status } = response;
  // An error status's `error` is always text or an object (see `toErrorResponse`).
  const detail = error.error as { code?: unknown; message?: unknown };
  return (
    status === 405 ||
    (status === 404 && plan.chat_id !== undefined) ||
    (status === 400 &&
      (detail.code === 'SYSTEM_MESSAGE_NOT_ALLOWED' ||
        /Unknown field.*\b(system_message|instructions)\b/.test(`${detail.message}`)))
  );
}

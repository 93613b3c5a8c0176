/**
 * Runs each contender in a worker thread of its own, so that contenders share neither a JIT
 * (one contender's callbacks would otherwise make shared code, such as eventsource-parser's
 * `feed` or the web-streams internals, polymorphic for the others) nor a heap (one's garbage
 * would be collected during another's run).
 *
 * The main thread runs them in pairs: the baseline, then a contender, back to back (the other
 * way round every other round), one timed run at a time, so that each ratio compares two runs
 * made under the same machine load. On a 2-core machine shared with other test runs, the load
 * changes within seconds; comparing each contender with its neighbouring baseline run, rather
 * than with a baseline median taken over the whole run, keeps those changes out of the ratio.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { median, type Sample, startClock } from './stats.js';

interface Request {
  task: string;
}
type Reply = { ready: true } | { sample: Sample; check: string } | { error: string };

/** Options of {@link comparePaired}. */
export interface PairedOptions {
  /** The module that calls {@link serveContender} when loaded in a worker. */
  entry: URL;
  /** The contender every other one is divided by. */
  baseline: string;
  /** The other contenders. */
  names: readonly string[];
  /** Each task is timed separately, e.g. `sequential` and `concurrency 16`. */
  tasks: readonly string[];
  rounds: number;
  warmup: number;
  /** Passed to every worker as `workerData.options`. */
  options: unknown;
  /** When given, every run's check must be this; otherwise they must only agree. */
  expectedCheck?: string;
  /**
   * Contenders paired only every n-th round: slow ones shown for information, so that the
   * budgeted contenders get more pairs in the same time.
   */
  everyNthRound?: Record<string, number>;
}

/** One timed pair: the baseline's run and the contender's run next to it. */
export interface Pair {
  base: Sample;
  contender: Sample;
}

/** Per task, per contender, the timed pairs. */
export type PairedSamples = Record<string, Record<string, Pair[]>>;

/**
 * Per contender, the median over its pairs of the baseline's time divided by the contender's
 * (above 1: the contender is faster), by CPU time and by wall-clock time.
 */
export function pairedRatios(pairs: Record<string, Pair[]>): {
  cpu: Record<string, number>;
  wall: Record<string, number>;
} {
  const ratio = (key: keyof Sample) =>
    Object.fromEntries(
      Object.entries(pairs).map(([name, list]) => [
        name,
        median(list.map((pair) => pair.base[key] / pair.contender[key])),
      ]),
    );
  return { cpu: ratio('cpu'), wall: ratio('wall') };
}

/**
 * Times `rounds` pairs (baseline, contender) of every task for every contender, each in its own
 * worker, after `warmup` untimed rounds. Throws when a worker fails or when a run's check
 * differs from the baseline's.
 */
export async function comparePaired(options: PairedOptions): Promise<PairedSamples> {
  const boot = new URL('./worker-boot.mjs', import.meta.url);
  const all = [options.baseline, ...options.names];
  const workers = new Map(
    all.map((name) => [
      name,
      new Worker(boot, {
        workerData: { entry: options.entry.href, name, options: options.options },
      }),
    ]),
  );
  const next = new Map<string, () => Promise<Reply>>();
  for (const [name, worker] of workers) {
    // Replies that came before anyone asked for them wait here, as do askers before replies.
    const early: Reply[] = [];
    const waiting: Array<(reply: Reply) => void> = [];
    const deliver = (reply: Reply) => {
      const resolve = waiting.shift();
      if (resolve) resolve(reply);
      else early.push(reply);
    };
    worker.on('message', deliver);
    worker.on('error', (error) => deliver({ error: `${name}: ${error.stack ?? error}` }));
    next.set(name, () => {
      const reply = early.shift();
      return reply
        ? Promise.resolve(reply)
        : new Promise<Reply>((resolve) => waiting.push(resolve));
    });
  }
  const reply = (name: string) => (next.get(name) as () => Promise<Reply>)();
  const run = async (name: string, task: string) => {
    const answer = reply(name);
    workers.get(name)?.postMessage({ task } satisfies Request);
    const result = await answer;
    if ('error' in result) throw new Error(result.error);
    if (!('sample' in result)) throw new Error(`${name}: unexpected reply`);
    if (options.expectedCheck !== undefined && result.check !== options.expectedCheck) {
      throw new Error(`${name} on ${task}: got ${result.check}, expected ${options.expectedCheck}`);
    }
    return result;
  };
  try {
    // Every worker has loaded its modules and built its input before any timing starts.
    for (const name of all) {
      const ready = await reply(name);
      if ('error' in ready) throw new Error(ready.error);
    }
    const pairs: PairedSamples = {};
    for (const task of options.tasks) {
      pairs[task] = Object.fromEntries(options.names.map((name) => [name, [] as Pair[]]));
    }
    for (let round = 0; round < options.warmup + options.rounds; round++) {
      for (const task of options.tasks) {
        for (let k = 0; k < options.names.length; k++) {
          const name = options.names[(round + k) % options.names.length] as string;
          const timed = round - options.warmup;
          if (timed > 0 && timed % (options.everyNthRound?.[name] ?? 1) !== 0) continue;
          const baseFirst = round % 2 === 0;
          const first = await run(baseFirst ? options.baseline : name, task);
          const second = await run(baseFirst ? name : options.baseline, task);
          const [base, contender] = baseFirst ? [first, second] : [second, first];
          if (contender.check !== base.check) {
            throw new Error(
              `${name} and ${options.baseline} disagree on ${task}: ${contender.check} vs ${base.check}`,
            );
          }
          if (round >= options.warmup) {
            pairs[task]?.[name]?.push({ base: base.sample, contender: contender.sample });
          }
        }
      }
    }
    return pairs;
  } finally {
    await Promise.all([...workers.values()].map((worker) => worker.terminate()));
  }
}

/** In a worker: this contender's name, and the options given to {@link comparePaired}. */
export function contenderContext<Options>(): { name: string; options: Options } | undefined {
  if (isMainThread) return undefined;
  const data = workerData as { name: string; options: Options };
  return { name: data.name, options: data.options };
}

/**
 * In a worker: answers the main thread's requests by timing `run(task)`, which resolves to a
 * check (a digest of what it read) that must be the same for every contender.
 */
export function serveContender(run: (task: string) => Promise<string>): void {
  const port = parentPort;
  if (!port) throw new Error('serveContender runs in a worker thread');
  port.on('message', async ({ task }: Request) => {
    try {
      const stop = startClock();
      const check = await run(task);
      port.postMessage({ sample: stop(), check } satisfies Reply);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      port.postMessage({ error: message } satisfies Reply);
    }
  });
  port.postMessage({ ready: true } satisfies Reply);
}

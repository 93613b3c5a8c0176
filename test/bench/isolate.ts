/**
 * Runs each contender in a worker thread of its own, so that contenders share neither a JIT
 * (one contender's callbacks would otherwise make shared code, such as eventsource-parser's
 * `feed` or the web-streams internals, polymorphic for the others) nor a heap (one's garbage
 * would be collected during another's run). The main thread alternates them: it asks one worker
 * for one timed run, waits for the answer, then asks the next, rotating who goes first each
 * round, so every contender runs under the same machine load.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Sample, type Samples, startClock } from './stats.js';

interface Request {
  task: string;
}
type Reply = { ready: true } | { sample: Sample; check: string } | { error: string };

/** Options of {@link alternateIsolated}. */
export interface IsolatedOptions {
  /** The module that calls {@link serveContender} when loaded in a worker. */
  entry: URL;
  names: readonly string[];
  /** Each task is timed separately, e.g. `sequential` and `concurrency 16`. */
  tasks: readonly string[];
  rounds: number;
  warmup: number;
  /** Passed to every worker as `workerData.options`. */
  options: unknown;
  /** When given, every run's check must be this; otherwise they must only agree. */
  expectedCheck?: string;
}

/** Per task, per contender, the timed runs. */
export type IsolatedSamples = Record<string, Samples>;

/**
 * Times `rounds` runs of every task in every contender's worker, after `warmup` untimed rounds.
 * Throws when a worker fails or when two contenders' runs of a task return different checks.
 */
export async function alternateIsolated(options: IsolatedOptions): Promise<IsolatedSamples> {
  const boot = new URL('./worker-boot.mjs', import.meta.url);
  const workers = options.names.map(
    (name) =>
      new Worker(boot, {
        workerData: { entry: options.entry.href, name, options: options.options },
      }),
  );
  const replies = workers.map((worker, i) => {
    // Replies that came before anyone asked for them wait here, as do askers before replies.
    const early: Reply[] = [];
    const waiting: Array<(reply: Reply) => void> = [];
    const name = options.names[i] as string;
    const deliver = (reply: Reply) => {
      const resolve = waiting.shift();
      if (resolve) resolve(reply);
      else early.push(reply);
    };
    worker.on('message', deliver);
    worker.on('error', (error) => deliver({ error: `${name}: ${error.stack ?? error}` }));
    return () => {
      const reply = early.shift();
      return reply
        ? Promise.resolve(reply)
        : new Promise<Reply>((resolve) => waiting.push(resolve));
    };
  });
  try {
    // Every worker has loaded its modules and built its input before any timing starts.
    for (const [i, next] of replies.entries()) {
      const reply = await next();
      if ('error' in reply) throw new Error(reply.error);
      if (!('ready' in reply)) throw new Error(`${options.names[i]}: no ready message`);
    }
    const samples: IsolatedSamples = {};
    for (const task of options.tasks) {
      samples[task] = Object.fromEntries(options.names.map((name) => [name, [] as Sample[]]));
    }
    for (let round = 0; round < options.warmup + options.rounds; round++) {
      for (const task of options.tasks) {
        const checks = new Map<string, string>();
        for (let k = 0; k < workers.length; k++) {
          const i = (round + k) % workers.length;
          const name = options.names[i] as string;
          const answer = (replies[i] as () => Promise<Reply>)();
          (workers[i] as Worker).postMessage({ task } satisfies Request);
          const reply = await answer;
          if ('error' in reply) throw new Error(reply.error);
          if (!('sample' in reply)) throw new Error(`${name}: unexpected reply`);
          checks.set(name, reply.check);
          if (round >= options.warmup) samples[task]?.[name]?.push(reply.sample);
        }
        const distinct = new Set(checks.values());
        if (options.expectedCheck !== undefined) distinct.add(options.expectedCheck);
        if (distinct.size > 1) {
          const list = [...checks].map(([name, check]) => `${name}: ${check}`).join('; ');
          throw new Error(`contenders disagree on ${task}: ${list}`);
        }
      }
    }
    return samples;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** In a worker: this contender's name, and the options given to {@link alternateIsolated}. */
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
      port.postMessage({
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies Reply);
    }
  });
  port.postMessage({ ready: true } satisfies Reply);
}

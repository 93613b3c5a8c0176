/** Helpers shared by the benchmark workers. */

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A contender: runs once and resolves to the text it read. */
export interface Contender {
  name: string;
  run: () => Promise<string>;
}

/** One timed run: wall-clock milliseconds and this process's CPU milliseconds (all threads). */
export interface Sample {
  wall: number;
  cpu: number;
}

/** Per contender, every timed run. */
export type Samples = Record<string, Sample[]>;

/** Starts a measurement; calling the result ends it. */
export function startClock(): () => Sample {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

/** Per contender, the median wall and CPU times. */
export function summarize(samples: Samples): {
  wall: Record<string, number>;
  cpu: Record<string, number>;
} {
  const pick = (key: keyof Sample) =>
    Object.fromEntries(
      Object.entries(samples).map(([name, runs]) => [name, median(runs.map((run) => run[key]))]),
    );
  return { wall: pick('wall'), cpu: pick('cpu') };
}

/**
 * Runs every contender `rounds` times, alternating them and rotating who goes first each round,
 * after `warmup` untimed rounds. Every run's text must equal `expected`. No forced `gc()`
 * between runs: measured here, it made the times bimodal (the heap shrank and had to grow back
 * during the next run), while rotating the order spreads each contender's garbage evenly.
 */
export async function alternate(
  contenders: readonly Contender[],
  rounds: number,
  warmup: number,
  expected: string,
): Promise<Samples> {
  const samples: Samples = {};
  for (const contender of contenders) samples[contender.name] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(round + k) % contenders.length] as Contender;
      const stop = startClock();
      const text = await contender.run();
      const sample = stop();
      if (text !== expected) {
        throw new Error(
          `${contender.name} read a different text (${text.length} characters, expected ${expected.length})`,
        );
      }
      if (round >= warmup) samples[contender.name]?.push(sample);
    }
  }
  return samples;
}

/** Sends a worker's result to `run.mjs`: one JSON line on stdout, marked so logs cannot be mistaken for it. */
export function report(result: unknown): void {
  process.stdout.write(`BENCH-RESULT ${JSON.stringify(result)}\n`);
}

/** Reads `--name value` from the worker's arguments. */
export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** A short fingerprint of a text (its length and FNV-1a hash), to compare contenders' output. */
export function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

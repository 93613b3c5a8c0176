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

/** Per contender, every run's milliseconds. */
export type Samples = Record<string, number[]>;

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
      const started = performance.now();
      const text = await contender.run();
      const elapsed = performance.now() - started;
      if (text !== expected) {
        throw new Error(
          `${contender.name} read a different text (${text.length} characters, expected ${expected.length})`,
        );
      }
      if (round >= warmup) samples[contender.name]?.push(elapsed);
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

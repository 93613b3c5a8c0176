/** Helpers shared by the benchmark workers. */

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * One timed run: wall-clock milliseconds, and this process's CPU milliseconds (all its threads,
 * so garbage collection on V8's helper threads counts too).
 */
export interface Sample {
  wall: number;
  cpu: number;
}

/** Starts a measurement; calling the result ends it. */
export function startClock(): () => Sample {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

/** A short fingerprint of a text (its length and FNV-1a hash), to compare contenders' output. */
export function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

/** Sends a worker's result to `run.mjs`: one marked JSON line on stdout, so logs cannot be mistaken for it. */
export function report(result: unknown): void {
  process.stdout.write(`BENCH-RESULT ${JSON.stringify(result)}\n`);
}

/** Reads `--name value` from the worker's arguments. */
export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

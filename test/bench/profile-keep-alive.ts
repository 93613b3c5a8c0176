/**
 * Runs figure 6's contenders (keep-alive-contenders.ts) in this thread, for `node --cpu-prof`,
 * and prints each one's CPU time per completion, in alternating rounds:
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx test/bench/profile-keep-alive.ts \
 *     --contender 'ours: createChatCompletion + text()' --completions 200 --rounds 10
 *   node test/bench/top-self-time.mjs .tmp/prof/*.cpuprofile
 *
 * Without `--contender`, it runs every contender in turn (a quick check, not the figure:
 * they share one JIT here). It measures the same esbuild bundle of src/ as the benchmark.
 */
import { pathToFileURL } from 'node:url';
import { bundleSdk } from './bundle.mjs';
import { argument } from './stats.js';
import { startUpstream } from './upstream.js';

process.env.SOAT_BENCH_SDK ??= await bundleSdk(pathToFileURL(`${process.cwd()}/`));
const { contenders } = await import('./keep-alive-contenders.js');

const only = argument('contender', '');
const names = only ? [only] : Object.keys(contenders);
const completions = Number(argument('completions', '200'));
const rounds = Number(argument('rounds', '10'));
const upstream = await startUpstream(1000);
try {
  const cpu: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const make = contenders[name];
      if (!make) throw new Error(`unknown contender ${name}`);
      const complete = make(upstream.baseUrl);
      const before = process.cpuUsage();
      for (let i = 0; i < completions; i++) await complete();
      const used = process.cpuUsage(before);
      cpu[name] = [...(cpu[name] ?? []), (used.user + used.system) / completions];
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  for (const [name, values] of Object.entries(cpu)) {
    console.log(`${name}: ${median(values.slice(1)).toFixed(0)} µs CPU per completion (median)`);
  }
} finally {
  upstream.stop();
}

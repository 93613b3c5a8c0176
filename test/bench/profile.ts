/**
 * Runs one stream reader of figure 1 in this thread, for `node --cpu-prof`:
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx test/bench/profile.ts \
 *     --contender 'ours: textStream' --size 5000000 --min 1 --max 64 --runs 10
 *   node test/bench/top-self-time.mjs .tmp/prof/*.cpuprofile
 *
 * It measures the same esbuild bundle of src/ as the benchmark (see sdk.ts).
 */
import { pathToFileURL } from 'node:url';
import { buildBody, cutPieces, piecesResponse } from './body.js';
import { bundleSdk } from './bundle.mjs';
import { argument, digest } from './stats.js';

process.env.SOAT_BENCH_SDK ??= await bundleSdk(pathToFileURL(`${process.cwd()}/`));
const { contenders } = await import('./stream-contenders.js');

const name = argument('contender', 'ours: for await chunks');
const read = contenders[name];
if (!read)
  throw new Error(`unknown contender ${name}; one of ${Object.keys(contenders).join(', ')}`);
const body = buildBody(Number(argument('size', String(5e6))), 1);
const cuts = cutPieces(
  body.bytes.length,
  Number(argument('min', '1')),
  Number(argument('max', String(16 * 1024))),
  2,
);
const runs = Number(argument('runs', '10'));
const started = performance.now();
for (let run = 0; run < runs; run++) {
  const text = await read(piecesResponse(body.bytes, cuts));
  if (text !== body.text) throw new Error(`${name} read ${digest(text)}, not ${digest(body.text)}`);
}
console.log(`${name}: ${runs} runs, ${((performance.now() - started) / runs).toFixed(0)} ms each`);

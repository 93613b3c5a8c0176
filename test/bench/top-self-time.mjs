// Prints the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`):
//   node test/bench/top-self-time.mjs <file.cpuprofile> [count]
// Self time is what a function spent in its own code, not in the functions it called.
import { readFileSync } from 'node:fs';

const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node test/bench/top-self-time.mjs <file.cpuprofile> [count]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const hits = new Map();
// Samples are taken at regular intervals; timeDeltas[i] is the time before sample i.
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  hits.set(id, (hits.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const self = new Map();
let total = 0;
for (const [id, micros] of hits) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url
    ? `${url.replace(/^.*\/(node_modules|src|test)\//, '$1/')}:${lineNumber + 1}`
    : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + micros);
  total += micros;
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
for (const [key, micros] of rows) {
  console.log(
    `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`,
  );
}

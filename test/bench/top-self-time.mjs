// Prints the functions with the most self time in V8 .cpuprofile files (from `node --cpu-prof`):
//   node test/bench/top-self-time.mjs [--top 25] <file.cpuprofile>...
// Self time is what a function spent in its own code, not in the functions it called. Several
// files (one per thread: tsx runs its loader in a thread of its own) are added up.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const topIndex = argv.indexOf('--top');
const top = topIndex === -1 ? 25 : Number(argv.splice(topIndex, 2)[1]);
if (argv.length === 0) {
  console.error('usage: node test/bench/top-self-time.mjs [--top 25] <file.cpuprofile>...');
  process.exit(2);
}
const self = new Map();
let total = 0;
for (const file of argv) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Samples are taken at regular intervals; timeDeltas[i] is the time before sample i.
  for (let i = 0; i < profile.samples.length; i++) {
    const { functionName, url, lineNumber } = byId.get(profile.samples[i]).callFrame;
    const where = url
      ? `${url.replace(/^.*\/(node_modules|src|test)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    const micros = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + micros);
    total += micros;
  }
}
// Idle is time the thread waited (tsx's loader thread is almost only that): not a cost.
const idle = self.get('(idle)') ?? 0;
self.delete('(idle)');
total -= idle;
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(
  `${(total / 1000).toFixed(0)} ms sampled, not counting ${(idle / 1000).toFixed(0)} ms idle`,
);
for (const [key, micros] of rows) {
  const share = ((100 * micros) / total).toFixed(1).padStart(5);
  console.log(`${share}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}

#!/usr/bin/env node
// `npm run test:busy`: runs `npm test` while two CPU-bound processes (`node -e 'for(;;);'`, in
// effect) hog the cores, as on a shared CI machine (issue 22). Every test must pass like this:
// one that depends on the machine's speed fails here. The hogs are killed afterwards whatever the outcome, and the run
// exits with the tests' code. Another command can be given instead of `npm test`:
//   npm run test:busy -- npx vitest run --project http
import { spawn } from 'node:child_process';

const HOGS = 2;
const [command = 'npm', ...args] =
  process.argv.length > 2 ? process.argv.slice(2) : ['npm', 'test'];

// Each hog spins, and now and then checks that this script still runs: a hog never outlives
// it, even when it is killed with SIGKILL and cannot clean up.
const HOG = `for(let i=1;;i++)if(i%5e7===0&&process.ppid!==${process.pid})process.exit()`;
const hogs = Array.from({ length: HOGS }, () =>
  spawn(process.execPath, ['-e', HOG], { stdio: 'ignore' }),
);
const killHogs = () => {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
};
process.on('exit', killHogs);

const started = Date.now();
console.error(
  `test:busy: ${HOGS} CPU hogs running (pids ${hogs.map((hog) => hog.pid).join(', ')}); ${[command, ...args].join(' ')}`,
);
const tests = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    tests.kill(signal);
  });
}
tests.on('error', (error) => {
  console.error(`test:busy: could not start ${command}: ${error.message}`);
  killHogs();
  process.exit(1);
});
tests.on('exit', (code, signal) => {
  killHogs();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.error(
    `test:busy: ${code === 0 ? 'passed' : 'FAILED'} under ${HOGS} CPU hogs in ${minutes} min`,
  );
  process.exit(code ?? (signal ? 1 : 0));
});

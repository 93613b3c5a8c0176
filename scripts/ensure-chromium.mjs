// npm test's pretest: makes sure the browser tests have a Chromium (see scripts/chromium.mjs).
// CHROME_PATH wins; else Debian's /usr/bin/chromium, installed with apt-get where apt exists;
// else the browser tests are skipped with a loud notice, and under CI=true the run fails.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumFacts, decideChromium, skipNotice } from './chromium.mjs';

const decision = decideChromium(chromiumFacts({ mayInstall: true }));
if (decision.action === 'install') {
  console.log(`${decision.path} is missing: installing Debian's chromium with apt-get…`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update && ${sudo}apt-get install -y chromium`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(decision.path)) {
    console.error(`apt-get finished, but ${decision.path} is still missing.`);
    process.exit(1);
  }
} else if (decision.action === 'skip') {
  process.stderr.write(skipNotice(decision.reason));
} else if (decision.action === 'fail') {
  console.error(`Browser tests cannot run (CI=true): ${decision.reason}.`);
  process.exit(1);
}

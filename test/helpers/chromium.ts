import { type Browser, chromium } from 'playwright-core';
import { chromiumFacts, decideChromium, skipNotice } from '../../scripts/chromium.mjs';

const decision = decideChromium(chromiumFacts({ mayInstall: false }));

/**
 * The Chromium the browser tests launch: `CHROME_PATH`, else Debian's /usr/bin/chromium
 * (`npm test` installs it where apt exists); never a test tool's own download.
 */
export const CHROMIUM_PATH = decision.action === 'use' ? decision.path : '/usr/bin/chromium';

/**
 * Why the browser tests are skipped, or `undefined` when they run. Under `CI=true` a missing
 * browser is no reason: the tests run and fail. Use with `describe.skipIf(NO_CHROMIUM)`.
 */
export const NO_CHROMIUM: string | undefined =
  decision.action === 'skip' ? decision.reason : undefined;

if (NO_CHROMIUM !== undefined) process.stderr.write(skipNotice(NO_CHROMIUM));

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium from `CHROMIUM_PATH` (a fresh profile each time).
 * @throws when there is no Chromium (under `CI=true`; elsewhere the tests are skipped)
 */
export async function launchChromium(): Promise<Browser> {
  if (decision.action === 'fail' || decision.action === 'skip') {
    throw new Error(`Browser tests cannot run: ${decision.reason}.`);
  }
  // playwright-core gives every launch() a fresh temporary profile of its own.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

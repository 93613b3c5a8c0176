import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); never a test tool's own download. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

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
 * Launches Debian's headless Chromium (a fresh profile each time).
 * @throws when /usr/bin/chromium is missing (`npm test` installs it first).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run \`apt-get install -y chromium\` (npm test does).`,
    );
  }
  // playwright-core gives every launch() a fresh temporary profile of its own.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

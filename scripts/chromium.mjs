// Where the browser tests find Chromium, and what `npm test` does when it is missing (issue 14).
// Used by scripts/ensure-chromium.mjs (pretest) and test/helpers/chromium.ts.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian's Chromium, which `apt-get install -y chromium` puts there. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Decides which Chromium the browser tests use, as a pure function of the facts given.
 * - `CHROME_PATH` set: that browser; if nothing is there, skip (fail under CI).
 * - else Debian's /usr/bin/chromium if present;
 * - else, where apt-get exists and installing is allowed, install it with apt-get;
 * - else skip the browser tests with a notice, or fail under `CI=true`.
 * @param {{ chromePath?: string | undefined, exists: (path: string) => boolean, hasApt: boolean, ci: boolean, mayInstall: boolean }} facts
 * @returns {{ action: 'use', path: string } | { action: 'install', path: string } | { action: 'skip', reason: string } | { action: 'fail', reason: string }}
 */
export function decideChromium({ chromePath, exists, hasApt, ci, mayInstall }) {
  const missing = (reason) => (ci ? { action: 'fail', reason } : { action: 'skip', reason });
  if (chromePath) {
    if (exists(chromePath)) return { action: 'use', path: chromePath };
    return missing(`CHROME_PATH is ${chromePath}, but there is no file there`);
  }
  if (exists(DEBIAN_CHROMIUM)) return { action: 'use', path: DEBIAN_CHROMIUM };
  if (hasApt && mayInstall) return { action: 'install', path: DEBIAN_CHROMIUM };
  return missing(
    `no Chromium: ${DEBIAN_CHROMIUM} is missing${hasApt ? '' : ' and apt-get is not available'}; set CHROME_PATH to a Chromium or Chrome executable`,
  );
}

/**
 * The facts of this machine for `decideChromium`: `CHROME_PATH`, `CI`, and whether apt-get is
 * on the PATH.
 * @param {{ mayInstall: boolean, env?: Record<string, string | undefined> }} options
 */
export function chromiumFacts({ mayInstall, env = process.env }) {
  const hasApt = (env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, 'apt-get')));
  return {
    chromePath: env.CHROME_PATH || undefined,
    exists: existsSync,
    hasApt,
    ci: env.CI === 'true' || env.CI === '1',
    mayInstall,
  };
}

/** The loud notice printed when the browser tests are skipped. */
export function skipNotice(reason) {
  const line = '!'.repeat(78);
  return `${line}\n!! Browser tests SKIPPED: ${reason}.\n!! Under CI=true this fails the run.\n${line}\n`;
}

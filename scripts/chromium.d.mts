/** What the browser tests do about Chromium. */
export type ChromiumDecision =
  | { action: 'use'; path: string }
  | { action: 'install'; path: string }
  | { action: 'skip'; reason: string }
  | { action: 'fail'; reason: string };

/** The facts `decideChromium` decides from. */
export interface ChromiumFacts {
  chromePath?: string | undefined;
  exists: (path: string) => boolean;
  hasApt: boolean;
  ci: boolean;
  mayInstall: boolean;
}

/** Debian's Chromium path. */
export const DEBIAN_CHROMIUM: string;
/** Decides which Chromium the browser tests use (pure). */
export function decideChromium(facts: ChromiumFacts): ChromiumDecision;
/** This machine's facts: CHROME_PATH, CI, apt-get on the PATH. */
export function chromiumFacts(options: {
  mayInstall: boolean;
  env?: Record<string, string | undefined>;
}): ChromiumFacts;
/** The loud notice printed when the browser tests are skipped. */
export function skipNotice(reason: string): string;

import { describe, expect, it } from 'vitest';
import { type ChromiumFacts, decideChromium } from '../../scripts/chromium.mjs';

/** A machine with only the files listed, apt-get or not, CI or not. */
function facts(overrides: Partial<ChromiumFacts> & { files?: string[] } = {}): ChromiumFacts {
  const { files = [], ...rest } = overrides;
  return {
    chromePath: undefined,
    exists: (path) => files.includes(path),
    hasApt: false,
    ci: false,
    mayInstall: true,
    ...rest,
  };
}

describe('decideChromium', () => {
  it('uses CHROME_PATH when it names a file', () => {
    const decision = decideChromium(
      facts({ chromePath: '/opt/chrome', files: ['/opt/chrome', '/usr/bin/chromium'] }),
    );
    expect(decision).toEqual({ action: 'use', path: '/opt/chrome' });
  });

  it("uses Debian's Chromium when CHROME_PATH is not set", () => {
    expect(decideChromium(facts({ files: ['/usr/bin/chromium'] }))).toEqual({
      action: 'use',
      path: '/usr/bin/chromium',
    });
  });

  it('installs with apt-get only where apt-get exists', () => {
    expect(decideChromium(facts({ hasApt: true }))).toEqual({
      action: 'install',
      path: '/usr/bin/chromium',
    });
  });

  it('never installs when installing is not allowed (the tests themselves)', () => {
    expect(decideChromium(facts({ hasApt: true, mayInstall: false })).action).toBe('skip');
  });

  it('skips the browser tests off Debian without CHROME_PATH, saying how to fix it', () => {
    const decision = decideChromium(facts());
    expect(decision.action).toBe('skip');
    expect(decision).toHaveProperty('reason', expect.stringContaining('set CHROME_PATH'));
  });

  it('fails under CI when there is no browser', () => {
    expect(decideChromium(facts({ ci: true })).action).toBe('fail');
  });

  it('skips when CHROME_PATH names nothing, naming the path', () => {
    const decision = decideChromium(facts({ chromePath: '/nope', files: ['/usr/bin/chromium'] }));
    expect(decision).toEqual({
      action: 'skip',
      reason: 'CHROME_PATH is /nope, but there is no file there',
    });
  });

  it('fails under CI when CHROME_PATH names nothing', () => {
    expect(decideChromium(facts({ chromePath: '/nope', ci: true })).action).toBe('fail');
  });
});

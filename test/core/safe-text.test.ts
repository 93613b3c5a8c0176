// Issue 20 items 3, 11 and "also seen": the one helper that makes outside text safe to quote.
import { describe, expect, it } from 'vitest';
import { clip, neutralise, QUOTE_LIMIT, safeText } from '../../src/core/safe-text.js';
import { tokenScrubber } from '../../src/core/token-scrubber.js';

describe('safeText', () => {
  it('replaces an sk_ key, a JWT and a Bearer value by ***', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(safeText(`key sk_live_abc123XYZ, jwt ${jwt}, auth Bearer s3cr3t!`)).toBe(
      'key ***, jwt ***, auth Bearer ***',
    );
  });

  it('leaves words that only contain sk_ alone', () => {
    expect(safeText('task_list and disk_usage')).toBe('task_list and disk_usage');
  });

  it(`cuts text to ${QUOTE_LIMIT} characters with a marker saying how long it was`, () => {
    const text = 'x'.repeat(5_000_000);
    expect(safeText(text)).toBe(`${'x'.repeat(QUOTE_LIMIT)}… (5000000 characters)`);
  });

  it('escapes terminal control characters, newlines and bidi overrides instead of passing them on', () => {
    expect(safeText('a\u001b[2Jb\u0007c\nd\u202ee\u009bf')).toBe(
      'a\\u001b[2Jb\\u0007c\\nd\\u202ee\\u009bf',
    );
  });

  it('scrubs before cutting, so that no secret is left half readable at the cut', () => {
    const text = `${'x'.repeat(1990)} sk_live_abcdefghijklmnop`;
    expect(clip(text, undefined, 2000)).not.toContain('sk_live_abcdefg');
  });

  it('renders any value as text', () => {
    expect(safeText(undefined)).toBe('undefined');
    expect(neutralise('plain')).toBe('plain');
  });
});

describe('tokenScrubber', () => {
  const token = 'tok+en/"x\\y';

  it('scrubs the token in its literal, JSON-escaped and percent-encoded forms', () => {
    const scrub = tokenScrubber(token);
    const text = `a ${token} b ${JSON.stringify(token)} c ?t=${encodeURIComponent(token)}&d`;
    expect(scrub(text)).toBe('a *** b "***" c ?t=***&d');
  });

  it('scrubs whole tokens only: a one-letter token leaves ordinary words alone', () => {
    const scrub = tokenScrubber('t');
    expect(scrub('GET /api/v1/chats 200 3ms retry=0 Bearer t')).toBe(
      'GET /api/v1/chats 200 3ms retry=0 Bearer ***',
    );
  });

  it('scrubs nothing for an empty token', () => {
    expect(tokenScrubber('')('text')).toBe('text');
  });
});

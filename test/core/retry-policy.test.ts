import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  requestedDelay,
} from '../../src/core/retry-policy.js';

const headers = (init: Record<string, string>) => new Headers(init);

describe('isRetryableStatus', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries a %i to a GET', (status) => {
    expect(isRetryableStatus(status, 'GET')).toBe(true);
  });

  it.each([408, 409, 429, 502, 503, 504])('retries a %i to a POST', (status) => {
    expect(isRetryableStatus(status, 'POST')).toBe(true);
  });

  it('does not retry a 500 to a POST, which the server has processed', () => {
    expect(isRetryableStatus(500, 'POST')).toBe(false);
  });

  it('retries a 500 to a DELETE', () => {
    expect(isRetryableStatus(500, 'DELETE')).toBe(true);
  });

  it.each([200, 201, 204, 400, 401, 403, 404, 405, 422, 501, 505])(
    'does not retry a %i',
    (status) => {
      expect(isRetryableStatus(status, 'GET')).toBe(false);
    },
  );
});

describe('backoffDelay', () => {
  it('starts at half a second without jitter', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
  });

  it('doubles with each retry', () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it('is capped at 8 seconds', () => {
    expect(backoffDelay(4, () => 0)).toBe(8000);
    expect(backoffDelay(30, () => 0)).toBe(8000);
  });

  it('takes off at most a quarter as jitter', () => {
    expect(backoffDelay(0, () => 0.999_999)).toBeGreaterThan(375);
    expect(backoffDelay(0, () => 0.5)).toBe(437.5);
    expect(backoffDelay(10, () => 1)).toBe(6000);
  });

  it('varies between calls with the default random source', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(1)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(750);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('requestedDelay', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads Retry-After in seconds', () => {
    expect(requestedDelay(headers({ 'retry-after': '2' }), now)).toBe(2000);
  });

  it('reads Retry-After: 0 as no wait', () => {
    expect(requestedDelay(headers({ 'retry-after': '0' }), now)).toBe(0);
  });

  it('honours retry-after-ms: 0 as no wait, not as no header', () => {
    const header = headers({ 'retry-after-ms': '0', 'retry-after': '30' });
    expect(requestedDelay(header, now)).toBe(0);
  });

  it('reads a fractional retry-after-ms', () => {
    expect(requestedDelay(headers({ 'retry-after-ms': '12.5' }), now)).toBe(12.5);
  });

  it.each(['-5', '1.', '0.25', 'abc 12', '12 abc', '1e3', '0x10', '+3', 'Infinity'])(
    'ignores the malformed Retry-After %j, so the back-off applies',
    (value) => {
      expect(requestedDelay(headers({ 'retry-after': value }), now)).toBeUndefined();
    },
  );

  it.each(['-5', 'abc 12', '12 abc', '1e3', ' '])(
    'ignores the malformed retry-after-ms %j',
    (value) => {
      expect(requestedDelay(headers({ 'retry-after-ms': value }), now)).toBeUndefined();
    },
  );

  it.each([
    '2026-01-01T00:00:05Z',
    'Thursday, 01-Jan-26 00:00:05 GMT x',
    'Thu, 01 Jan 2026 00:00:05 GMT trailing',
    'leading Thu, 01 Jan 2026 00:00:05 GMT',
    'Thu, 1 Jan 2026 00:00:05 GMT',
    'Thu, 01 Jan 2026 00:00:05 UTC',
    'Thu, 32 Jan 2026 00:00:05 GMT',
    'Xyz, 01 Jan 2026 00:00:05 GMT',
    'Thu, 01 Foo 2026 00:00:05 GMT',
    'Mon, 01 Jan 2026 00:00:05 GMT',
    'Thu, 31 Feb 2026 00:00:05 GMT',
    'Thu, 01 jan 2026 00:00:05 GMT',
    'Invalid Date',
    'January 1, 2026',
  ])('ignores %j, which is not an IMF-fixdate', (value) => {
    expect(requestedDelay(headers({ 'retry-after': value }), now)).toBeUndefined();
  });

  it('reads Retry-After seconds with surrounding whitespace', () => {
    expect(requestedDelay(headers({ 'retry-after': ' 3 ' }), now)).toBe(3000);
  });

  it('reads Retry-After as an HTTP date relative to now', () => {
    const header = headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' });
    expect(requestedDelay(header, now)).toBe(5000);
  });

  it('reads an HTTP date in the past as no wait', () => {
    const header = headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' });
    expect(requestedDelay(header, now)).toBe(0);
  });

  it('prefers retry-after-ms over Retry-After', () => {
    const header = headers({ 'retry-after-ms': '150', 'retry-after': '30' });
    expect(requestedDelay(header, now)).toBe(150);
  });

  it('falls back to Retry-After when retry-after-ms is unreadable', () => {
    const header = headers({ 'retry-after-ms': 'soon', 'retry-after': '1' });
    expect(requestedDelay(header, now)).toBe(1000);
  });

  it('returns undefined when the server asks for no delay', () => {
    expect(requestedDelay(headers({}), now)).toBeUndefined();
  });

  it('returns undefined for an unreadable Retry-After', () => {
    expect(requestedDelay(headers({ 'retry-after': 'later please' }), now)).toBeUndefined();
  });

  it('reports a long Retry-After as it is, for the caller to compare with the 60 s cap', () => {
    expect(requestedDelay(headers({ 'retry-after': '61' }), now)).toBe(61_000);
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
  });
});

describe('requestedDelay reads what Headers leaves (issue 15)', () => {
  const now = Date.parse('Thu, 01 Jan 2026 00:00:00 GMT');

  it('reads a retry-after-ms with two decimals', () => {
    expect(requestedDelay(headers({ 'retry-after-ms': '12.25' }), now)).toBe(12.25);
  });

  it('reads a retry-after-ms that ends in a no-break space, which Headers keeps', () => {
    expect(requestedDelay(headers({ 'retry-after-ms': '5\u00a0' }), now)).toBe(5);
  });

  it('reads Retry-After seconds that end in a no-break space, which Headers keeps', () => {
    expect(requestedDelay(headers({ 'retry-after': '3\u00a0' }), now)).toBe(3000);
  });
});

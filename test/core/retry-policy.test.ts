import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  requestedDelay,
} from '../../src/core/retry-policy.js';

const headers = (init: Record<string, string>) => new Headers(init);

describe('isRetryableStatus', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries a %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 201, 204, 400, 401, 403, 404, 405, 422, 501, 505])(
    'does not retry a %i',
    (status) => {
      expect(isRetryableStatus(status)).toBe(false);
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

  it('reads a fractional Retry-After', () => {
    expect(requestedDelay(headers({ 'retry-after': '0.25' }), now)).toBe(250);
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

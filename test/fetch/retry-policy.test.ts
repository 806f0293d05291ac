import { describe, expect, test } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/fetch/retry-policy.ts';

describe('retry policy', () => {
  test('retries 429 and 5xx, never another 4xx', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410].some(isRetryableStatus)).toBe(false);
  });

  test('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-06T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 06 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 06 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test('backoff doubles its ceiling per attempt, up to the cap, with full jitter', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 1000, 60_000, () => 0.999))).toEqual([999, 1998, 3996, 7992]);
    expect(backoffDelay(20, 1000, 60_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(0);
  });
});

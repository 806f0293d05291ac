/**
 * When to try a request again and how long to wait first. Pure functions, so
 * the waiting rules are tested without a clock.
 */

/** Timeouts, network errors, 429 and 5xx may pass; any other status will not change on its own. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds or an HTTP date.
 * Undefined when the header is absent or unreadable, so the caller falls back
 * to its own backoff; a date in the past means "now".
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a uniformly random wait up to
 * `base * 2^attempt` (capped), so clients that failed together do not all
 * come back at the same instant. `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

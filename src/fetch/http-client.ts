/**
 * A polite HTTP GET: few requests in flight, a timeout per attempt, bounded
 * retries with jittered exponential backoff, and `Retry-After` honoured for
 * every request the client makes (a rate limit applies to the whole client,
 * not to the one request that hit it).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.ts';

export interface HttpOptions {
  userAgent: string;
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Further attempts after the first one. */
  retries: number;
  /** The first retry waits up to this long; each later one up to twice as long as the one before. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server may ask for a long pause; never wait longer than this per retry. */
  maxRetryAfterMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Source of jitter, replaceable for tests. */
  random?: () => number;
}

export const defaultHttpOptions = {
  timeoutMs: 30_000,
  retries: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  // The API's rate-limit window is five minutes: waiting longer than one window never helps.
  maxRetryAfterMs: 300_000,
  concurrency: 2,
} satisfies Omit<HttpOptions, 'userAgent'>;

/** A request that did not give a usable answer; the message names the URL and what went wrong. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly url: string;
  readonly status: number | undefined;

  constructor(url: string, reason: string, status?: number) {
    super(`GET ${url}: ${reason}`);
    this.url = url;
    this.status = status;
  }
}

export interface HttpClient {
  getText(url: string): Promise<string>;
}

type Attempt =
  | { ok: true; text: string }
  | { ok: false; retryable: boolean; reason: string; status?: number; retryAfterMs?: number };

export function createHttpClient(options: HttpOptions): HttpClient {
  const limit = pLimit(options.concurrency);
  const random = options.random ?? Math.random;
  /** No request starts before this instant: set by a `Retry-After`. */
  let pausedUntil = 0;

  async function attempt(url: string): Promise<Attempt> {
    const pause = pausedUntil - Date.now();
    if (pause > 0) await sleep(pause);
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': options.userAgent, accept: 'application/json, text/html;q=0.9' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.ok) return { ok: true, text: await response.text() };
      await response.body?.cancel();
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      return {
        ok: false,
        retryable: isRetryableStatus(response.status),
        reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs: Math.min(retryAfterMs, options.maxRetryAfterMs) }),
      };
    } catch (error) {
      return { ok: false, retryable: true, reason: describeFailure(error, options.timeoutMs) };
    }
  }

  return {
    async getText(url) {
      for (let attemptIndex = 0; ; attemptIndex++) {
        const result = await limit(attempt, url);
        if (result.ok) return result.text;
        if (!result.retryable) throw new HttpError(url, result.reason, result.status);
        if (attemptIndex >= options.retries) {
          const attempts = attemptIndex + 1;
          throw new HttpError(url, `${result.reason}, gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`, result.status);
        }
        const delay = result.retryAfterMs ?? backoffDelay(attemptIndex, options.baseDelayMs, options.maxDelayMs, random);
        if (result.retryAfterMs !== undefined) pausedUntil = Math.max(pausedUntil, Date.now() + delay);
        await sleep(delay);
      }
    },
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${formatSeconds(timeoutMs)}`;
  }
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, socket closed...) in `cause`.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error (${detail})`;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

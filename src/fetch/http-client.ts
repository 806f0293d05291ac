/**
 * A polite HTTP GET: few requests in flight, a timeout per attempt, bounded
 * retries with jittered exponential backoff, and `Retry-After` honoured for
 * every request the client makes (a rate limit applies to the whole client,
 * not to the one request that hit it), and a cap on a body's size.
 */
import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.ts';

/** The unit of `--max-body-mb`. */
export const MB = 1024 * 1024;

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
  /** A larger body fails the request at once, unretried: asking again would only fetch it again. */
  maxBodyBytes: number;
  /** Source of jitter, replaceable for tests. */
  random?: () => number;
  /** The time and the waits, replaceable for tests: a pause is then checked without waiting for it. */
  clock?: Clock;
}

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now: () => number;
  sleep: (ms: number) => Promise<unknown>;
}

const systemClock: Clock = { now: () => Date.now(), sleep };

export const defaultHttpOptions = {
  timeoutMs: 30_000,
  retries: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  // The API's rate-limit window is five minutes: waiting longer than one window never helps.
  maxRetryAfterMs: 300_000,
  concurrency: 2,
  // A day's listing is well under 1 MB; twenty times that is still no listing, and bounded memory.
  maxBodyBytes: 20 * MB,
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
  /** The body's bytes as sent: decoding them is the caller's, so a cache can keep exactly what came. */
  getBytes(url: string): Promise<Uint8Array>;
}

type Attempt =
  | { ok: true; body: Uint8Array }
  | { ok: false; retryable: boolean; reason: string; status?: number; retryAfterMs?: number };

export function createHttpClient(options: HttpOptions): HttpClient {
  const limit = pLimit(options.concurrency);
  const random = options.random ?? Math.random;
  const clock = options.clock ?? systemClock;
  /** No request starts before this instant: set by a `Retry-After`. */
  let pausedUntil = 0;

  async function attempt(url: string): Promise<Attempt> {
    const pause = pausedUntil - clock.now();
    if (pause > 0) await clock.sleep(pause);
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': options.userAgent, accept: 'application/json, text/html;q=0.9' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.ok) return await readCappedBody(response, options.maxBodyBytes);
      await response.body?.cancel();
      const asked = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      const retryAfterMs = asked === undefined ? undefined : Math.min(asked, options.maxRetryAfterMs);
      // Set before this attempt gives up its slot: a request queued behind it starts the moment it does.
      if (retryAfterMs !== undefined) pausedUntil = Math.max(pausedUntil, clock.now() + retryAfterMs);
      return {
        ok: false,
        retryable: isRetryableStatus(response.status),
        reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        status: response.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    } catch (error) {
      return { ok: false, retryable: true, reason: describeFailure(error, options.timeoutMs) };
    }
  }

  return {
    async getBytes(url) {
      for (let attemptIndex = 0; ; attemptIndex++) {
        const result = await limit(attempt, url);
        if (result.ok) return result.body;
        if (!result.retryable) throw new HttpError(url, result.reason, result.status);
        if (attemptIndex >= options.retries) {
          const attempts = attemptIndex + 1;
          throw new HttpError(url, `${result.reason}, gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`, result.status);
        }
        const delay = result.retryAfterMs ?? backoffDelay(attemptIndex, options.baseDelayMs, options.maxDelayMs, random);
        await clock.sleep(delay);
      }
    },
  };
}

/** The body, counted as it streams in, so an endless or huge answer is cut off at the cap rather than held whole. */
async function readCappedBody(response: Response, maxBytes: number): Promise<Attempt> {
  const tooLarge = (detail: string): Attempt => ({
    ok: false,
    retryable: false,
    reason: `body larger than the ${formatMb(maxBytes)} limit${detail}, not retried; --max-body-mb raises the limit`,
  });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return tooLarge(` (Content-Length: ${formatMb(declared)})`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      // Leaving the loop cancels the stream: the rest of the body is never read.
      if (size > maxBytes) return tooLarge('');
      chunks.push(chunk);
    }
  }
  return { ok: true, body: Buffer.concat(chunks, size) };
}

function formatMb(bytes: number): string {
  return `${Number((bytes / MB).toFixed(3))} MB`;
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

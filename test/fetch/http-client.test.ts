import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createHttpClient, defaultHttpOptions, HttpError, type HttpOptions } from '../../src/fetch/http-client.ts';
import { defaultUserAgent } from '../../src/fetch/user-agent.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { type FakeClock, fakeClock } from './fake-clock.ts';
import { type FakeHub, type Route, startFakeHub } from './fake-hub.ts';

let hub: FakeHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/** Fast retries so the tests do not sleep for real backoff times; answers read as text. */
function client(overrides: Partial<HttpOptions> = {}) {
  const http = createHttpClient({ ...defaultHttpOptions, userAgent: 'test-agent', baseDelayMs: 5, maxDelayMs: 20, ...overrides });
  return { getText: async (url: string) => new TextDecoder().decode(await http.getBytes(url)) };
}

async function serve(route: Route) {
  hub = await startFakeHub(route);
  return hub;
}

describe('polite HTTP client', () => {
  test('waits as long as Retry-After asks after a 429, then succeeds', async () => {
    const clock = fakeClock();
    const sentAt: number[] = [];
    const server = await serve((_, before) => {
      sentAt.push(clock.now());
      return before.length === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { body: '[]' };
    });
    const answer = client({ clock }).getText(`${server.baseUrl}/api`);
    await vi.waitFor(() => expect(clock.waiting()).toBe(1));
    // Retry-After: 1 means a second, far above the 5 ms backoff the client would otherwise use.
    expect(clock.sleeps).toEqual([1_000]);
    clock.advance(999);
    expect(server.requests).toHaveLength(1);
    clock.advance(1);
    expect(await answer).toBe('[]');
    expect(server.requests).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBe(1_000);
  });

  /** A hub that refuses the first request for /limited with `Retry-After: 1`, noting when (on `clock`) each request came. */
  async function rateLimitedHub(clock: FakeClock) {
    const sentAt = new Map<string, number[]>();
    const server = await serve((request, before) => {
      sentAt.set(request.path, [...(sentAt.get(request.path) ?? []), clock.now()]);
      return request.path === '/limited' && before.length === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { body: 'ok' };
    });
    return { server, sentAt };
  }

  test('a Retry-After pauses every request of the client, not only the one that was refused', async () => {
    const clock = fakeClock();
    const { server, sentAt } = await rateLimitedHub(clock);
    const http = client({ concurrency: 1, clock });
    const limited = http.getText(`${server.baseUrl}/limited`);
    await vi.waitFor(() => expect(clock.waiting()).toBe(1));
    // Asked for while the refused request waits.
    const other = http.getText(`${server.baseUrl}/other`);
    await vi.waitFor(() => expect(clock.waiting() === 2 || sentAt.has('/other')).toBe(true));
    expect(server.requests.map((request) => request.path)).toEqual(['/limited']);
    clock.advance(1_000);
    expect(await Promise.all([limited, other])).toEqual(['ok', 'ok']);
    expect(sentAt.get('/other')![0]! - sentAt.get('/limited')![0]!).toBeGreaterThanOrEqual(1_000);
  });

  test('a request queued behind the refused one waits out the Retry-After too', async () => {
    const clock = fakeClock();
    const { server, sentAt } = await rateLimitedHub(clock);
    const http = client({ concurrency: 1, clock });
    // Both asked for at once: /other starts the moment /limited's attempt gives up its slot.
    const both = Promise.all([http.getText(`${server.baseUrl}/limited`), http.getText(`${server.baseUrl}/other`)]);
    await vi.waitFor(() => expect(clock.waiting() === 2 || sentAt.has('/other')).toBe(true));
    expect(server.requests.map((request) => request.path)).toEqual(['/limited']);
    clock.advance(1_000);
    expect(await both).toEqual(['ok', 'ok']);
    expect(sentAt.get('/other')![0]! - sentAt.get('/limited')![0]!).toBeGreaterThanOrEqual(1_000);
  });

  test('caps a Retry-After that asks for too long a pause', async () => {
    const clock = fakeClock();
    const server = await serve((_, before) => (before.length === 0 ? { status: 503, headers: { 'retry-after': '3600' } } : { body: 'ok' }));
    const answer = client({ maxRetryAfterMs: 300, clock }).getText(`${server.baseUrl}/x`);
    await vi.waitFor(() => expect(clock.waiting()).toBe(1));
    expect(clock.sleeps).toEqual([300]);
    clock.advance(300);
    expect(await answer).toBe('ok');
  });

  test('recovers from 500 and 502', async () => {
    const server = await serve((_, before) => [{ status: 500 }, { status: 502 }][before.length] ?? { body: 'fine' });
    expect(await client().getText(`${server.baseUrl}/x`)).toBe('fine');
    expect(server.requests).toHaveLength(3);
  });

  test('gives up after the configured retries and names the URL and status', async () => {
    const server = await serve(() => ({ status: 503 }));
    const url = `${server.baseUrl}/api/daily_papers?date=2024-10-26`;
    const error = await client({ retries: 3 }).getText(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe(`GET ${url}: HTTP 503 Service Unavailable, gave up after 4 attempts`);
    expect((error as HttpError).status).toBe(503);
    expect(server.requests).toHaveLength(4);
  });

  test('never retries a 404', async () => {
    const server = await serve(() => ({ status: 404 }));
    await expect(client().getText(`${server.baseUrl}/missing`)).rejects.toThrow(/HTTP 404 Not Found$/);
    expect(server.requests).toHaveLength(1);
  });

  test('an answer slower than the timeout is abandoned and asked again', async () => {
    const server = await serve((_, before) => (before.length === 0 ? { delayMs: 3_000, body: 'late' } : { body: 'quick' }));
    expect(await client({ timeoutMs: 200 }).getText(`${server.baseUrl}/slow`)).toBe('quick');
    expect(server.requests).toHaveLength(2);
  });

  test('an answer that is always too slow fails with the timeout named', async () => {
    const server = await serve(() => ({ delayMs: 3_000, body: 'late' }));
    await expect(client({ timeoutMs: 150, retries: 1 }).getText(`${server.baseUrl}/slow`)).rejects.toThrow(
      /slow: timed out after 0\.15 s, gave up after 2 attempts$/,
    );
  });

  test('a server that is not there is a network error, retried, then reported', async () => {
    const server = await serve(() => ({}));
    const url = `${server.baseUrl}/gone`;
    await server.close();
    hub = undefined;
    await expect(client({ retries: 2 }).getText(url)).rejects.toThrow(`GET ${url}: network error (ECONNREFUSED), gave up after 3 attempts`);
  });

  test('keeps at most two requests in flight', async () => {
    const server = await serve(() => ({ delayMs: 60, body: 'x' }));
    const http = client();
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.getText(`${server.baseUrl}/${i}`)));
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight()).toBe(2);
  });

  test('a body over the cap fails at once, unretried, naming the URL and the cap: declared or streamed', async () => {
    const server = await serve((request) =>
      request.path === '/declared' ? { body: 'x'.repeat(5_000) } : { chunks: Array.from({ length: 1_000 }, () => 'y'.repeat(1_000)) },
    );
    const http = client({ maxBodyBytes: 2_000 });
    await expect(http.getText(`${server.baseUrl}/declared`)).rejects.toThrow(
      `GET ${server.baseUrl}/declared: body larger than the 0.002 MB limit (Content-Length: 0.005 MB), not retried; --max-body-mb raises the limit`,
    );
    await expect(http.getText(`${server.baseUrl}/streamed`)).rejects.toThrow(
      `GET ${server.baseUrl}/streamed: body larger than the 0.002 MB limit, not retried; --max-body-mb raises the limit`,
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/declared', '/streamed']);
    expect(await client({ maxBodyBytes: 5_000 }).getText(`${server.baseUrl}/declared`)).toHaveLength(5_000);
  });

  test('sends a User-Agent naming the project, its version and where to find it', async () => {
    const server = await serve(() => ({ body: 'x' }));
    const userAgent = defaultUserAgent();
    await client({ userAgent }).getText(`${server.baseUrl}/ua`);
    const { name, version } = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8'));
    expect(server.requests[0]!.userAgent).toBe(userAgent);
    expect(userAgent.startsWith(`${name}/${version} (`)).toBe(true);
  });
});

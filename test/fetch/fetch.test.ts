/**
 * `npm run fetch` against a real local server that misbehaves the way real
 * servers do, checking what lands in the content folder and what the person
 * is told.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { NOTES_MARKER } from '../../src/lib/schema.ts';
import { defaultUserAgent } from '../../src/fetch/user-agent.ts';
import { type FakeHub, type Route, startFakeHub } from './fake-hub.ts';
import { apiDay, fixturesDir, recordedDay, runCli, snapshot, tempDir } from './helpers.ts';

let hub: FakeHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function serve(route: Route) {
  hub = await startFakeHub(route);
  return hub;
}

/** A content and a cache folder of its own, and the flags that point the command at them (`flagsFor` another content folder). */
async function workspace(server: FakeHub) {
  const content = await tempDir('content');
  const cache = await tempDir('cache');
  const flagsFor = (folder: string) => ['--content', folder, '--cache', cache, '--base-url', server.baseUrl, '--retry-delay', '0.01'];
  return { content, cache, flags: flagsFor(content), flagsFor };
}

const dayFile = (content: string, day: string) => readFile(path.join(content, 'days', `${day}.md`), 'utf8');
const apiUrl = (server: FakeHub, day: string, page = 0) => `${server.baseUrl}/api/daily_papers?date=${day}&limit=100&p=${page}`;

describe('fetching a range of days through faults', () => {
  test('every good day lands whole, the failed days are named, the exit status is non-zero', async () => {
    const recorded = await recordedDay('2024-10-25');
    /** 2024-10-22 is rate-limited: refused, with `Retry-After: 1`, until a second after its first request. */
    let limitedUntil: number | undefined;
    const server = await serve((request, before) => {
      const day = request.query.get('date');
      switch (day) {
        case '2024-10-21':
          return { body: '[]' };
        case '2024-10-22':
          // A little slack on the server's side: the client's wait starts once the refusal has reached it.
          limitedUntil ??= request.receivedAt + 950;
          return request.receivedAt < limitedUntil ? { status: 429, headers: { 'retry-after': '1' } } : { body: apiDay(day, 4) };
        case '2024-10-23':
          return [{ status: 500 }, { status: 502 }][before.length] ?? { body: apiDay(day, 5) };
        case '2024-10-24':
          return { status: 500 };
        case '2024-10-25':
          return { body: recorded };
        default:
          return { body: apiDay(day!, 3).slice(0, 200) };
      }
    });
    const { content, flags } = await workspace(server);

    const run = await runCli([...flags, '--from', '2024-10-21', '--to', '2024-10-26']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Days: 4 ok, 2 failed. Papers: 12 new, 0 updated, 0 unchanged.');
    expect(run.stdout).toContain(
      `Failed days:\n  2024-10-24: GET ${apiUrl(server, '2024-10-24')}: HTTP 500 Internal Server Error, gave up after 6 attempts\n` +
        `  2024-10-26: ${apiUrl(server, '2024-10-26')}: not valid JSON`,
    );
    // One plain line per day, in order, when not in a terminal.
    expect(run.stdout.split('\n').filter((line) => /^2024-10-2\d (ok|failed)/.test(line))).toEqual([
      '2024-10-21 ok: 0 papers (0 new, 0 updated, 0 unchanged)',
      '2024-10-22 ok: 4 papers (4 new, 0 updated, 0 unchanged)',
      '2024-10-23 ok: 5 papers (5 new, 0 updated, 0 unchanged)',
      expect.stringMatching(/^2024-10-24 failed: GET .* HTTP 500/),
      '2024-10-25 ok: 3 papers (3 new, 0 updated, 0 unchanged)',
      expect.stringMatching(/^2024-10-26 failed: .*not valid JSON/),
    ]);

    const files = Object.keys(await snapshot(content)).sort();
    expect(files.filter((file) => file.startsWith('days'))).toEqual(
      ['2024-10-21', '2024-10-22', '2024-10-23', '2024-10-25'].map((day) => path.join('days', `${day}.md`)),
    );
    expect(files.filter((file) => file.startsWith('papers'))).toHaveLength(12);
    expect(await dayFile(content, '2024-10-25')).toContain('2410.17243');
    // The 429 was honoured: a client that retried sooner (its backoff is 10 ms) would have been refused again.
    expect(server.requests.filter((r) => r.query.get('date') === '2024-10-22')).toHaveLength(2);
  });

  test('truncated JSON fails that day with a clear message and leaves its content untouched', async () => {
    let truncate = false;
    const server = await serve(() => {
      const body = apiDay('2024-10-25', 3, truncate ? 99 : 1);
      return { body: truncate ? body.slice(0, -40) : body };
    });
    const { content, flags } = await workspace(server);
    expect((await runCli([...flags, '--date', '2024-10-25'])).code).toBe(0);
    const before = await snapshot(content);

    truncate = true;
    const run = await runCli([...flags, '--date', '2024-10-25']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/2024-10-25: http:\/\/127\.0\.0\.1:\d+\/api\/daily_papers\?date=2024-10-25&limit=100&p=0: not valid JSON \(/);
    expect(await snapshot(content)).toEqual(before);
  });

  test('a 150-paper day is fetched as two pages and lands whole, in listing order', async () => {
    const all = JSON.parse(apiDay('2024-10-25', 150)) as unknown[];
    const server = await serve((request) => {
      const page = Number(request.query.get('p'));
      const limit = Number(request.query.get('limit'));
      return { body: JSON.stringify(all.slice(page * limit, (page + 1) * limit)) };
    });
    const { content, flags } = await workspace(server);

    const run = await runCli([...flags, '--date', '2024-10-25']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024-10-25 ok: 150 papers (150 new, 0 updated, 0 unchanged)');
    expect(server.requests.map((r) => r.query.toString())).toEqual([
      'date=2024-10-25&limit=100&p=0',
      'date=2024-10-25&limit=100&p=1',
    ]);
    const day = await dayFile(content, '2024-10-25');
    const ids = [...day.matchAll(/^ {2}- "?([\d.]+)"?$/gm)].map((match) => match[1]);
    expect(ids).toHaveLength(150);
    expect(ids[0]).toBe('2410.25001');
    expect(ids[149]).toBe('2410.25150');
  });

  test('a day of exactly 100 papers costs one more, empty, page', async () => {
    const server = await serve((request) => ({ body: request.query.get('p') === '0' ? apiDay('2024-10-25', 100) : '[]' }));
    const { flags } = await workspace(server);
    const run = await runCli([...flags, '--date', '2024-10-25']);
    expect(run.code).toBe(0);
    expect(server.requests.map((r) => r.query.get('p'))).toEqual(['0', '1']);
  });

  test('an empty day is a success with no papers, and its day file is written', async () => {
    const server = await serve(() => ({ body: '[]' }));
    const { content, flags } = await workspace(server);
    const run = await runCli([...flags, '--date', '2024-10-27']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Days: 1 ok, 0 failed. Papers: 0 new, 0 updated, 0 unchanged.');
    expect(await dayFile(content, '2024-10-27')).toMatch(/date: ['"]?2024-10-27['"]?\npapers: \[\]/);
  });

  test('an answer slower than --timeout is asked again; one that never comes fails the day', async () => {
    const server = await serve((request, before) => {
      if (request.query.get('date') === '2024-10-25') return before.length === 0 ? { delayMs: 5_000 } : { body: apiDay('2024-10-25', 2) };
      return { delayMs: 5_000 };
    });
    const { flags } = await workspace(server);
    const run = await runCli([...flags, '--timeout', '0.3', '--retries', '1', '--from', '2024-10-25', '--to', '2024-10-26']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2024-10-25 ok: 2 papers');
    expect(run.stdout).toContain(`2024-10-26: GET ${apiUrl(server, '2024-10-26')}: timed out after 0.3 s, gave up after 2 attempts`);
  });

  test('never more than two requests in flight, each with the project User-Agent', async () => {
    const server = await serve((request) => ({ delayMs: 80, body: apiDay(request.query.get('date')!, 1) }));
    const { flags } = await workspace(server);
    const run = await runCli([...flags, '--from', '2024-10-01', '--to', '2024-10-08']);
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight()).toBe(2);
    expect(new Set(server.requests.map((r) => r.userAgent))).toEqual(new Set([defaultUserAgent()]));
  });

  test('the HTML listing page is a source too', async () => {
    const items = await recordedDay('2024-10-25');
    const props = JSON.stringify({ dailyPapers: JSON.parse(items) }).replaceAll('&', '&amp;').replaceAll('"', '&quot;');
    const server = await serve((request) =>
      request.path === '/papers/date/2024-10-25'
        ? { headers: { 'content-type': 'text/html' }, body: `<html><body><div data-target="DailyPapers" data-props="${props}"></div></body></html>` }
        : { status: 404 },
    );
    const { content, flags } = await workspace(server);
    const run = await runCli([...flags, '--source', 'html', '--date', '2024-10-25']);
    expect(run.stdout).toContain('2024-10-25 ok: 3 papers (3 new, 0 updated, 0 unchanged)');
    expect(run.code).toBe(0);
    expect(await dayFile(content, '2024-10-25')).toContain('2410.17243');
  });
});

describe('an HTML page that is not the day\'s listing', () => {
  test('a 200 page titled "Daily Papers - Error 500" with no cards fails the day, naming the URL, and is not cached', async () => {
    const page = '<!doctype html><html><head><title>Daily Papers - Error 500</title></head><body><h1>Daily Papers</h1><p>Something went wrong.</p></body></html>';
    const server = await serve(() => ({ headers: { 'content-type': 'text/html' }, body: page }));
    const { content, cache, flags } = await workspace(server);
    const run = await runCli([...flags, '--source', 'html', '--date', '2024-10-25']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `  2024-10-25: ${server.baseUrl}/papers/date/2024-10-25: not a daily papers page (no data-props with dailyPapers, no <article> cards); its title is "Daily Papers - Error 500"`,
    );
    expect(await snapshot(content)).toEqual({});
    expect(await snapshot(cache)).toEqual({});
  });

  test("the listing's own empty day (an empty dailyPapers) is still a day with no papers", async () => {
    const page = await readFile(path.join(fixturesDir, '../html/daily-papers-empty-day.html'));
    const server = await serve(() => ({ headers: { 'content-type': 'text/html' }, body: page }));
    const { content, flags } = await workspace(server);
    const run = await runCli([...flags, '--source', 'html', '--date', '2024-12-25']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024-12-25 ok: 0 papers (0 new, 0 updated, 0 unchanged)');
    expect(await dayFile(content, '2024-12-25')).toMatch(/papers: \[\]/);
  });
});

describe('re-fetching', () => {
  test('the same answers twice change no byte', async () => {
    const recorded = await recordedDay('2026-03-06');
    const server = await serve(() => ({ body: recorded }));
    const { content, flags } = await workspace(server);
    expect((await runCli([...flags, '--date', '2026-03-06'])).code).toBe(0);
    const first = await snapshot(content);
    const again = await runCli([...flags, '--date', '2026-03-06']);
    expect(again.stdout).toContain('Papers: 0 new, 0 updated, 1 unchanged.');
    expect(await snapshot(content)).toEqual(first);
  });

  test("a person's note and topics override survive a re-fetch that updates the paper", async () => {
    let upvotes = 3;
    const server = await serve(() => ({ body: apiDay('2024-10-25', 1, upvotes) }));
    const { content, flags } = await workspace(server);
    expect((await runCli([...flags, '--date', '2024-10-25'])).code).toBe(0);
    const paperFile = path.join(content, 'papers', '2410.25001.md');
    const fetched = await readFile(paperFile, 'utf8');
    expect(fetched).toContain(NOTES_MARKER);
    const edited = fetched.replace(/^---\n/, '---\ntopics:\n  - robotics\n') + '\nMy own reading notes.\n';
    await writeFile(paperFile, edited);

    upvotes = 42;
    const run = await runCli([...flags, '--date', '2024-10-25']);

    expect(run.stdout).toContain('Papers: 0 new, 1 updated, 0 unchanged.');
    const after = await readFile(paperFile, 'utf8');
    expect(after).toMatch(/^upvotes: 42$/m);
    expect(after).toMatch(/^topics:\n {2}- robotics$/m);
    expect(after.slice(after.indexOf(NOTES_MARKER))).toContain('My own reading notes.');
  });

  test('--since-last catches up from the newest day in the content to today, that day included', async () => {
    const server = await serve((request) => ({ body: apiDay(request.query.get('date')!, 1) }));
    const { flags } = await workspace(server);
    expect((await runCli([...flags, '--date', '2024-10-25'])).code).toBe(0);
    const run = await runCli([...flags, '--since-last', '--today', '2024-10-27']);
    expect(run.code).toBe(0);
    // Two requests run at once, so they may arrive in either order.
    expect(server.requests.map((r) => r.query.get('date')).sort()).toEqual(['2024-10-25', '2024-10-25', '2024-10-26', '2024-10-27']);
  });

  test('--days N asks for the last N days up to today', async () => {
    const server = await serve(() => ({ body: '[]' }));
    const { flags } = await workspace(server);
    expect((await runCli([...flags, '--days', '3', '--today', '2024-03-01'])).code).toBe(0);
    expect(server.requests.map((r) => r.query.get('date')).sort()).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });

  test('--since-last on empty content says to start with --days', async () => {
    const server = await serve(() => ({ body: '[]' }));
    const { flags } = await workspace(server);
    const run = await runCli([...flags, '--since-last']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--since-last: the content has no day yet; start it with --days N');
    expect(server.requests).toHaveLength(0);
  });
});

describe('--offline', () => {
  test('rebuilds the same content from the cache with the server gone, and fails days never cached', async () => {
    const all = JSON.parse(apiDay('2024-10-25', 120)) as unknown[];
    const server = await serve((request) => {
      const page = Number(request.query.get('p'));
      return { body: JSON.stringify(request.query.get('date') === '2024-10-25' ? all.slice(page * 100, (page + 1) * 100) : []) };
    });
    const { content, cache, flags, flagsFor } = await workspace(server);
    expect((await runCli([...flags, '--from', '2024-10-25', '--to', '2024-10-26'])).code).toBe(0);
    const online = await snapshot(content);
    await server.close();
    hub = undefined;
    const rebuilt = await tempDir('rebuilt');

    const run = await runCli([...flagsFor(rebuilt), '--offline', '--from', '2024-10-24', '--to', '2024-10-26']);

    expect(run.code).toBe(1);
    expect(await snapshot(rebuilt)).toEqual(online);
    expect(run.stdout).toContain('Days: 2 ok, 1 failed. Papers: 120 new, 0 updated, 0 unchanged.');
    expect(run.stdout).toContain(`2024-10-24: not in the cache (${path.join(cache, 'api', '2024-10-24', 'p0.json')};`);
  });

  test('a response that does not parse is never cached', async () => {
    const server = await serve(() => ({ body: '[{"paper":' }));
    const { cache, flags } = await workspace(server);
    expect((await runCli([...flags, '--date', '2024-10-25'])).code).toBe(1);
    expect(await snapshot(cache)).toEqual({});
  });
});

describe('a day whose second page fails', () => {
  test('writes nothing of that day, though its first page arrived', async () => {
    const server = await serve((request) => (request.query.get('p') === '0' ? { body: apiDay('2024-10-25', 100) } : { status: 502 }));
    const { content, cache, flags } = await workspace(server);
    const run = await runCli([...flags, '--retries', '1', '--date', '2024-10-25']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`2024-10-25: GET ${apiUrl(server, '2024-10-25', 1)}: HTTP 502 Bad Gateway, gave up after 2 attempts`);
    expect(await snapshot(content)).toEqual({});
    expect(await snapshot(cache)).toEqual({});
  });
});

describe('servers and caches that misbehave in other ways', () => {
  test('a server that never sends a short page fails the day instead of paging forever', async () => {
    const fullPage = apiDay('2024-10-25', 100);
    const server = await serve(() => ({ body: fullPage }));
    const { content, flags } = await workspace(server);
    const run = await runCli([...flags, '--date', '2024-10-25']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`2024-10-25: ${apiUrl(server, '2024-10-25')}: still no short page after 100 pages`);
    expect(server.requests).toHaveLength(100);
    expect(await snapshot(content)).toEqual({});
  });

  test('a cache that cannot be written is a warning; the content still lands', async () => {
    const server = await serve(() => ({ body: apiDay('2024-10-25', 2) }));
    const { content, cache, flags } = await workspace(server);
    // A file where the cache's `api` folder should be: the write fails on every system.
    await writeFile(path.join(cache, 'api'), 'in the way');
    const run = await runCli([...flags, '--date', '2024-10-25']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: 2024-10-25: raw response not cached \(.*\)$/m);
    expect(Object.keys(await snapshot(content))).toHaveLength(3);
  });

  test('a malformed item is skipped with a warning naming the URL and position; the rest of the day lands', async () => {
    const items = JSON.parse(apiDay('2024-10-25', 3)) as unknown[];
    items[1] = { paper: { title: 'no id' } };
    const server = await serve(() => ({ body: JSON.stringify(items) }));
    const { flags } = await workspace(server);
    const run = await runCli([...flags, '--date', '2024-10-25']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024-10-25 ok: 2 papers (2 new, 0 updated, 0 unchanged)');
    expect(run.stderr).toContain(`warning: ${apiUrl(server, '2024-10-25')}: item 2 skipped`);
  });
});

describe('answers too large or not UTF-8', () => {
  test('a body over --max-body-mb fails its day at once, names the URL and the limit, and is not cached', async () => {
    const server = await serve((request) => ({ body: apiDay(request.query.get('date')!, request.query.get('date') === '2024-10-25' ? 40 : 1) }));
    const { content, cache, flags } = await workspace(server);
    const run = await runCli([...flags, '--max-body-mb', '0.005', '--from', '2024-10-25', '--to', '2024-10-26']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `  2024-10-25: GET ${apiUrl(server, '2024-10-25')}: body larger than the 0.005 MB limit (Content-Length: 0.`,
    );
    expect(run.stdout).toContain('not retried; --max-body-mb raises the limit');
    expect(run.stdout).toContain('2024-10-26 ok: 1 paper (1 new, 0 updated, 0 unchanged)');
    expect(server.requests.filter((r) => r.query.get('date') === '2024-10-25')).toHaveLength(1);
    expect(Object.keys(await snapshot(content)).filter((file) => file.startsWith('days'))).toEqual([path.join('days', '2024-10-26.md')]);
    expect(Object.keys(await snapshot(cache))).toEqual([path.join('api', '2024-10-26', 'p0.json')]);
  });

  test('bytes that are not UTF-8 are a warning naming the URL, the first offset and the count; the cache keeps them as sent', async () => {
    const text = apiDay('2024-10-25', 2);
    const at = text.indexOf('We study problem 2');
    // A lone continuation byte and a cut-off three-byte sequence, in the second abstract.
    const sent = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0x80, 0xe2, 0x82]), Buffer.from(text.slice(at))]);
    const server = await serve(() => ({ body: sent }));
    const { content, cache, flags, flagsFor } = await workspace(server);
    const warning = `warning: ${apiUrl(server, '2024-10-25')}: 2 byte sequences that are not valid UTF-8, the first at byte offset ${at}, read as U+FFFD\n`;

    const run = await runCli([...flags, '--date', '2024-10-25']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe(warning);
    expect(await readFile(path.join(cache, 'api', '2024-10-25', 'p0.json'))).toEqual(sent);
    expect(await readFile(path.join(content, 'papers', '2410.25002.md'), 'utf8')).toContain('\uFFFD\uFFFDWe study problem 2');

    const rebuilt = await tempDir('rebuilt');
    const offline = await runCli([...flagsFor(rebuilt), '--offline', '--date', '2024-10-25']);
    expect(offline.stderr).toBe(warning);
    expect(await snapshot(rebuilt)).toEqual(await snapshot(content));
  });
});

describe('what the person is told', () => {
  test("a skipped item's position is its place in that page's response, with that page's URL", async () => {
    const all = JSON.parse(apiDay('2024-10-25', 130)) as Array<Record<string, unknown>>;
    all[1] = { paper: { title: 'no id' } };
    all[102] = { paper: { title: 'no id either' } };
    const server = await serve((request) => {
      const page = Number(request.query.get('p'));
      return { body: JSON.stringify(all.slice(page * 100, (page + 1) * 100)) };
    });
    const { flags } = await workspace(server);
    const run = await runCli([...flags, '--date', '2024-10-25']);
    expect(run.code).toBe(0);
    // The reason is the parser's wording; the place is what the fetch must pass on unchanged.
    expect(run.stderr).toContain(`warning: ${apiUrl(server, '2024-10-25', 0)}: item 2 skipped: `);
    expect(run.stderr).toContain(`warning: ${apiUrl(server, '2024-10-25', 1)}: item 3 skipped: `);
  });

  test('--days too large and a repeated --date are usage errors (exit 2) before any request', async () => {
    const server = await serve(() => ({ body: '[]' }));
    const { flags } = await workspace(server);
    const huge = await runCli([...flags, '--days', '99999999999999999999']);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('fetch: --days must be at most 36525 (a century), got 99999999999999999999');
    const twice = await runCli([...flags, '--date', '2026-07-28', '--date', '2026-07-29']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('fetch: --date is given twice; give it once');
    expect(server.requests).toHaveLength(0);
  });
});

/** One `npm run fetch`: from checked arguments to content, progress and a summary. */
import { openStore } from '../ingest/index.ts';
import { lockContent } from '../lib/content-lock.ts';
import type { FetchCommand } from './cli-args.ts';
import { resolveDays, utcToday } from './dates.ts';
import { fetchDays, type PageReader } from './fetch-days.ts';
import { createHttpClient, defaultHttpOptions, type HttpOptions } from './http-client.ts';
import { openResponseCache, type ResponseCache } from './response-cache.ts';
import { createReporter, formatSummary, type Output } from './report.ts';
import { defaultUserAgent } from './user-agent.ts';

/** Returns the exit status: 0 only when every day succeeded. */
export async function runFetch(command: FetchCommand, output: Output): Promise<number> {
  // Taken before the store reads the folder: a run that read it while another wrote would write over that run's papers.
  const lock = await lockContent(command.contentDir, { note: (line) => output.stderr.write(`fetch: ${line}\n`) });
  try {
    return await fetchLocked(command, output);
  } finally {
    lock.release();
  }
}

async function fetchLocked(command: FetchCommand, output: Output): Promise<number> {
  const store = await openStore(command.contentDir);
  const days = resolveDays(command.selection, command.today ?? utcToday(), store.newestDay(), store.newestDayFile());
  const cache = openResponseCache(command.cacheDir);
  const range = days.length === 1 ? days[0] : `${days[0]} to ${days.at(-1)}`;
  output.stdout.write(
    command.offline
      ? `Rebuilding ${days.length} day(s), ${range}, from the cache in ${command.cacheDir} (offline)\n`
      : `Fetching ${days.length} day(s), ${range}, from ${command.baseUrl} (${command.source})\n`,
  );

  const reporter = createReporter(days.length, output);
  const summary = await fetchDays({
    days,
    source: command.source,
    baseUrl: command.baseUrl,
    readPage: command.offline ? readFromCache(cache) : readFromNetwork(command),
    store,
    ...(command.offline ? {} : { saveTo: cache }),
    onDay: (result) => reporter.dayDone(result),
  });
  reporter.finish();
  output.stdout.write(formatSummary(summary));
  return summary.failed === 0 ? 0 : 1;
}

function readFromNetwork(command: FetchCommand): PageReader {
  const options: HttpOptions = {
    ...defaultHttpOptions,
    userAgent: defaultUserAgent(),
    timeoutMs: command.timeoutMs,
    retries: command.retries,
    baseDelayMs: command.baseDelayMs,
    maxBodyBytes: command.maxBodyBytes,
  };
  const client = createHttpClient(options);
  return ({ url }) => client.getBytes(url);
}

function readFromCache(cache: ResponseCache): PageReader {
  return async ({ source, day, page, url }) => {
    const bytes = await cache.read(source, day, page);
    if (bytes === undefined) throw new Error(`not in the cache (${cache.pathOf(source, day, page)}; fetch ${url} online first)`);
    return bytes;
  };
}

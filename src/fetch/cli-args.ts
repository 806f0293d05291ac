/** `npm run fetch` arguments: parsed and checked here, so a mistake is reported before any request. */
import { parseArgs } from 'node:util';
import { repeatedOption } from '../lib/cli-options.ts';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { type DaySelection, parseDay } from './dates.ts';
import { defaultHttpOptions, MB } from './http-client.ts';
import { type SourceName, sourceNames } from './source-urls.ts';

export const DEFAULT_BASE_URL = 'https://huggingface.co';
export const DEFAULT_CACHE_DIR = '.cache/fetch';
/** More days than any archive needs, few enough that a typo cannot ask for billions of requests. */
export const MAX_DAYS = 36_525;

export const usage = `Usage: npm run fetch -- [options] (--date D | --from D --to D | --days N | --since-last)

Fetches daily paper listings into the content folder. Days are YYYY-MM-DD.

Which days (exactly one):
  --date D            one day
  --from D --to D     every day from D to D, both included
  --days N            the last N days, up to and including today
  --since-last        from the newest day already in the content (fetched again:
                      lists grow after their day) up to and including today

Options:
  --content DIR       the content folder (default: content)
  --source api|html   the JSON API (default) or the listing pages
  --base-url URL      where the listings live (default: ${DEFAULT_BASE_URL})
  --cache DIR         raw responses are kept here (default: ${DEFAULT_CACHE_DIR})
  --offline           rebuild from the cache only, no network; days not cached fail
  --today D           the day taken as today (default: the current UTC date)
  --timeout SECONDS   per request attempt (default: ${defaultHttpOptions.timeoutMs / 1000})
  --retries N         further attempts after a timeout, network error, 429 or 5xx
                      (default: ${defaultHttpOptions.retries})
  --retry-delay SECONDS
                      the first backoff delay; each later one doubles, with jitter
                      (default: ${defaultHttpOptions.baseDelayMs / 1000})
  --max-body-mb N     a response larger than N MB fails its day at once, not
                      retried (default: ${defaultHttpOptions.maxBodyBytes / MB})
  -h, --help          show this help

One fetch or import writes a content folder at a time: another waits for the
lock file <content>/.papers-archive.lock, and takes over one left by a run that died.

Exit status: 0 when every day succeeded, 1 when any day failed, 2 on a usage error.
`;

export interface FetchCommand {
  contentDir: string;
  cacheDir: string;
  baseUrl: string;
  source: SourceName;
  offline: boolean;
  selection: DaySelection;
  /** Undefined: the current UTC date. */
  today: string | undefined;
  timeoutMs: number;
  retries: number;
  baseDelayMs: number;
  maxBodyBytes: number;
}

/** A command line that cannot run; the message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseFetchArgs(argv: readonly string[]): FetchCommand | 'help' {
  const { values, positionals } = parseOrExplain(argv);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);

  const source = values.source ?? 'api';
  if (!(sourceNames as readonly string[]).includes(source)) {
    throw new UsageError(`--source must be one of ${sourceNames.join(', ')}, got "${source}"`);
  }
  const today = values.today;
  if (today !== undefined) checkDay(today, '--today');

  return {
    contentDir: values.content ?? 'content',
    cacheDir: values.cache ?? DEFAULT_CACHE_DIR,
    baseUrl: checkBaseUrl(values['base-url'] ?? DEFAULT_BASE_URL),
    source: source as SourceName,
    offline: values.offline ?? false,
    selection: selectionOf(values),
    today,
    timeoutMs: seconds(values.timeout, '--timeout', defaultHttpOptions.timeoutMs, { allowZero: false }),
    retries: wholeNumber(values.retries, '--retries', defaultHttpOptions.retries),
    baseDelayMs: seconds(values['retry-delay'], '--retry-delay', defaultHttpOptions.baseDelayMs, { allowZero: true }),
    maxBodyBytes: megabytes(values['max-body-mb'], '--max-body-mb', defaultHttpOptions.maxBodyBytes),
  };
}

const options = {
  content: { type: 'string' },
  cache: { type: 'string' },
  'base-url': { type: 'string' },
  source: { type: 'string' },
  offline: { type: 'boolean' },
  date: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  days: { type: 'string' },
  'since-last': { type: 'boolean' },
  today: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  'max-body-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function parseOrExplain(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const repeated = repeatedOption(parsed.tokens);
  if (repeated) throw new UsageError(`${repeated} is given twice; give it once`);
  return parsed;
}

function selectionOf(values: Values): DaySelection {
  const chosen = [
    values.date !== undefined && '--date',
    (values.from !== undefined || values.to !== undefined) && '--from/--to',
    values.days !== undefined && '--days',
    values['since-last'] && '--since-last',
  ].filter(Boolean);
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0
        ? 'say which days: --date D, --from D --to D, --days N or --since-last'
        : `choose one way to name the days, not ${chosen.join(' and ')}`,
    );
  }
  if (values.date !== undefined) return { kind: 'date', date: checkDay(values.date, '--date') };
  if (values.days !== undefined) {
    const count = wholeNumber(values.days, '--days', 0);
    if (count < 1) throw new UsageError('--days must be at least 1');
    if (count > MAX_DAYS) throw new UsageError(`--days must be at most ${MAX_DAYS} (a century), got ${values.days}`);
    return { kind: 'days', count };
  }
  if (values['since-last']) return { kind: 'since-last' };
  if (values.from === undefined || values.to === undefined) throw new UsageError('--from and --to go together');
  const from = checkDay(values.from, '--from');
  const to = checkDay(values.to, '--to');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (differenceInCalendarDays(parseDay(to, '--to'), parseDay(from, '--from')) >= MAX_DAYS) {
    throw new UsageError(`--from ${from} --to ${to} spans more than ${MAX_DAYS} days (a century)`);
  }
  return { kind: 'range', from, to };
}

function checkDay(text: string, flag: string): string {
  try {
    parseDay(text, flag);
    return text;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url: "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base-url: only http and https are allowed, got "${url.protocol}"`);
  }
  // Page paths and the API's own query are appended to the address: a query or fragment of its own would swallow them.
  if (text.includes('?')) throw new UsageError(`--base-url: "${text}" has a query string; give the address without "?…"`);
  if (text.includes('#')) throw new UsageError(`--base-url: "${text}" has a fragment; give the address without "#…"`);
  return text;
}

function wholeNumber(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} expects a whole number, got "${text}"`);
  return Number(text);
}

function seconds(text: string | undefined, flag: string, fallbackMs: number, { allowZero }: { allowZero: boolean }): number {
  if (text === undefined) return fallbackMs;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(`${flag} expects a number of seconds${allowZero ? '' : ' above 0'}, got "${text}"`);
  }
  return Math.round(value * 1000);
}

function megabytes(text: string | undefined, flag: string, fallbackBytes: number): number {
  if (text === undefined) return fallbackBytes;
  const value = Number(text);
  const bytes = Math.round(value * MB);
  // Above 2 GiB a body would not fit in one buffer anyway.
  if (text.trim() === '' || !Number.isFinite(value) || bytes < 1 || value > 2048) {
    throw new UsageError(`${flag} expects a number of megabytes above 0, at most 2048, got "${text}"`);
  }
  return bytes;
}

/**
 * Which days a fetch covers. Pure: "today" and the newest stored day are
 * passed in, so the same arguments always give the same days.
 */
// One module per function: the package's index loads all of date-fns, which cost 2.5 s at every start.
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { subDays } from 'date-fns/subDays';

const DAY_FORMAT = 'yyyy-MM-dd';

/** How the user chose the days; exactly one per fetch. */
export type DaySelection =
  | { kind: 'date'; date: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'days'; count: number }
  | { kind: 'since-last' };

/** A day argument the user must fix; the message says which and why. */
export class DateRangeError extends Error {
  override name = 'DateRangeError';
}

/** A `YYYY-MM-DD` that names a real calendar day, as a local-midnight Date for date-fns arithmetic. */
export function parseDay(text: string, what: string): Date {
  const date = parse(text, DAY_FORMAT, new Date(0));
  // The round trip rejects what `parse` would tolerate, such as `2024-1-5`.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isValid(date) || format(date, DAY_FORMAT) !== text) {
    throw new DateRangeError(`${what}: "${text}" is not a calendar day as YYYY-MM-DD`);
  }
  return date;
}

export function formatDay(date: Date): string {
  return format(date, DAY_FORMAT);
}

/** Today's date in UTC, the calendar the listings are keyed by. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const start = parseDay(from, '--from');
  const end = parseDay(to, '--to');
  const span = differenceInCalendarDays(end, start);
  if (span < 0) throw new DateRangeError(`--from ${from} is after --to ${to}`);
  return Array.from({ length: span + 1 }, (_, offset) => formatDay(addDays(start, offset)));
}

/**
 * The days a selection stands for. `newestDay` is the newest day already in
 * the content, needed only by `since-last`, which starts on that day again
 * because a day's list keeps growing after the day; `newestDayFile` holds it.
 */
export function resolveDays(selection: DaySelection, today: string, newestDay: string | undefined, newestDayFile?: string): string[] {
  switch (selection.kind) {
    case 'date':
      parseDay(selection.date, '--date');
      return [selection.date];
    case 'range':
      return daysBetween(selection.from, selection.to);
    case 'days': {
      if (!Number.isInteger(selection.count) || selection.count < 1) {
        throw new DateRangeError(`--days: expected a whole number of days, at least 1, got ${selection.count}`);
      }
      return daysBetween(formatDay(subDays(parseDay(today, 'today'), selection.count - 1)), today);
    }
    case 'since-last': {
      if (newestDay === undefined) {
        throw new DateRangeError(
          '--since-last: the content has no day yet; start it with --days N (e.g. --days 7). ' +
            'A new archive (npm run new -- DIR) gets its first days with: npm run fetch -- --content DIR --days 7; --since-last then keeps it up to date',
        );
      }
      if (newestDay > today) {
        const where = newestDayFile ? `, in ${newestDayFile}` : '';
        throw new DateRangeError(`--since-last: the newest day in the content (${newestDay}${where}) is after today (${today}): correct that file's date, or fetch with --date or --from/--to`);
      }
      return daysBetween(newestDay, today);
    }
  }
}

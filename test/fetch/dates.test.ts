import { describe, expect, test } from 'vitest';
import { DateRangeError, daysBetween, parseDay, resolveDays, utcToday } from '../../src/fetch/dates.ts';

describe('which days a fetch covers', () => {
  test('a range includes both ends and crosses months and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysBetween('2024-10-25', '2024-10-25')).toEqual(['2024-10-25']);
  });

  test('rejects days that are not on the calendar, and backwards ranges', () => {
    expect(() => parseDay('2023-02-29', '--date')).toThrow('--date: "2023-02-29" is not a calendar day as YYYY-MM-DD');
    expect(() => parseDay('2024-1-5', '--date')).toThrow(DateRangeError);
    expect(() => parseDay('yesterday', '--from')).toThrow(/--from: "yesterday"/);
    expect(() => daysBetween('2024-10-26', '2024-10-25')).toThrow('--from 2024-10-26 is after --to 2024-10-25');
  });

  test('--days N is the last N days up to today', () => {
    expect(resolveDays({ kind: 'days', count: 3 }, '2024-03-01', undefined)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(resolveDays({ kind: 'days', count: 1 }, '2024-03-01', undefined)).toEqual(['2024-03-01']);
  });

  test('--since-last starts again on the newest day in the content', () => {
    expect(resolveDays({ kind: 'since-last' }, '2024-10-27', '2024-10-25')).toEqual(['2024-10-25', '2024-10-26', '2024-10-27']);
    expect(resolveDays({ kind: 'since-last' }, '2024-10-25', '2024-10-25')).toEqual(['2024-10-25']);
  });

  test('--since-last on empty content suggests --days', () => {
    expect(() => resolveDays({ kind: 'since-last' }, '2024-10-27', undefined)).toThrow(/no day yet; start it with --days N/);
  });

  test('today is the UTC date', () => {
    expect(utcToday(new Date('2024-10-25T23:30:00-05:00'))).toBe('2024-10-26');
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DateRangeError, daysBetween, parseDay, resolveDays, utcToday } from '../../src/fetch/dates.ts';
import { openStore } from '../../src/ingest/index.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

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

  test('--since-last names the file whose day is after today', () => {
    expect(() => resolveDays({ kind: 'since-last' }, '2024-10-27', '2025-01-01', 'content/days/2025-01-01.md')).toThrow(
      '--since-last: the newest day in the content (2025-01-01, in content/days/2025-01-01.md) is after today (2024-10-27)',
    );
  });

  test('--since-last ignores a day the calendar lacks, in a day file or a paper, with a warning naming the file', async () => {
    const content = await makeTempDir('since-last-');
    await mkdir(path.join(content, 'days'));
    await mkdir(path.join(content, 'papers'));
    await writeFile(path.join(content, 'days/2024-10-25.md'), '---\ndate: "2024-10-25"\npapers: []\n---\n');
    await writeFile(path.join(content, 'days/2026-13-45.md'), '---\ndate: "2026-13-45"\npapers: []\n---\n');
    await writeFile(path.join(content, 'papers/2410.00001.md'), '---\nid: "2410.00001"\ntitle: "Impossible"\ndate: "2026-02-30"\n---\nText.\n');
    const store = await openStore(content);
    expect(store.newestDay()).toBe('2024-10-25');
    expect(store.newestDayFile()).toBe(path.join(content, 'days/2024-10-25.md'));
    expect(resolveDays({ kind: 'since-last' }, '2024-10-26', store.newestDay(), store.newestDayFile())).toEqual(['2024-10-25', '2024-10-26']);
    // The store's warnings come with its first report.
    const report = await store.apply({ kind: 'api', source: 'api:2024-10-26', day: '2024-10-26', items: [], warnings: [] });
    expect(report.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining(path.join(content, 'days/2026-13-45.md')), expect.stringMatching(/2410\.00001\.md: date "2026-02-30" is not a day of the calendar/)]),
    );
  });

  test('today is the UTC date', () => {
    expect(utcToday(new Date('2024-10-25T23:30:00-05:00'))).toBe('2024-10-26');
  });
});

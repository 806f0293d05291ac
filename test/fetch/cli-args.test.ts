import { describe, expect, test } from 'vitest';
import { parseFetchArgs, UsageError, usage } from '../../src/fetch/cli-args.ts';

describe('fetch command line', () => {
  test('defaults', () => {
    expect(parseFetchArgs(['--date', '2024-10-25'])).toEqual({
      contentDir: 'content',
      cacheDir: '.cache/fetch',
      baseUrl: 'https://huggingface.co',
      source: 'api',
      offline: false,
      selection: { kind: 'date', date: '2024-10-25' },
      today: undefined,
      timeoutMs: 30_000,
      retries: 5,
      baseDelayMs: 1_000,
      maxBodyBytes: 20 * 1024 * 1024,
    });
  });

  test('every option', () => {
    const command = parseFetchArgs([
      '--content', 'c', '--cache', 'k', '--base-url', 'http://127.0.0.1:9', '--source', 'html', '--offline',
      '--from', '2024-10-01', '--to', '2024-10-03', '--today', '2024-11-01', '--timeout', '2.5', '--retries', '0', '--retry-delay', '0',
      '--max-body-mb', '0.5',
    ]);
    expect(command).toEqual({
      contentDir: 'c',
      cacheDir: 'k',
      baseUrl: 'http://127.0.0.1:9',
      source: 'html',
      offline: true,
      selection: { kind: 'range', from: '2024-10-01', to: '2024-10-03' },
      today: '2024-11-01',
      timeoutMs: 2500,
      retries: 0,
      baseDelayMs: 0,
      maxBodyBytes: 512 * 1024,
    });
    expect(parseFetchArgs(['--days', '7'])).toMatchObject({ selection: { kind: 'days', count: 7 } });
    expect(parseFetchArgs(['--since-last'])).toMatchObject({ selection: { kind: 'since-last' } });
  });

  test('--help lists every flag', () => {
    expect(parseFetchArgs(['--help'])).toBe('help');
    for (const flag of ['--content', '--base-url', '--source', '--cache', '--offline', '--date', '--from', '--to', '--days', '--since-last', '--today', '--timeout', '--retries', '--retry-delay', '--max-body-mb', '--help']) {
      expect(usage).toContain(flag);
    }
  });

  test.each([
    [[], 'say which days'],
    [['--date', '2024-10-25', '--days', '3'], 'choose one way to name the days, not --date and --days'],
    [['--from', '2024-10-25'], '--from and --to go together'],
    [['--from', '2024-10-26', '--to', '2024-10-25'], '--from 2024-10-26 is after --to 2024-10-25'],
    [['--date', '2024-02-30'], '--date: "2024-02-30" is not a calendar day'],
    [['--days', '0'], '--days must be at least 1'],
    [['--days', 'seven'], '--days expects a whole number, got "seven"'],
    [['--date', '2024-10-25', '--source', 'rss'], '--source must be one of api, html, got "rss"'],
    [['--date', '2024-10-25', '--base-url', 'file:///etc'], '--base-url: only http and https are allowed'],
    [['--date', '2024-10-25', '--timeout', '0'], '--timeout expects a number of seconds above 0, got "0"'],
    [['--date', '2024-10-25', '--bogus'], "Unknown option '--bogus'"],
    [['--date', '2024-10-25', '--max-body-mb', '0'], '--max-body-mb expects a number of megabytes above 0, at most 2048, got "0"'],
    [['--days', '99999999999999999999'], '--days must be at most 36525 (a century), got 99999999999999999999'],
    [['--from', '0001-01-01', '--to', '9999-12-31'], '--from 0001-01-01 --to 9999-12-31 spans more than 36525 days (a century)'],
    [['--date', '2024-10-25', '--date', '2024-10-26'], '--date is given twice; give it once'],
    [['--days', '3', '--source', 'api', '--source', 'html'], '--source is given twice; give it once'],
    [['--date', '2024-10-25', '--base-url', 'https://hf.test/mirror?token=x'], '--base-url: "https://hf.test/mirror?token=x" has a query string; give the address without "?…"'],
    [['--date', '2024-10-25', '--base-url', 'https://hf.test/#top'], '--base-url: "https://hf.test/#top" has a fragment; give the address without "#…"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFetchArgs(argv)).toThrow(UsageError);
    expect(() => parseFetchArgs(argv)).toThrow(message);
  });
});

import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import type { DayResult } from '../../src/fetch/fetch-days.ts';
import { createReporter } from '../../src/fetch/report.ts';

function stream(isTTY: boolean) {
  let text = '';
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY, columns: 120 },
  );
  return { out, text: () => text };
}

const days: DayResult[] = [
  { day: '2024-10-25', ok: true, papers: 3, report: { new: 3, updated: 0, unchanged: 0, warnings: [] }, warnings: ['item 2 skipped: paper.id is missing'] },
  { day: '2024-10-26', ok: false, reason: 'GET http://x/: HTTP 500', warnings: [] },
];

test('in a terminal: a progress bar on stderr, failures and warnings kept above it, nothing per day on stdout', () => {
  const stdout = stream(false);
  const stderr = stream(true);
  const reporter = createReporter(2, { stdout: stdout.out, stderr: stderr.out, interactive: true });
  for (const day of days) reporter.dayDone(day);
  reporter.finish();
  expect(stdout.text()).toBe('');
  expect(stderr.text()).toContain('2/2 days');
  expect(stderr.text()).toContain('2024-10-26 failed: GET http://x/: HTTP 500');
  expect(stderr.text()).toContain('warning: item 2 skipped: paper.id is missing');
});

test('elsewhere: one plain line per day on stdout, warnings on stderr', () => {
  const stdout = stream(false);
  const stderr = stream(false);
  const reporter = createReporter(2, { stdout: stdout.out, stderr: stderr.out, interactive: false });
  for (const day of days) reporter.dayDone(day);
  reporter.finish();
  expect(stdout.text()).toBe('2024-10-25 ok: 3 papers (3 new, 0 updated, 0 unchanged)\n2024-10-26 failed: GET http://x/: HTTP 500\n');
  expect(stderr.text()).toBe('warning: item 2 skipped: paper.id is missing\n');
});

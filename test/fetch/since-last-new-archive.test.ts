/** `--since-last` on an archive with no day yet still refuses, and says what a new archive runs instead. */
import { expect, test } from 'vitest';
import { resolveDays } from '../../src/fetch/dates.ts';

test('--since-last on a new archive names the command that fetches its first days', () => {
  expect(() => resolveDays({ kind: 'since-last' }, '2026-06-01', undefined)).toThrow(
    /no day yet; start it with --days N .*A new archive \(npm run new -- DIR\) gets its first days with: npm run fetch -- --content DIR --days 7/,
  );
});

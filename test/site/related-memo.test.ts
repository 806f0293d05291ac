/** The related lists each build process keeps for the next build, and which of them the next build reads. */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { readRelatedLists, removeOtherRelatedLists, writeRelatedLists } from '../../src/lib/site/related-memo.ts';
import type { RelatedListsMemo } from '../../src/lib/site/related.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const memo = (lists: [string, string[]][]): RelatedListsMemo => ({
  reference: 'r1',
  ids: ['a', 'b', 'c'],
  digests: ['da', 'db', 'dc'],
  lists: new Map(lists.map(([id, ids]) => [id, { ids, scores: ids.map((_, rank) => 1 / (rank + 3)) }])),
  thresholds: new Map([['graph', 0.125]]),
});
const idsOf = (read: RelatedListsMemo | undefined) => [...(read?.lists ?? [])].map(([id, list]) => [id, list.ids]).sort();

test("a run's parts read back as one memo: the main process's papers and reference set, every process's lists", async () => {
  const dir = await makeTempDir('related-memo-');
  writeRelatedLists(dir, 'run1', 0, memo([['a', ['b', 'c']]]));
  writeRelatedLists(dir, 'run1', 1, memo([['b', ['a']], ['c', []]]));
  // Another run's part is not this run's.
  writeRelatedLists(dir, 'run0', 2, memo([['c', ['a', 'b']]]));
  const read = await readRelatedLists(dir, 'run1');
  expect(read?.reference).toBe('r1');
  expect(read?.ids).toEqual(['a', 'b', 'c']);
  expect(read?.digests).toEqual(['da', 'db', 'dc']);
  expect(read?.thresholds).toEqual(new Map([['graph', 0.125]]));
  expect(idsOf(read)).toEqual([['a', ['b', 'c']], ['b', ['a']], ['c', []]]);
  // Scores come back exactly: the next build compares new papers' scores with them.
  expect(read?.lists.get('a')?.scores).toEqual([1 / 3, 1 / 4]);
});

test('without a readable main part there is no memo; a damaged other part only loses its lists', async () => {
  const dir = await makeTempDir('related-memo-');
  writeRelatedLists(dir, 'run1', 1, memo([['b', ['a']]]));
  expect(await readRelatedLists(dir, 'run1')).toBeUndefined();
  writeFileSync(path.join(dir, 'related-lists.run1.0.json'), '{"reference": "r1", "ids": ["a"]');
  expect(await readRelatedLists(dir, 'run1')).toBeUndefined();
  writeRelatedLists(dir, 'run1', 0, memo([['a', ['b']]]));
  // A paper number beyond the papers.
  writeFileSync(path.join(dir, 'related-lists.run1.1.json'), '{"lists": [1, 1, 7, 0.5]}');
  expect(idsOf(await readRelatedLists(dir, 'run1'))).toEqual([['a', ['b']]]);
});

test("only the previous run's parts are left", async () => {
  const dir = await makeTempDir('related-memo-');
  for (const run of ['old', 'previous']) for (const part of [0, 1]) writeRelatedLists(dir, run, part, memo([]));
  writeFileSync(path.join(dir, 'pages.json'), '{}');
  removeOtherRelatedLists(dir, 'previous');
  expect(readdirSync(dir).sort()).toEqual(['pages.json', 'related-lists.previous.0.json', 'related-lists.previous.1.json']);
  removeOtherRelatedLists(dir, '');
  expect(readdirSync(dir)).toEqual(['pages.json']);
});

/** Topic and organisation pages keep their papers as the archive grows: older pages are counted from the oldest. */
import { expect, test } from 'vitest';
import { stableListPages } from '../../src/lib/site/list-pages.ts';

/** Papers numbered by age, newest first: `newest(5)` is [5, 4, 3, 2, 1]. */
const newest = (count: number) => Array.from({ length: count }, (_, index) => count - index);

test('a list of less than one and a half pages is one front page', () => {
  expect(stableListPages([], 50)).toEqual([{ number: 0, items: [], from: 0, to: 0, older: undefined }]);
  const [front, ...rest] = stableListPages(newest(74), 50);
  expect(rest).toEqual([]);
  expect(front).toMatchObject({ number: 0, from: 1, to: 74, older: undefined });
  expect(front?.items).toEqual(newest(74));
  expect(stableListPages(newest(75), 50).map((page) => page.items.length)).toEqual([25, 50]);
});

test('the front page holds 25 to 74 papers, however long the list', () => {
  for (let total = 75; total <= 400; total += 1) {
    const [front, ...older] = stableListPages(newest(total), 50);
    expect(front!.items.length, `${total} papers`).toBeGreaterThanOrEqual(25);
    expect(front!.items.length, `${total} papers`).toBeLessThanOrEqual(74);
    for (const page of older) expect(page.items).toHaveLength(50);
  }
});

test('older pages hold full pages counted from the oldest; the front holds the rest; no paper is lost or shown twice', () => {
  const pages = stableListPages(newest(163), 50);
  expect(pages.map((page) => page.number)).toEqual([0, 2, 1]);
  const [front, second, first] = pages;
  expect(front).toMatchObject({ from: 101, to: 163, older: 2 });
  expect(front?.newer).toBeUndefined();
  expect(front?.items).toHaveLength(63);
  expect(second).toMatchObject({ from: 51, to: 100, newer: 0, older: 1 });
  expect(first).toMatchObject({ from: 1, to: 50, newer: 2, older: undefined });
  expect(first?.items).toEqual(newest(50));
  expect(pages.flatMap((page) => page.items)).toEqual(newest(163));
});

test('a day of new papers changes the front page only; a full front page hands its oldest papers to a new older page', () => {
  const before = stableListPages(newest(120), 50);
  const after = stableListPages(newest(124), 50);
  expect(after.slice(1)).toEqual(before.slice(1));
  expect(after[0]?.items).toHaveLength(74);

  const grown = stableListPages(newest(125), 50);
  expect(grown.map((page) => page.number)).toEqual([0, 2, 1]);
  expect(grown[0]?.items).toEqual(newest(125).slice(0, 25));
  expect(grown[1]).toMatchObject({ from: 51, to: 100, newer: 0, older: 1 });
  // The old top page gains a newer neighbour and nothing else.
  expect(grown[2]).toEqual({ ...before[1], newer: 2 });
});

test('a page size below one is refused', () => {
  expect(() => stableListPages(newest(3), 0)).toThrow(/page size/);
});

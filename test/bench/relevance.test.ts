/**
 * Relevance, measured: the own engine runs the judged query set
 * (test/fixtures/relevance/queries.json) on an index of the bundled sample's
 * papers, built from the records a build would write (without a site build),
 * and must not score below what is recorded in scores.json. The bench
 * (`npm run bench -- --relevance --record`) re-records the file, Pagefind's
 * figures with the own engine's.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { sampleRecordsText } from '../../scripts/bench/sample-records.ts';
import { ndcgAt, ownRankings, readJudgedQueries, recallAt, scoreRankings, type RelevanceScore } from '../../scripts/bench/relevance.ts';
import { buildSearchIndex } from '../../src/search/build.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

interface RecordedScores {
  own: { ndcg10: number; recall5: number };
  pagefind: { version: string; ndcg10: number; recall5: number };
}

const recorded = JSON.parse(readFileSync(path.join(projectRoot, 'test/fixtures/relevance/scores.json'), 'utf8')) as RecordedScores;

describe('the scores', () => {
  test('nDCG@10 is 1 for the ideal order, less when a better paper comes later, 0 without a judged paper', () => {
    const relevant = { a: 2, b: 1 };
    expect(ndcgAt(['a', 'b', 'x'], relevant)).toBe(1);
    expect(ndcgAt(['b', 'a'], relevant)).toBeLessThan(1);
    expect(ndcgAt(['x', 'a', 'b'], relevant)).toBeLessThan(ndcgAt(['a', 'x', 'b'], relevant));
    expect(ndcgAt(['x', 'y'], relevant)).toBe(0);
  });

  test('recall@5 counts the judged papers in the first five, out of at most five', () => {
    expect(recallAt(['x', 'a', 'y', 'z', 'w', 'b'], { a: 2, b: 1 })).toBe(0.5);
    expect(recallAt(['a', 'b', 'c', 'd', 'e'], Object.fromEntries('abcdefg'.split('').map((id) => [id, 1])))).toBe(1);
  });
});

describe('the own engine on the judged query set', () => {
  let score: RelevanceScore;

  beforeAll(async () => {
    const dir = await makeTempDir('relevance-');
    const records = path.join(dir, 'records.jsonl');
    await writeFile(records, sampleRecordsText(path.join(projectRoot, 'content')));
    await buildSearchIndex(records, path.join(dir, 'bundle'));
    const queries = readJudgedQueries();
    score = scoreRankings(queries, await ownRankings(path.join(dir, 'bundle'), queries.map((judged) => judged.query)));
  });

  test('scores no lower than recorded (nDCG@10 and recall@5 over every query)', () => {
    const low = score.queries.filter((query) => query.ndcg10 < 1).map((query) => `${query.query}: ${query.ndcg10} [${query.top.join(', ')}]`);
    expect(score.ndcg10, `queries below 1:\n${low.join('\n')}`).toBeGreaterThanOrEqual(recorded.own.ndcg10);
    expect(score.recall5).toBeGreaterThanOrEqual(recorded.own.recall5);
  });

  // The project's own index is worth its place only while it finds what Pagefind finds (docs/benchmarks.md, "Against Pagefind").
  test("scores no lower than Pagefind's recorded score on the same set", () => {
    expect(score.ndcg10).toBeGreaterThanOrEqual(recorded.pagefind.ndcg10);
    expect(score.recall5).toBeGreaterThanOrEqual(recorded.pagefind.recall5);
  });
});

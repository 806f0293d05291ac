/**
 * Relevance, measured: a judged query set (test/fixtures/relevance/queries.json,
 * written from the bundled sample's papers) scored as nDCG@10 and recall@5 on
 * the ranking an engine gives each query. The own engine is run in Node on
 * its built bundle, served on 127.0.0.1 (the search page's engine as it is,
 * fetching what it needs); Pagefind in Chromium (measure-pagefind-search.ts).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { serveStatic } from '../lib/static-server.ts';
import { SearchIndex } from '../../src/search/client/engine.ts';
import { stateFromParams } from '../../src/search/client/state.ts';

export const JUDGED_QUERIES = new URL('../../test/fixtures/relevance/queries.json', import.meta.url);

const judgedSchema = z.object({
  about: z.string().optional(),
  queries: z
    .array(
      z.object({
        query: z.string().min(1),
        /** What the query tests: phrase, hyphenated, tex, author, organisation, topic. */
        kind: z.string(),
        /** Paper id → grade: 2 what the query asks for, 1 also about it. */
        relevant: z.record(z.string(), z.union([z.literal(1), z.literal(2)])).refine((grades) => Object.keys(grades).length > 0, 'expected at least one paper'),
      }),
    )
    .min(1),
});

export type JudgedQuery = z.infer<typeof judgedSchema>['queries'][number];

export function readJudgedQueries(file: URL | string = JUDGED_QUERIES): JudgedQuery[] {
  const parsed = judgedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${String(file)}: not a judged query set: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  return parsed.data.queries;
}

/** A paper's id from its page URL (`/papers/<id>/`, any base path before it). */
export function paperIdOf(url: string): string {
  const match = /\/papers\/(.+?)\/?$/.exec(url);
  if (!match) throw new Error(`relevance: ${url} is not a paper's page`);
  return decodeURIComponent(match[1]!);
}

const discount = (rank: number) => 1 / Math.log2(rank + 2);

/** Normalised discounted cumulative gain of the first `k` of `ranked` (gain 2^grade - 1), 1 for the ideal order. */
export function ndcgAt(ranked: readonly string[], relevant: Record<string, number>, k = 10): number {
  const gain = (grade: number) => 2 ** grade - 1;
  const dcg = ranked.slice(0, k).reduce((sum, id, rank) => sum + gain(relevant[id] ?? 0) * discount(rank), 0);
  const ideal = Object.values(relevant)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, rank) => sum + gain(grade) * discount(rank), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the judged papers in the first `k` (of at most `k` of them: 1 when the first `k` are all judged). */
export function recallAt(ranked: readonly string[], relevant: Record<string, number>, k = 5): number {
  const judged = Object.keys(relevant).length;
  const found = ranked.slice(0, k).filter((id) => relevant[id] !== undefined).length;
  return found / Math.min(judged, k);
}

export interface RelevanceScore {
  /** Means over the queries, rounded to 3 decimals. */
  ndcg10: number;
  recall5: number;
  queries: { query: string; kind: string; ndcg10: number; recall5: number; top: string[] }[];
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Scores `rankings` (paper ids, best first; one list per query, in the set's order). */
export function scoreRankings(queries: readonly JudgedQuery[], rankings: readonly (readonly string[])[]): RelevanceScore {
  if (rankings.length !== queries.length) throw new Error(`relevance: ${rankings.length} rankings for ${queries.length} queries`);
  const scored = queries.map((judged, i) => ({
    query: judged.query,
    kind: judged.kind,
    ndcg10: round3(ndcgAt(rankings[i]!, judged.relevant)),
    recall5: round3(recallAt(rankings[i]!, judged.relevant)),
    top: rankings[i]!.slice(0, 5),
  }));
  const mean = (field: 'ndcg10' | 'recall5') => round3(scored.reduce((sum, query) => sum + query[field], 0) / scored.length);
  return { ndcg10: mean('ndcg10'), recall5: mean('recall5'), queries: scored };
}

/** The own engine's first `limit` papers for each query, from the bundle in `bundleDir`. */
export async function ownRankings(bundleDir: string, queries: readonly string[], limit = 10): Promise<string[][]> {
  const server = await serveStatic(bundleDir);
  try {
    const index = await SearchIndex.load(`${server.origin}/`);
    const rankings: string[][] = [];
    for (const query of queries) {
      const { records } = await index.search(stateFromParams(new URLSearchParams({ q: query })));
      const top = await Promise.all(records.slice(0, limit).map(async (record) => (await index.fragment(record)).url));
      rankings.push(top.map(paperIdOf));
    }
    return rankings;
  } finally {
    await server.close();
  }
}

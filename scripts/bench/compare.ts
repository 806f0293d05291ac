/**
 * The own index beside Pagefind, on the same records: each engine indexes the
 * records file the build wrote for its own indexer (measure-index.ts), each is
 * queried in Chromium as its own API serves it (the site's search page,
 * measure-search.ts; Pagefind's `pagefind.js`, measure-pagefind-search.ts),
 * and each is scored on the judged query set (relevance.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSearchIndex } from '../../src/search/build.ts';
import { bundleDirOf, measureIndex, type Engine, type IndexMeasurement } from './measure-index.ts';
import { measurePagefindSearch, pagefindRankings, type PagefindSearchMeasurement } from './measure-pagefind-search.ts';
import { measureFirstQuery } from './measure-search.ts';
import { ownRankings, paperIdOf, readJudgedQueries, scoreRankings, type RelevanceScore } from './relevance.ts';
import { sampleRecordsText } from './sample-records.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');

export interface RelevanceSummary {
  engine: Engine;
  queries: number;
  ndcg10: number;
  recall5: number;
  /** nDCG@10 by kind of query (phrase, hyphenated, tex, author, organisation, topic). */
  ndcg10ByKind: Record<string, number>;
}

function summarize(engine: Engine, score: RelevanceScore): RelevanceSummary {
  const kinds = new Map<string, number[]>();
  for (const query of score.queries) kinds.set(query.kind, [...(kinds.get(query.kind) ?? []), query.ndcg10]);
  const ndcg10ByKind = Object.fromEntries([...kinds].map(([kind, values]) => [kind, Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000]));
  return { engine, queries: score.queries.length, ndcg10: score.ndcg10, recall5: score.recall5, ndcg10ByKind };
}

/** Both engines on the judged query set, over the bundled sample's records; `workDir` receives both indexes. */
export async function measureRelevance(workDir: string): Promise<{ own: RelevanceSummary; pagefind: RelevanceSummary; perQuery: { own: RelevanceScore; pagefind: RelevanceScore } }> {
  await mkdir(workDir, { recursive: true });
  const recordsFile = path.join(workDir, 'sample-records.jsonl');
  await writeFile(recordsFile, sampleRecordsText(path.join(projectRoot, 'content')));
  const judged = readJudgedQueries();
  const queries = judged.map((query) => query.query);
  await buildSearchIndex(recordsFile, bundleDirOf('own', path.join(workDir, 'own')));
  await measureIndex('pagefind', recordsFile, path.join(workDir, 'pagefind'));
  const own = scoreRankings(judged, await ownRankings(bundleDirOf('own', path.join(workDir, 'own')), queries));
  const pagefind = scoreRankings(judged, (await pagefindRankings(path.join(workDir, 'pagefind'), queries)).map((urls) => urls.map(paperIdOf)));
  return { own: summarize('own', own), pagefind: summarize('pagefind', pagefind), perQuery: { own, pagefind } };
}

export interface OwnComparison extends IndexMeasurement {
  filteredQueryKB: number;
  filteredQueryPageMs: number;
  sortedQueryKB: number;
  sortedQueryPageMs: number;
}

/**
 * Indexes `recordsFile` with both engines into `workDir` and measures them; the own engine's first queries run on
 * the built site in `siteDir` (its search page), Pagefind's on its bundle in `workDir`.
 */
export async function compareWithPagefind(
  recordsFile: string,
  siteDir: string,
  workDir: string,
  queries: readonly string[],
  year: string,
): Promise<{ own: OwnComparison; pagefind: IndexMeasurement & PagefindSearchMeasurement }> {
  process.stderr.write('bench: indexing the same records with the own indexer alone\n');
  const ownIndex = await measureIndex('own', recordsFile, path.join(workDir, 'own'));
  process.stderr.write('bench: indexing them with Pagefind\n');
  const pagefindIndex = await measureIndex('pagefind', recordsFile, path.join(workDir, 'pagefind'));
  const first = encodeURIComponent(queries[0]!);
  const filtered = await measureFirstQuery(siteDir, `q=${first}&year=${year}`);
  const sorted = await measureFirstQuery(siteDir, `q=${first}&sort=upvotes`);
  process.stderr.write('bench: querying Pagefind in Chromium\n');
  const pagefindSearch = await measurePagefindSearch(path.join(workDir, 'pagefind'), queries, year);
  return {
    own: { ...ownIndex, filteredQueryKB: filtered.kb, filteredQueryPageMs: filtered.pageMs, sortedQueryKB: sorted.kb, sortedQueryPageMs: sorted.pageMs },
    pagefind: { ...pagefindIndex, ...pagefindSearch },
  };
}

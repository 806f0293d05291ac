/**
 * Ranking, matching and counts stay what they were: the engine's results for
 * a made-up corpus (search-corpus.ts) are compared with the list recorded by
 * the engine before the first-query speed work (format 1, which decoded whole
 * shards and scored every record), test/fixtures/search/corpus-results.json.
 * A deliberate change to ranking re-records that file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildSearchIndex } from '../../src/search/build.ts';
import { SearchIndex } from '../../src/search/client/engine.ts';
import { stateFromParams } from '../../src/search/client/state.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { CORPUS_SEARCHES, corpusRecords } from './search-corpus.ts';

const RECORDED = path.join(projectRoot, 'test/fixtures/search/corpus-results.json');

describe('results on a 1,500-record corpus', () => {
  let index: SearchIndex;
  let recorded: Record<string, unknown>;

  beforeAll(async () => {
    const dir = await makeTempDir('search-ranking-');
    const records = path.join(dir, 'records.jsonl');
    // The corpus lists its records newest first; the site writes them oldest first.
    await writeFile(records, corpusRecords().reverse().map((record) => JSON.stringify(record)).join('\n'));
    const bundle = path.join(dir, 'bundle');
    await buildSearchIndex(records, bundle);
    vi.stubGlobal('fetch', async (url: string) => new Response(await readFile(path.join(bundle, url.replace(/^bundle:\//, '').replace(/\?.*/, '')))));
    index = await SearchIndex.load('bundle:/');
    await index.loadFacets();
    await index.loadUpvotes();
    recorded = JSON.parse(await readFile(RECORDED, 'utf8')) as Record<string, unknown>;
  });

  afterAll(() => vi.unstubAllGlobals());

  test.each(CORPUS_SEARCHES)('%s: the same results in the same order, the same highlighted words and counts', async (search) => {
    const state = stateFromParams(new URLSearchParams(search));
    const outcome = await index.search(state);
    const top = await Promise.all(outcome.records.slice(0, 40).map(async (record) => (await index.fragment(record)).url));
    expect({ total: outcome.records.length, top, words: [...outcome.words].sort(), counts: index.counts(state, outcome.matched) }).toEqual(recorded[search]);
  });
});

/**
 * The search index as `npm run build` leaves it, read straight from the
 * bundle (no browser needed), and the indexer's failure modes.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { finishSearchIndexing } from '../../src/integrations/search.ts';
import { buildSearchIndex } from '../../src/search/build.ts';
import { buildArchive } from '../../src/lib/site/archive.ts';
import { SEARCH_INDEXING_ENV, startSearchIndexing, type SearchIndexingSettings } from '../../src/lib/site/search-indexing.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { SEARCH_FIXTURE as FIXTURE, sharedBuild } from '../helpers/shared-builds.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { readFragments, readManifest, type Fragment } from './index-fragments.ts';

describe('the search index built by npm run build', () => {
  let outDir: string;
  let fragments: Fragment[];

  beforeAll(async () => {
    const build = await sharedBuild('search-archive');
    expect(build.exitCode, build.output).toBe(0);
    outDir = build.outDir;
    fragments = await readFragments(path.join(outDir, 'search-index'));
  });

  test('holds one record per paper and per digest and nothing else: no day, topic, organisation or search page', async () => {
    const papers = (await readdir(path.join(FIXTURE, 'papers'))).map((name) => name.replace(/\.md$/, '')).sort();
    const expected = [...papers.map((id) => `/archive/papers/${id}/`), '/archive/digests/platypus-notes/'].sort();
    expect(fragments.map((fragment) => fragment.url)).toEqual(expected);
    expect((await readManifest(path.join(outDir, 'search-index'))).records).toBe(expected.length);
  });

  test('a digest is its own kind of record, found by what its authors wrote', () => {
    const digest = fragments.find((fragment) => fragment.url === '/archive/digests/platypus-notes/');
    expect(digest?.filters).toEqual({ kind: ['digest'], year: ['2024'] });
    expect(digest?.meta).toEqual({ title: 'Platypus reading notes', kind: 'digest', date: '2024-04-12' });
    expect(digest?.content).toContain('how a platypus swims');
    expect(digest?.content).not.toContain('<Paper');
  });

  test('indexes title, abstract, authors, keywords and AI summary, with filters and meta', () => {
    const paper = fragments.find((fragment) => fragment.url === '/archive/papers/2501.00007/');
    expect(paper?.content).toContain('Tokenizer-Free Language Modeling');
    expect(paper?.content).toContain('capybara suite');
    expect(paper?.content).toContain('Ada Lovelace');
    expect(paper?.content).toContain('spelling');
    expect(paper?.content).toContain('Byte models spell better');
    expect(paper?.filters).toEqual({ kind: ['paper'], topic: ['Language Models'], year: ['2025'], organisation: ['Google'] });
    expect(paper?.meta).toEqual({ title: 'Tokenizer-Free Language Modeling', date: '2025-01-08', upvotes: '60', organisation: 'Google' });
  });

  test('leaves out what a person wrote below the notes marker', () => {
    expect(fragments.filter((fragment) => fragment.content.includes('lemming'))).toEqual([]);
  });

  test('removes the intermediate records file from the published site', () => {
    expect(existsSync(path.join(outDir, 'search/records.jsonl'))).toBe(false);
    expect(existsSync(path.join(outDir, 'search/index.html'))).toBe(true);
  });
  // Built again from and into a folder outside the project, the index is the same byte for byte: test/site/out-dir.test.ts.
});

describe('an indexing error fails the build with its message', () => {
  const goodRecord = {
    kind: 'paper',
    url: '/papers/1/',
    title: 'A paper',
    authors: [],
    keywords: [],
    abstract: 'Text',
    topics: [],
  };

  async function recordsFile(lines: string[]): Promise<{ dir: string; file: string }> {
    const dir = await makeTempDir('search-index-');
    const file = path.join(dir, 'records.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    return { dir, file };
  }

  test('a line that is not JSON names the file and line', async () => {
    const { dir, file } = await recordsFile([JSON.stringify(goodRecord), '{"kind": "paper",']);
    await expect(buildSearchIndex(file, path.join(dir, 'search-index'))).rejects.toThrow(`${file}:2: not valid JSON`);
  });

  test('a record with an unsafe URL or a missing title names the file, line and field', async () => {
    const { dir, file } = await recordsFile([
      JSON.stringify(goodRecord),
      '',
      JSON.stringify({ ...goodRecord, url: 'javascript:alert(1)', title: '' }),
    ]);
    const failure = buildSearchIndex(file, path.join(dir, 'search-index'));
    await expect(failure).rejects.toThrow(`${file}:3: not a search record`);
    await expect(failure).rejects.toThrow(/url/);
    await expect(failure).rejects.toThrow(/title/);
  });

  test('missing records name the file and what should have written it', async () => {
    const dir = await makeTempDir('search-index-');
    await expect(buildSearchIndex(path.join(dir, 'records.jsonl'), path.join(dir, 'search-index'))).rejects.toThrow(
      /records\.jsonl: search records missing \(src\/lib\/site\/search-indexing\.ts/,
    );
  });

  test('a failing indexer fails the build (the hook throws) and still removes the records file', async () => {
    const dir = await makeTempDir('search-index-');
    // The bundle folder cannot be made: a file stands where its parent should be.
    await writeFile(path.join(dir, 'taken'), '');
    const settings: SearchIndexingSettings = {
      script: path.join(projectRoot, 'src/search/indexer-process.ts'),
      recordsFile: path.join(dir, 'cache/search-records.jsonl'),
      bundleDir: path.join(dir, 'taken/search-index'),
      previousDir: path.join(dir, 'taken/search-index'),
    };
    process.env[SEARCH_INDEXING_ENV] = JSON.stringify(settings);
    try {
      // As the pages start it once they have the archive.
      startSearchIndexing(buildArchive([], [], []));
      await expect(finishSearchIndexing({ info: () => {} })).rejects.toThrow(/taken/);
      expect(existsSync(settings.recordsFile)).toBe(false);
    } finally {
      delete process.env[SEARCH_INDEXING_ENV];
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('papers-archive.search-indexing')];
    }
  });

  test('a build whose pages never loaded the archive says so', async () => {
    await expect(finishSearchIndexing({ info: () => {} })).rejects.toThrow('no page loaded the archive');
  });

  test('valid records produce a bundle', async () => {
    const { dir, file } = await recordsFile([JSON.stringify(goodRecord)]);
    const summary = await buildSearchIndex(file, path.join(dir, 'search-index'));
    expect(summary.records).toBe(1);
    expect(existsSync(path.join(dir, 'search-index/manifest.json.gz'))).toBe(true);
  });
});

describe('a rebuild after a new day', () => {
  const record = (n: number, title = `Paper ${n}`) =>
    JSON.stringify({ kind: 'paper', url: `/papers/${n}/`, title, authors: [], keywords: [], abstract: `Abstract of paper ${n}`, topics: [], date: '2024-01-02' });

  test('writes only the new and changed fragments, and the bundle reads the same as one built from nothing', async () => {
    const dir = await makeTempDir('search-index-');
    const records = path.join(dir, 'records.jsonl');
    await writeFile(records, `${[1, 2, 3].map((n) => record(n)).join('\n')}\n`);
    const previous = path.join(dir, 'previous');
    expect((await buildSearchIndex(records, previous)).reused).toEqual([]);
    // Oldest first: the new day's records come last; paper 2 got a new title.
    await writeFile(records, `${[record(1), record(2, 'Paper 2, revised'), record(3), record(4), record(5)].join('\n')}\n`);
    const next = path.join(dir, 'next');
    const summary = await buildSearchIndex(records, next, previous);
    expect(summary.reused.sort()).toEqual(['f/0.json.gz', 'f/2.json.gz']);
    expect((await readdir(path.join(next, 'f'))).sort()).toEqual(['1.json.gz', '3.json.gz', '4.json.gz']);
    // Merged over the previous bundle (as the build does), it holds the same fragments as a fresh one.
    const fresh = path.join(dir, 'fresh');
    await buildSearchIndex(records, fresh);
    for (const name of ['0', '1', '2', '3', '4']) {
      const merged = existsSync(path.join(next, `f/${name}.json.gz`)) ? next : previous;
      expect(await readFile(path.join(merged, `f/${name}.json.gz`)), name).toEqual(await readFile(path.join(fresh, `f/${name}.json.gz`)));
    }
  });
});

/**
 * The search page's engine on a bundle built from a few records, run in Node
 * with `fetch` reading the bundle's files: matching, ranking, filters, counts,
 * sorts and what it fetches.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildSearchIndex } from '../../src/search/build.ts';
import type { SearchRecord } from '../../src/search/record.ts';
import { SearchIndex } from '../../src/search/client/engine.ts';
import { stateFromParams } from '../../src/search/client/state.ts';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const paper = (id: number, fields: Partial<SearchRecord>): SearchRecord => ({
  kind: 'paper',
  url: `/papers/${id}/`,
  title: `Paper ${id}`,
  date: '2024-01-01',
  upvotes: 0,
  authors: [],
  keywords: [],
  abstract: '',
  topics: [],
  ...fields,
});

const RECORDS: SearchRecord[] = [
  paper(1, { title: 'Diffusion models for video', abstract: 'We generate video with diffusion.', date: '2024-05-01', upvotes: 3, topics: ['Vision'], organisation: 'Meta' }),
  paper(2, { title: 'Video transformers', abstract: 'A transformer reads video frames; diffusion is mentioned once.', date: '2025-02-01', upvotes: 40, topics: ['Vision', 'Video'] }),
  paper(3, { title: 'Speculative decoding', abstract: 'Drafts speed up decoding of language models.', date: '2023-03-01', upvotes: 7, topics: ['Language'], organisation: 'Google' }),
  paper(4, { title: 'Diffusers everywhere', abstract: 'A library.', date: '2024-07-01', upvotes: 1, topics: ['Vision'], organisation: 'Google' }),
  { ...paper(5, { title: 'Notes on diffusion', abstract: 'A digest about diffusion.', date: '2024-08-01', upvotes: undefined }), kind: 'digest', url: '/digests/notes/' },
];

describe('the search engine', () => {
  let bundle: string;
  let index: SearchIndex;
  const fetched: string[] = [];
  const state = (search: string) => stateFromParams(new URLSearchParams(search));
  const urls = async (records: number[]) => Promise.all(records.map(async (record) => (await index.fragment(record)).url));

  beforeAll(async () => {
    const dir = await makeTempDir('search-engine-');
    const file = path.join(dir, 'records.jsonl');
    await writeFile(file, RECORDS.map((record) => JSON.stringify(record)).join('\n'));
    bundle = path.join(dir, 'bundle');
    await buildSearchIndex(file, bundle);
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      try {
        return new Response(await readFile(path.join(bundle, url.replace(/^bundle:\//, '').replace(/\?.*/, ''))));
      } catch {
        return new Response('not found', { status: 404 });
      }
    });
    index = await SearchIndex.load('bundle:/');
  });

  afterAll(() => vi.unstubAllGlobals());

  test('every word must match; a title match ranks first; stems and word starts match', async () => {
    const diffusionVideo = await index.search(state('?q=diffusion+video'));
    expect(await urls(diffusionVideo.records)).toEqual(['/papers/1/', '/papers/2/']);
    // "diffusing", "diffusion" and "diffusers" share a stem.
    const diffusing = await index.search(state('?q=diffusing'));
    expect((await urls(diffusing.records)).sort()).toEqual(['/digests/notes/', '/papers/1/', '/papers/2/', '/papers/4/']);
    expect(diffusing.words).toEqual(new Set(['diffus']));
    // A word still being typed matches the words it starts.
    const typing = await index.search(state('?q=deco'));
    expect(await urls(typing.records)).toEqual(['/papers/3/']);
    expect(typing.words).toEqual(new Set(['decod']));
    expect((await index.search(state('?q=zebra'))).records).toEqual([]);
  });

  test("an organisation's name finds its papers, as a reader looks for a lab's work", async () => {
    expect((await urls((await index.search(state('?q=google'))).records)).sort()).toEqual(['/papers/3/', '/papers/4/']);
    expect(await urls((await index.search(state('?q=meta+video'))).records)).toEqual(['/papers/1/']);
  });

  test('a plain query needs no filter data; filters, counts and sorts load it on demand', async () => {
    expect(fetched.some((url) => url.includes('/d/') || url.includes('/u/'))).toBe(false);
    await expect(index.search(state('?q=diffusion&topic=Video'))).rejects.toThrow(/loadFacets/);
    await index.loadFacets();
    const filtered = await index.search(state('?q=diffusion&topic=Video&topic=Language'));
    expect(await urls(filtered.records)).toEqual(['/papers/2/']);
    expect(index.counts(state('?q=diffusion&topic=Video'), filtered.matched)).toEqual({
      kind: { paper: 1 },
      // A filter's own choice does not narrow its counts.
      topic: { Vision: 3, Video: 1 },
      year: { '2025': 1 },
      organisation: {},
    });
    const newest = await index.search(state('?q=diffusion&sort=newest'));
    expect(await urls(newest.records)).toEqual(['/papers/2/', '/digests/notes/', '/papers/4/', '/papers/1/']);
    await index.loadUpvotes();
    const upvoted = await index.search(state('?kind=paper&sort=upvotes'));
    expect(await urls(upvoted.records)).toEqual(['/papers/2/', '/papers/3/', '/papers/1/', '/papers/4/']);
    const digests = await index.search(state('?kind=digest'));
    expect(await urls(digests.records)).toEqual(['/digests/notes/']);
  });
});

describe('TeX in titles', () => {
  let index: SearchIndex;
  let server: StaticServer;
  const found = async (query: string) => {
    const { records } = await index.search(stateFromParams(new URLSearchParams({ q: query })));
    return Promise.all(records.map(async (record) => (await index.fragment(record)).url));
  };

  beforeAll(async () => {
    const dir = await makeTempDir('search-tex-');
    const file = path.join(dir, 'records.jsonl');
    const records = [
      paper(1, { title: 'MoE^2: Optimizing Collaborative Inference for Edge Models' }),
      paper(2, { title: 'D^{2}-Monitor: Safety Monitoring for Diffusion Models' }),
      paper(3, { title: 'MoE for edge inference', abstract: 'A mixture of experts, 2 of them.' }),
    ];
    await writeFile(file, records.map((record) => JSON.stringify(record)).join('\n'));
    await buildSearchIndex(file, path.join(dir, 'bundle'));
    server = await serveStatic(path.join(dir, 'bundle'));
    index = await SearchIndex.load(`${server.origin}/`);
  });

  afterAll(() => server.close());

  test('a superscripted word is found as a reader types it, with or without the mark, and its parts still match', async () => {
    expect(await found('MoE2')).toEqual(['/papers/1/']);
    expect(await found('MoE^2 inference')).toEqual(['/papers/1/']);
    expect(await found('D2-Monitor')).toEqual(['/papers/2/']);
    expect(await found('D^2 monitor')).toEqual(['/papers/2/']);
    expect((await found('MoE edge inference')).sort()).toEqual(['/papers/1/', '/papers/3/']);
  });
});

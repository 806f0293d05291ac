/**
 * The search page's pure parts: URL state, words and stems, excerpts, facet
 * lists, links, and the mapping from a paper to its index record.
 */
import { describe, expect, test } from 'vitest';
import { searchRecordSchema, toIndexRecord, type SearchRecord } from '../../src/search/record.ts';
import { excerpt } from '../../src/search/client/excerpt.ts';
import { stemWord, terms } from '../../src/search/text.ts';
import { describeResults, facetValues, safeHref } from '../../src/search/client/render.ts';
import { isBlank, stateFromParams, stateToSearch, withFilter } from '../../src/search/client/state.ts';

const state = (search: string) => stateFromParams(new URLSearchParams(search));

describe('search state in the URL', () => {
  test('reads query, repeated filters and sort; ignores unknown parameters and sorts', () => {
    expect(state('?q=+diffusion+&topic=Robotics&topic=Computer+Vision&year=2024&sort=upvotes&utm=x')).toEqual({
      query: 'diffusion',
      filters: { kind: [], topic: ['Computer Vision', 'Robotics'], year: ['2024'], organisation: [] },
      sort: 'upvotes',
    });
    expect(state('?sort=random').sort).toBe('relevance');
  });

  test('writes one canonical URL per state, whatever order filters were chosen in', () => {
    expect(stateToSearch(state('?topic=Robotics&q=diffusion&topic=Computer+Vision&sort=newest'))).toBe(
      '?q=diffusion&topic=Computer+Vision&topic=Robotics&sort=newest',
    );
    expect(stateToSearch(state('?sort=relevance&q='))).toBe('');
    expect(stateToSearch(state('?organisation=AT%26T+%2F+Bell+Labs'))).toBe('?organisation=AT%26T+%2F+Bell+Labs');
  });

  test('a URL and the state read from it round-trip', () => {
    const search = '?q=%22exact+phrase%22&topic=Language+Models&organisation=Meta&sort=upvotes';
    expect(stateToSearch(state(search))).toBe(search);
  });

  test('ticking and unticking a filter value keeps the others', () => {
    const ticked = withFilter(state('?q=x&topic=B'), 'topic', 'A', true);
    expect(stateToSearch(ticked)).toBe('?q=x&topic=A&topic=B');
    expect(stateToSearch(withFilter(ticked, 'topic', 'B', false))).toBe('?q=x&topic=A');
    expect(withFilter(ticked, 'topic', 'A', true).filters.topic).toEqual(['A', 'B']);
  });

  test('is blank only without query and filters', () => {
    expect(isBlank(state('?sort=upvotes'))).toBe(true);
    expect(isBlank(state('?year=2024'))).toBe(false);
  });
});

describe('words and stems', () => {
  test('Porter stems: one stem for the forms of a word', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', agreed: 'agre', motoring: 'motor', hopping: 'hop', filing: 'file', happy: 'happi',
      relational: 'relat', conditional: 'condit', hopefulness: 'hope', adjustment: 'adjust', generalization: 'gener',
      diffusion: 'diffus', diffusing: 'diffus', diffuse: 'diffus', models: 'model', benchmarks: 'benchmark',
    };
    for (const [word, stem] of Object.entries(cases)) expect(stemWord(word), word).toBe(stem);
  });

  test('words are folded, split on anything but letters and digits, and stemmed', () => {
    expect(terms('Vision-Language Models, Chloé MÜLLER: GPT-4o diffusing 3D')).toEqual(['vision', 'languag', 'model', 'chloe', 'muller', 'gpt', '4o', 'diffus', '3d']);
  });
});

describe('excerpts', () => {
  test('mark the matched words and keep the text as text', () => {
    expect(excerpt('<script>alert(1)</script> a narwhal & narwhals swim.', new Set(['narwhal']), 36)).toEqual([
      { text: '<script>alert(1)</script> a ', marked: false },
      { text: 'narwhal', marked: true },
      { text: ' & ', marked: false },
      { text: 'narwhals', marked: true },
      { text: ' swim.', marked: false },
    ]);
  });

  test('start at the densest run of matches', () => {
    const text = `${'filler '.repeat(50)}the zebra met a zebra ${'more '.repeat(50)}`;
    const pieces = excerpt(text, new Set(['zebra']), 10);
    expect(pieces.filter((piece) => piece.marked).map((piece) => piece.text)).toEqual(['zebra', 'zebra']);
    expect(pieces.map((piece) => piece.text).join('').split(/\s+/).filter(Boolean)).toHaveLength(10);
  });
});

describe('result rendering helpers', () => {
  const origin = 'https://example.org';

  test('links only stay on the site', () => {
    expect(safeHref('/archive/papers/2401.00001/', origin)).toBe('/archive/papers/2401.00001/');
    expect(safeHref('javascript:alert(1)', origin)).toBeNull();
    expect(safeHref('https://evil.example/', origin)).toBeNull();
    expect(safeHref('//evil.example/x', origin)).toBeNull();
  });

  test('announcements say how many papers matched, and when none did', () => {
    expect(describeResults(1, state('?q=narwhal'))).toBe('1 paper found for “narwhal”.');
    expect(describeResults(1200, state('?q=diffusion&topic=A'))).toBe('1,200 papers found for “diffusion” with the chosen filters.');
    expect(describeResults(1, state('?q=week&kind=digest'))).toBe('1 digest found for “week” with the chosen filters.');
    expect(describeResults(0, state('?q=zzz'))).toBe('No papers found for “zzz”.');
  });

  test('facet values: busiest first, years newest first, chosen values kept even at zero', () => {
    expect(facetValues('topic', { A: 1, B: 5, C: 0 }, [])).toEqual([
      { value: 'B', count: 5 },
      { value: 'A', count: 1 },
    ]);
    expect(facetValues('year', { '2023': 9, '2025': 1 }, ['2024']).map((entry) => entry.value)).toEqual(['2025', '2024', '2023']);
  });
});

describe('index records', () => {
  const record: SearchRecord = {
    kind: 'paper',
    url: '/papers/2401.00001/',
    title: 'Diffusion for Zebrafish',
    date: '2024-01-15',
    upvotes: 12,
    organisation: 'Meta',
    authors: ['Ada Lovelace', 'Alan Turing'],
    keywords: ['microscopy'],
    abstract: 'We train diffusion models.',
    aiSummary: 'Diffusion helps biology.',
    topics: ['Computer Vision'],
  };

  test('carry the searchable text, meta, filters and the sort key', () => {
    const mapped = toIndexRecord(record);
    expect(mapped.content.split('\n\n')).toEqual([
      'We train diffusion models.',
      'Diffusion helps biology.',
      'Diffusion for Zebrafish',
      'Ada Lovelace, Alan Turing',
      'Meta',
      'microscopy',
    ]);
    expect(mapped.meta).toEqual({ title: 'Diffusion for Zebrafish', date: '2024-01-15', upvotes: '12', organisation: 'Meta' });
    expect(mapped.filters).toEqual({ kind: ['paper'], topic: ['Computer Vision'], year: ['2024'], organisation: ['Meta'] });
    expect(mapped.upvotes).toBe(12);
    expect(mapped.title).toBe('Diffusion for Zebrafish');
    expect(mapped.keywords).toEqual(['microscopy']);
  });

  test('a paper without date or upvotes still sorts (as having none) and has no empty filters', () => {
    const mapped = toIndexRecord({ ...record, date: undefined, upvotes: undefined, organisation: undefined, topics: [] });
    expect(mapped.upvotes).toBe(0);
    expect(mapped.filters).toEqual({ kind: ['paper'] });
    expect(mapped.meta).toEqual({ title: 'Diffusion for Zebrafish' });
  });

  test('a digest is marked as one in its meta and its kind filter, so it is never mistaken for a paper', () => {
    const mapped = toIndexRecord({ ...record, kind: 'digest', url: '/digests/week-1/', upvotes: undefined, organisation: undefined, topics: [] });
    expect(mapped.filters).toEqual({ kind: ['digest'], year: ['2024'] });
    expect(mapped.meta).toEqual({ title: 'Diffusion for Zebrafish', kind: 'digest', date: '2024-01-15' });
  });

  test('the record schema rejects URLs that are not site paths', () => {
    expect(searchRecordSchema.safeParse({ ...record, url: 'https://evil.example/' }).success).toBe(false);
    expect(searchRecordSchema.safeParse({ ...record, url: '//evil.example/' }).success).toBe(false);
    expect(searchRecordSchema.safeParse(record).success).toBe(true);
  });
});

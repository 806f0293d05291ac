/**
 * The search page's pure parts: URL state, excerpts, facet lists, links, and
 * the mapping from a paper to its Pagefind record.
 */
import { describe, expect, test } from 'vitest';
import { searchRecordSchema, toPagefindRecord, type SearchRecord } from '../../src/integrations/search-record.ts';
import { splitExcerpt } from '../../src/scripts/search/excerpt.ts';
import { describeResults, facetValues, safeHref } from '../../src/scripts/search/render.ts';
import { facetCountQueries, isBlank, stateFromParams, stateToSearch, toPagefindQuery, withFilter } from '../../src/scripts/search/state.ts';

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

describe('Pagefind queries', () => {
  test('values of one facet widen, facets narrow, sort maps to index keys', () => {
    expect(toPagefindQuery(state('?q=diffusion&topic=A&topic=B&year=2024&sort=newest'))).toEqual({
      term: 'diffusion',
      options: { filters: { topic: { any: ['A', 'B'] }, year: { any: ['2024'] } }, sort: { date: 'desc' } },
    });
    expect(toPagefindQuery(state('?topic=A&sort=upvotes'))).toEqual({
      term: null,
      options: { filters: { topic: { any: ['A'] } }, sort: { upvotes: 'desc' } },
    });
  });

  test('counts for a chosen facet come from the search without that facet', () => {
    expect(facetCountQueries(state('?q=x&topic=A&year=2024'))).toEqual([
      { key: 'topic', query: { term: 'x', options: { filters: { year: { any: ['2024'] } }, sort: {} } } },
      { key: 'year', query: { term: 'x', options: { filters: { topic: { any: ['A'] } }, sort: {} } } },
    ]);
    expect(facetCountQueries(state('?q=x'))).toEqual([]);
  });
});

describe('excerpts', () => {
  test('only Pagefind’s marks become marks; text with tags stays text', () => {
    expect(splitExcerpt('&lt;script&gt;alert(1)&lt;/script&gt; a <mark>narwhal</mark> &amp; <mark>x</mark>')).toEqual([
      { text: '<script>alert(1)</script> a ', marked: false },
      { text: 'narwhal', marked: true },
      { text: ' &amp; ', marked: false },
      { text: 'x', marked: true },
    ]);
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

describe('Pagefind records', () => {
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

  test('carry the searchable text, meta, filters and sort keys', () => {
    const mapped = toPagefindRecord(record);
    expect(mapped.content.split('\n\n')).toEqual([
      'We train diffusion models.',
      'Diffusion helps biology.',
      'Diffusion for Zebrafish',
      'Ada Lovelace, Alan Turing',
      'microscopy',
    ]);
    expect(mapped.meta).toEqual({ title: 'Diffusion for Zebrafish', date: '2024-01-15', upvotes: '12', organisation: 'Meta' });
    expect(mapped.filters).toEqual({ kind: ['paper'], topic: ['Computer Vision'], year: ['2024'], organisation: ['Meta'] });
    expect(mapped.sort).toEqual({ date: '2024-01-15', upvotes: '12' });
  });

  test('a paper without date or upvotes still sorts (oldest, none) and has no empty filters', () => {
    const mapped = toPagefindRecord({ ...record, date: undefined, upvotes: undefined, organisation: undefined, topics: [] });
    expect(mapped.sort).toEqual({ date: '0000-00-00', upvotes: '0' });
    expect(mapped.filters).toEqual({ kind: ['paper'] });
    expect(mapped.meta).toEqual({ title: 'Diffusion for Zebrafish' });
  });

  test('a digest is marked as one in its meta and its kind filter, so it is never mistaken for a paper', () => {
    const mapped = toPagefindRecord({ ...record, kind: 'digest', url: '/digests/week-1/', upvotes: undefined, organisation: undefined, topics: [] });
    expect(mapped.filters).toEqual({ kind: ['digest'], year: ['2024'] });
    expect(mapped.meta).toEqual({ title: 'Diffusion for Zebrafish', kind: 'digest', date: '2024-01-15' });
  });

  test('the record schema rejects URLs that are not site paths', () => {
    expect(searchRecordSchema.safeParse({ ...record, url: 'https://evil.example/' }).success).toBe(false);
    expect(searchRecordSchema.safeParse({ ...record, url: '//evil.example/' }).success).toBe(false);
    expect(searchRecordSchema.safeParse(record).success).toBe(true);
  });
});

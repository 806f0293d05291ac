/**
 * The search page's pure parts: URL state, words and stems, excerpts, facet
 * lists, links, and the mapping from a paper to its index record.
 */
import { describe, expect, test } from 'vitest';
import { searchRecordSchema, toIndexRecord, type SearchRecord } from '../../src/search/record.ts';
import { ELLIPSIS, excerpt, type ExcerptPiece } from '../../src/search/client/excerpt.ts';
import { stemWord, terms } from '../../src/search/text.ts';
import { describeResults, emptyHint, facetValues, filterCount, safeHref } from '../../src/search/client/render.ts';
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
  const shown = (pieces: ExcerptPiece[]) => pieces.map((piece) => piece.text).join('');

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
    expect(shown(pieces).replaceAll(ELLIPSIS, '').split(/\s+/).filter(Boolean)).toHaveLength(10);
  });

  /** Sentences of 8 words each: "Sentence one says a b c d." and so on. */
  const sentences = (count: number, special: Record<number, string> = {}) =>
    Array.from({ length: count }, (_, i) => special[i] ?? `Sentence number ${i} says alpha beta gamma delta.`).join(' ');

  test('a cut inside the text falls between words and is marked with an ellipsis at either end', () => {
    // No full stop anywhere: the excerpt can only be cut at words.
    const text = Array.from({ length: 200 }, (_, i) => (i === 100 ? 'zebra' : `w${i}x`)).join(' ');
    const text2 = shown(excerpt(text, new Set(['zebra']), 20));
    expect(text2.startsWith(`${ELLIPSIS} w`)).toBe(true);
    expect(text2.endsWith(`x ${ELLIPSIS}`)).toBe(true);
    const inner = text2.slice(2, -2);
    // Whole words of the text, in order: a substring starting and ending on a word's edge.
    expect(` ${text} `).toContain(` ${inner} `);
    expect(inner).toContain('zebra');
  });

  test('a long text is cut at sentence edges near the match, with ellipses for the sentences left out', () => {
    const text = sentences(12, { 6: 'Here the zebra crosses a wide river slowly.' });
    const text2 = shown(excerpt(text, new Set(['zebra']), 20));
    expect(text2.startsWith(`${ELLIPSIS} Here the zebra`)).toBe(true);
    expect(text2).toMatch(/delta\. …$/);
    // Whole sentences only between the ellipses.
    expect(text).toContain(text2.slice(2, -2));
  });

  test('an excerpt from the start of a field has no leading ellipsis; one reaching its end no trailing one', () => {
    const start = shown(excerpt(sentences(12, { 0: 'The zebra opens this abstract today.' }), new Set(['zebra']), 20));
    expect(start.startsWith('The zebra opens')).toBe(true);
    expect(start.endsWith(` ${ELLIPSIS}`)).toBe(true);
    const end = shown(excerpt(sentences(12, { 11: 'The zebra closes this abstract today.' }), new Set(['zebra']), 20));
    expect(end.startsWith(`${ELLIPSIS} `)).toBe(true);
    expect(end.endsWith('closes this abstract today.')).toBe(true);
  });

  test('never runs from one field into another, and never repeats the title shown above it', () => {
    const abstract = sentences(3, { 2: 'The last sentence mentions a zebra.' });
    const title = 'Zebra Crossings at Scale';
    const content = [abstract, 'An AI summary without the animal.', title, 'Ada Lovelace, Alan Turing'].join('\n\n');
    // A match at the abstract's end: the excerpt stops with the abstract.
    const fromAbstract = shown(excerpt(content, new Set(['zebra']), 12, title));
    expect(fromAbstract.endsWith('mentions a zebra.')).toBe(true);
    expect(fromAbstract).not.toContain('summary');
    expect(fromAbstract).not.toContain('Crossings');
    // A word only in the title: the abstract's start, not the title again.
    const titleOnly = shown(excerpt(content, new Set(['cross']), 12, title));
    expect(titleOnly.startsWith('Sentence number 0')).toBe(true);
    expect(titleOnly).not.toContain('Crossings');
    // A word only in the authors: the authors, without the title or abstract around them.
    expect(shown(excerpt(content, new Set(['ture']), 12, title))).toBe('Ada Lovelace, Alan Turing');
    // The field holding most of the asked words wins over the first one.
    expect(shown(excerpt(content, new Set(['ai', 'summari']), 12, title))).toBe('An AI summary without the animal.');
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

  test('the advice for no match names only the filters that are set, and no filter when none is', () => {
    expect(emptyHint(state('?q=zzz'))).toBe('Nothing matched. Check the spelling, or use fewer or more general words.');
    expect(emptyHint(state('?q=zzz&topic=Robotics'))).toBe('Nothing matched. Check the spelling, use fewer or more general words, or untick the filter Topic “Robotics”.');
    expect(emptyHint(state('?q=zzz&kind=digest&year=2024&topic=A&topic=B'))).toBe(
      'Nothing matched. Check the spelling, use fewer or more general words, or untick some of the filters Type “Digests”, Topic “A”, Topic “B” and Year “2024”.',
    );
    expect(emptyHint(state('?organisation=Meta&year=2023'))).toBe('Nothing matched. Untick some of the filters Year “2023” and Organisation “Meta”.');
    expect(emptyHint(state('?q=zzz&sort=upvotes'))).not.toMatch(/filter/i);
  });

  test('the filters’ toggle says how many are set', () => {
    expect(filterCount(state('?q=x'))).toBe('');
    expect(filterCount(state('?q=x&topic=A&topic=B&year=2024'))).toBe(' (3 set)');
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

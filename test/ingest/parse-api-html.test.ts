import { describe, expect, it } from 'vitest';
import { ListingError, parseApiListing, parseHtmlListing, parseListing } from '../../src/ingest/index.ts';
import { apiItemSchema, apiItemToListingItem, isWellFormedApiItem } from '../../src/ingest/parse-api.ts';
import { mulberry32 as random } from '../../scripts/bench/random.ts';
import { readFixture } from './helpers.ts';

describe('parseApiListing', () => {
  it('reads the 2024-10-25 response: three papers, hard line breaks unwrapped, day from the caller', async () => {
    const listing = parseApiListing(await readFixture('api', 'hf-daily-papers-2024-10-25.json'), { origin: 'api 2024-10-25', day: '2024-10-25' });
    expect(listing).toMatchObject({ kind: 'api', source: 'api:2024-10-25', day: '2024-10-25', warnings: [] });
    expect(listing.items.map((item) => item.arxiv)).toEqual(['2410.17243', '2410.18745', '2410.17897']);
    const [first] = listing.items;
    expect(first).toMatchObject({
      title: 'Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss',
      date: '2024-10-25',
      published: '2024-10-22',
      authors: ['Zesen Cheng', 'Hang Zhang', 'Kehan Li', 'Lidong Bing'],
      authorCount: 4,
      upvotes: 64,
    });
    expect(first?.abstract).toMatch(/^Contrastive loss is a powerful approach for representation learning, where larger batch sizes/);
    expect(first?.abstract).not.toContain('\n');
    // Older days lack these: absent, not empty.
    expect(first).not.toHaveProperty('organization');
    expect(first).not.toHaveProperty('keywords');
  });

  it('never invents a day: without one from the caller or submittedOnDailyAt, items have no date and no day file', async () => {
    const listing = parseApiListing(await readFixture('api', 'hf-daily-papers-2024-10-25.json'), { origin: 'saved.json' });
    expect(listing.day).toBeUndefined();
    expect(listing.source).toBe('api');
    expect(listing.items.every((item) => item.date === undefined)).toBe(true);
  });

  it('reads every optional field of a newer item, the day from submittedOnDailyAt', async () => {
    const listing = parseApiListing(await readFixture('api', 'hf-daily-papers-2026-03-06.json'), { origin: 'newer.json' });
    expect(listing.day).toBe('2026-03-06');
    expect(listing.items[0]).toEqual({
      position: 1,
      arxiv: '2602.23229',
      title: 'Large Multimodal Models as General In-Context Classifiers',
      abstract: expect.stringMatching(/^Which multimodal model should we use for classification\?/),
      date: '2026-03-06',
      published: '2026-02-26',
      authors: ['Marco Garosi', 'Matteo Farina', 'Alessandro Conti', 'Massimiliano Mancini', 'Elisa Ricci'],
      authorCount: 5,
      upvotes: 10,
      organization: { name: 'Multimedia and Human Understanding Group', slug: 'MHUGLab' },
      links: { github: 'https://github.com/marco-garosi/CIRCLE', project: 'https://circle-lmm.github.io/' },
      keywords: expect.arrayContaining(['in-context learning', 'CIRCLE']),
      aiSummary: expect.stringMatching(/^Large Multimodal Models demonstrate/),
      numComments: 1,
    });
  });

  it('skips malformed items with a warning naming origin and position, keeps the rest', () => {
    const good = (id: string) => ({ paper: { id, title: `Paper ${id}`, summary: 'Text.' }, title: `Paper ${id}` });
    const json = JSON.stringify([good('2401.00001'), { paper: { title: 'no id' } }, 42, good('../../etc/passwd'), good('2401.00002v3')]);
    const listing = parseApiListing(json, { origin: 'https://hf.test/api/daily_papers?date=2024-01-02', day: '2024-01-02' });
    expect(listing.items.map((item) => item.arxiv)).toEqual(['2401.00001', '2401.00002']);
    expect(listing.warnings).toEqual([
      expect.stringMatching(/^https:\/\/hf\.test\/api\/daily_papers\?date=2024-01-02: item 2 skipped: paper\.id/),
      expect.stringMatching(/: item 3 skipped: /),
      'https://hf.test/api/daily_papers?date=2024-01-02: item 4 skipped: paper.id "../../etc/passwd" is not an arXiv id',
    ]);
  });

  it('drops links that are not http(s) and a wrongly typed optional field, not the paper', () => {
    const json = JSON.stringify([
      { paper: { id: 'hep-th/9901001', title: 'Old', summary: 'S', githubRepo: 'javascript:alert(1)', projectPage: 'ftp://x.org/', upvotes: 'many' }, numComments: -1 },
    ]);
    const [item] = parseApiListing(json, { origin: 'o' }).items;
    expect(item).toEqual({ position: 1, arxiv: 'hep-th/9901001', title: 'Old', abstract: 'S', authors: [], authorCount: 0 });
  });

  it('removes control characters from every text field, keeping tabs and line breaks as whitespace, and names the item', () => {
    const paper = {
      id: '2401.00002',
      title: 'Bad\u0001 title\u001b[31m',
      summary: 'First\u0000 line.\r\n\r\nSecond\u0007 paragraph.',
      authors: [{ name: 'Ada\u0008 Lovelace' }],
      ai_summary: 'Sum\u000bmary',
      ai_keywords: ['key\u000cword'],
      organization: { name: 'org\u0002', fullname: 'The\u0003 Org' },
    };
    const json = JSON.stringify([{ paper: { id: 'bad', title: 'x' } }, { paper }, { paper: { id: '2401.00003', title: 'Clean\ttitle' } }]);
    const listing = parseApiListing(json, { origin: 'daily.json', day: '2024-01-02' });
    expect(listing.items[0]).toMatchObject({
      position: 2,
      title: 'Bad title[31m',
      abstract: 'First line.\n\nSecond paragraph.',
      authors: ['Ada Lovelace'],
      aiSummary: 'Summary',
      keywords: ['keyword'],
      organization: { name: 'The Org', slug: 'org' },
    });
    expect(listing.items[1]).toMatchObject({ position: 3, title: 'Clean title' });
    expect(listing.warnings).toEqual([
      expect.stringMatching(/^daily\.json: item 1 skipped/),
      'daily.json: item 2 (2401.00002, "Bad title[31m"): control characters removed from title, authors, keywords, aiSummary, abstract, organization',
    ]);
    expect(JSON.stringify(listing.items).match(/\\u00[01][0-9a-f]/g)).toBeNull();
  });

  it('fails a response that is not a JSON array, naming it', () => {
    expect(() => parseApiListing('[{"paper": {"id": "2401.', { origin: 'day 2024-01-02' })).toThrow(ListingError);
    expect(() => parseApiListing('[{"paper": {"id": "2401.', { origin: 'day 2024-01-02' })).toThrow(/^day 2024-01-02: not valid JSON/);
    expect(() => parseApiListing('{"error":"rate limited"}', { origin: 'u' })).toThrow('u: JSON, but not a daily papers API response (expected an array of papers, got object)');
  });
});

describe('parseHtmlListing', () => {
  it('reads the embedded, HTML-escaped data-props first, the day from the canonical URL', async () => {
    const html = await readFixture('html', 'daily-papers-with-props.html');
    const listing = parseHtmlListing(html, { origin: 'page.html' });
    const api = parseApiListing(await readFixture('api', 'hf-daily-papers-2024-10-25.json'), { origin: 'page.html', day: '2024-10-25' });
    expect(listing).toEqual({ ...api, kind: 'html', source: 'html:2024-10-25' });
    expect(parseListing(html, { origin: 'page.html' })).toEqual(listing);
  });

  it('falls back to <article> cards: id from the link, title and abstract as plain text', async () => {
    const listing = parseHtmlListing(await readFixture('html', 'daily-papers-cards-only.html'), { origin: 'cards.html' });
    expect(listing).toMatchObject({ kind: 'html', source: 'html:2026-03-06', day: '2026-03-06' });
    expect(listing.items).toEqual([
      {
        position: 1,
        arxiv: '2602.23229',
        title: 'Large Multimodal Models as General In-Context Classifiers',
        abstract: 'Which multimodal model should we use for classification? Previous studies suggest that the answer lies in CLIP-like contrastive Vision-Language Models.',
        authors: [],
        date: '2026-03-06',
      },
      { position: 2, arxiv: 'hep-th/9901001', title: '<script>alert("x")</script> Strings on & off the brane: a "quoted" title # with: colons', abstract: '', authors: [], date: '2026-03-06' },
      { position: 4, arxiv: '2603.01234', title: 'MoE$^2$: Optimizing Collaborative Inference for Edge Large Language Models', abstract: '', authors: [], date: '2026-03-06' },
    ]);
    expect(listing.warnings).toEqual(['cards.html: card 3 skipped: link "/papers/not-an-arxiv-id" names no arXiv id']);
  });

  it('removes control characters from card titles and abstracts, naming the card', () => {
    const html = '<title>Daily Papers</title><article><h3><a href="/papers/2401.00001">A\u0001 title</a></h3><p>An\u0002 abstract.</p></article>';
    const listing = parseHtmlListing(html, { origin: 'https://hf.test/papers/date/2024-01-02', day: '2024-01-02' });
    expect(listing.items).toEqual([{ position: 1, arxiv: '2401.00001', title: 'A title', abstract: 'An abstract.', authors: [], date: '2024-01-02' }]);
    expect(listing.warnings).toEqual(['https://hf.test/papers/date/2024-01-02: card 1 (2401.00001, "A title"): control characters removed from title, abstract']);
  });

  it('gives an empty listing for an empty day, which still has its day', async () => {
    const listing = parseListing(await readFixture('html', 'daily-papers-empty-day.html'), { origin: 'empty.html' });
    expect(listing).toEqual({ kind: 'html', source: 'html:2024-12-25', day: '2024-12-25', items: [], warnings: [] });
  });

  it('prefers the caller\'s day over the page\'s', async () => {
    const listing = parseHtmlListing(await readFixture('html', 'daily-papers-empty-day.html'), { origin: 'x', day: '2024-12-26' });
    expect(listing.day).toBe('2024-12-26');
  });

  it('fails a page that is no listing, or whose data-props is broken, naming it', () => {
    expect(() => parseHtmlListing('<html><title>502 Bad Gateway</title></html>', { origin: 'https://hf.test/papers/date/2024-01-02' })).toThrow(
      'https://hf.test/papers/date/2024-01-02: not a daily papers page (no data-props with dailyPapers, no <article> cards)',
    );
    expect(() => parseHtmlListing('<div data-props="{&quot;dailyPapers&quot;:[{">', { origin: 'cut.html' })).toThrow(/^cut\.html: the embedded data-props cannot be read: invalid JSON/);
  });
});

describe('parseListing', () => {
  it('rejects text in no known format with the origin in the message', () => {
    expect(() => parseListing('just some words', { origin: 'random.txt' })).toThrow(/^random\.txt: not a daily papers text snapshot/);
  });

  it('reports JSON that is no API response as such, whatever the file is called', () => {
    for (const json of ['null', ' 42\n', '"text"', 'true']) {
      expect(() => parseListing(json, { origin: 'saved.txt' })).toThrow(/^saved\.txt: JSON, but not a daily papers API response \(expected an array of papers, got /);
    }
    expect(() => parseListing('null', { origin: 'day.json' })).toThrow('day.json: JSON, but not a daily papers API response (expected an array of papers, got null)');
    expect(() => parseListing('', { origin: 'empty.json' })).toThrow(/^empty\.json: not valid JSON/);
  });
});

describe('the API item check that skips the schema', () => {
  // Values of every kind, valid or not for some field: the check must never accept what the schema would change or refuse.
  const values: unknown[] = [
    undefined, null, '', 'x', '2401.00001', 'https://github.com/a/b', 0, -0, 3, -1, 1.5, NaN, 2 ** 53, true, [], ['k'], ['k', 1], {},
    { name: 'o' }, { name: '' }, { name: 'o', fullname: 'Org' }, { name: 'o', fullname: '' }, { name: 'o', fullname: 3 },
    [{ name: 'A', _id: '1' }], [{ name: 3 }], [null], [['A']],
  ];
  const paperKeys = ['id', 'title', 'summary', 'authors', 'publishedAt', 'submittedOnDailyAt', 'upvotes', 'projectPage', 'githubRepo', 'ai_summary', 'ai_keywords', 'organization'];
  const itemKeys = ['title', 'summary', 'numComments', 'organization'];
  const valid: Record<string, unknown> = { id: '2401.00001', title: 'A title', summary: 'Abstract.', authors: [{ name: 'A', _id: '1' }], upvotes: 3, organization: { name: 'o', fullname: 'Org' } };

  it('accepts only items the schema takes as they are, and they map to the same listing item either way', () => {
    const next = random(7);
    const pick = () => values[Math.floor(next() * values.length)];
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const paper: Record<string, unknown> = { ...valid, extra: 'kept out' };
      const raw: Record<string, unknown> = { paper, submittedBy: { name: 'x' } };
      for (const key of paperKeys) if (next() < 0.1) paper[key] = pick();
      for (const key of itemKeys) if (next() < 0.1) raw[key] = pick();
      if (next() < 0.02) raw.paper = pick();
      if (!isWellFormedApiItem(raw)) continue;
      accepted += 1;
      const parsed = apiItemSchema.safeParse(raw);
      expect(parsed.success).toBe(true);
      const data = parsed.data as Record<string, unknown> & { paper: Record<string, unknown> };
      for (const key of paperKeys) expect(data.paper[key], key).toEqual(paper[key]);
      for (const key of itemKeys) expect(data[key], key).toEqual((raw as Record<string, unknown>)[key]);
      const ctx = { origin: 'o', day: '2024-01-02' };
      expect(apiItemToListingItem(raw, ctx, 1)).toEqual(apiItemToListingItem(data, ctx, 1));
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});

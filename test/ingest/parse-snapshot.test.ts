import { describe, expect, it } from 'vitest';
import { ListingError, parseListing, parseTextSnapshot } from '../../src/ingest/index.ts';
import { readFixture } from './helpers.ts';

const seed = (name: string) => readFixture('seeds', name);
const parseSeed = async (name: string, asOf?: string) => parseTextSnapshot(await seed(name), { origin: name, ...(asOf && { asOf }) });

describe('parseTextSnapshot on the four seed snapshots', () => {
  it.each([
    ['000_48cbe51526d07668.txt', 56, 'snapshot:2026-06-01'],
    ['001_9cde5d2c2920943e.txt', 45, 'snapshot:2026-03-05'],
    ['002_ecd92f54ff281733.txt', 56, 'snapshot:2026-05-15'],
    ['003_1553c6def254654a.txt', 53, 'snapshot:2026-06-16'],
  ])('%s has %i items captured on the header day (%s)', async (name, count, source) => {
    const listing = await parseSeed(name);
    expect(listing.items).toHaveLength(count);
    expect(listing.kind).toBe('snapshot');
    expect(listing.source).toBe(source);
    expect(listing.day).toBeUndefined(); // snapshots never write day files
  });

  it('infers the capture year as the newest explicit year + 1 and says so', async () => {
    const listing = await parseSeed('000_48cbe51526d07668.txt');
    expect(listing.warnings).toEqual([expect.stringMatching(/000_48cbe51526d07668\.txt: capture year 2026 inferred \(newest explicit year 2025 \+ 1\)/)]);
  });

  it('takes the capture year from --as-of without a note', async () => {
    const listing = await parseSeed('000_48cbe51526d07668.txt', '2027-06-02');
    expect(listing.source).toBe('snapshot:2027-06-01');
    expect(listing.warnings).toEqual([]);
    // "Mar 20" (no year) is in the capture year; "Aug 16, 2023" keeps its own.
    expect(listing.items[2]).toMatchObject({ title: 'UniBioTransfer: A Unified Framework for Multiple Biometrics Transfer', published: '2027-03-20' });
    expect(listing.items[0]?.published).toBe('2023-08-16');
  });

  it('reads the author count, the date with and without year and the upvotes after the date', async () => {
    const { items } = await parseSeed('000_48cbe51526d07668.txt');
    expect(items[0]).toEqual({
      position: 1,
      title: 'Dynamic Neural Network is All You Need: Understanding the Robustness of Dynamic Mechanisms in Neural Networks',
      abstract: expect.stringMatching(/^Deep Neural Networks \(DNNs\) have been used .* against the attack\.$/),
      authors: [],
      authorCount: 2,
      published: '2023-08-16',
    });
    expect(items[1]).toMatchObject({ title: expect.stringMatching(/^EconProver/), published: '2025-09-15', upvotes: 2, authorCount: 8 });
    expect(items[2]).toMatchObject({ published: '2026-03-20', authorCount: 8 });
    expect(items[2]?.upvotes).toBeUndefined();
  });

  it('imports items that have only a title and an abstract, with no date, authors or upvotes', async () => {
    const { items } = await parseSeed('000_48cbe51526d07668.txt');
    const bare = items[51];
    expect(bare).toEqual({ position: 52, title: 'Agent Bazaar: Enabling Economic Alignment in Multi-Agent Marketplaces', abstract: expect.any(String), authors: [] });
    expect(bare?.abstract.length).toBeGreaterThan(200);
    const undated = await Promise.all(
      ['000_48cbe51526d07668.txt', '001_9cde5d2c2920943e.txt', '002_ecd92f54ff281733.txt', '003_1553c6def254654a.txt'].map(
        async (name) => (await parseSeed(name)).items.filter((item) => !item.published).length,
      ),
    );
    expect(undated).toEqual([1, 1, 3, 4]);
  });

  it('reads organisation lines with a slug only when the first word spells the name', async () => {
    const march = (await parseSeed('001_9cde5d2c2920943e.txt')).items;
    expect(march[20]?.organization).toEqual({ name: 'ByteDance Seed', slug: 'ByteDance-Seed' });
    expect(march[19]?.organization).toEqual({ name: 'Microsoft Research', slug: 'MicrosoftResearch' });
    expect(march[42]).toMatchObject({ title: expect.stringMatching(/^Thinking Sparks!/), organization: { name: 'Korea University' }, upvotes: 2, published: '2025-09-30' });
    expect(march[42]?.organization).not.toHaveProperty('slug');
    expect(march[42]?.authorCount).toBeUndefined();
    const june = (await parseSeed('003_1553c6def254654a.txt')).items;
    expect(june[3]?.organization).toEqual({ name: 'BAIDU', slug: 'baidu' });
    expect(june[52]).toMatchObject({ title: 'PALBERT: Teaching ALBERT to Ponder', organization: { name: 'T-Tech', slug: 't-tech' }, published: '2022-04-07' });
  });

  it('keeps TeX and odd punctuation in titles and abstracts verbatim', async () => {
    const may = (await parseSeed('002_ecd92f54ff281733.txt')).items;
    expect(may[6]?.title).toBe('MoE$^2$: Optimizing Collaborative Inference for Edge Large Language Models');
    const june = (await parseSeed('003_1553c6def254654a.txt')).items;
    expect(june[2]?.title).toBe('(P)rior(D)yna(F)low: A Priori Dynamic Workflow Construction via Multi-Agent Collaboration');
    expect(june[8]?.title).toMatch(/^D\^2-Monitor: /);
    const all = [...may, ...june, ...(await parseSeed('000_48cbe51526d07668.txt')).items].map((item) => item.abstract).join('\n');
    expect(all).toContain('\\underline{R}');
    expect(all).toContain('i.\\,i.\\,d');
  });

  it('is what parseListing detects for a snapshot', async () => {
    const text = await seed('001_9cde5d2c2920943e.txt');
    expect(parseListing(text, { origin: 'x' })).toEqual(parseTextSnapshot(text, { origin: 'x' }));
  });
});

describe('parseTextSnapshot on broken input', () => {
  const header = 'new\n\nDaily Papers\n\nbyAK and the research community\n\nJun 1\n\n';
  const item = (title: string, date: string) => `${title}\n\nAn abstract of ${title}.\n\n  • 3 authors\n·\n${date}\n\n`;

  it('skips an item with a bad date line, naming the file, the position and the line', () => {
    const text = header + item('First', 'Mar 3, 2025') + item('Second', 'Smarch 45') + item('Third', 'Feb 30, 2024') + item('Fourth', 'Apr 2 7');
    const listing = parseTextSnapshot(text, { origin: 'broken.txt' });
    expect(listing.items.map((entry) => entry.title)).toEqual(['First', 'Fourth']);
    expect(listing.items[1]).toMatchObject({ published: '2026-04-02', upvotes: 7 });
    expect(listing.warnings).toEqual([
      expect.stringContaining('capture year 2026 inferred'),
      'broken.txt: item 2 (line 17) skipped: line 23: "Smarch 45" is not a date like "Mar 20" or "Aug 16, 2023 5"',
      'broken.txt: item 3 (line 25) skipped: its date is not a real day',
    ]);
  });

  it('skips, naming the file and line, the last item of a snapshot cut off inside its abstract', async () => {
    const full = await seed('000_48cbe51526d07668.txt');
    const cut = full.slice(0, full.indexOf('for amplified benefits') + 'for amplified benefits: (1'.length);
    const listing = parseTextSnapshot(cut, { origin: 'cut.txt' });
    const lastLine = cut.split('\n').length;
    expect(listing.items.map((entry) => entry.title)).toEqual(['Dynamic Neural Network is All You Need: Understanding the Robustness of Dynamic Mechanisms in Neural Networks']);
    expect(listing.items.every((entry) => !entry.abstract.endsWith('(1'))).toBe(true);
    expect(listing.warnings.at(-1)).toMatch(
      new RegExp(`^cut\\.txt: item \\d+ \\(line ${lastLine - 2}\\) skipped: the file ends inside it: no date line, and line ${lastLine} stops at "….*for amplified benefits: \\(1"`),
    );
    // A complete newest item, a title and an abstract only, at the end of a file is no cut.
    expect(parseTextSnapshot(`${header}Last\n\nA whole abstract.\n`, { origin: 'whole.txt', asOf: '2026-06-01' }).items).toHaveLength(1);
  });

  it('removes control characters from the lines, CR line breaks included, naming the file, item and line', () => {
    const text = (header + item('First\u0001 paper', 'Mar 3, 2025') + item('Second', 'Mar 4, 2025') + '\u0002\n').replace('An abstract of Second.', 'An\u001f abstract.').replaceAll('\n', '\r\n');
    const listing = parseTextSnapshot(text, { origin: 'ctrl.txt' });
    expect(listing.items.map(({ title, abstract }) => ({ title, abstract }))).toEqual([
      { title: 'First paper', abstract: 'An abstract of First paper.' },
      { title: 'Second', abstract: 'An abstract.' },
    ]);
    expect(listing.warnings).toEqual([
      expect.stringContaining('capture year 2026 inferred'),
      'ctrl.txt: line 25: control characters removed, and nothing else was on the line',
      'ctrl.txt: item 1 (line 9, "First paper"): control characters removed from lines 9, 11',
      'ctrl.txt: item 2 (line 17, "Second"): control characters removed from line 19',
    ]);
  });

  it('fails the whole file with a clear message when it is not a snapshot', () => {
    expect(() => parseTextSnapshot('hello\nworld\n', { origin: 'notes.txt' })).toThrow(new ListingError('notes.txt: not a daily papers text snapshot (no "Daily Papers" header)'));
    expect(() => parseTextSnapshot('Daily Papers\n\nyesterday\n', { origin: 'x.txt' })).toThrow(/x\.txt: the header has no listing date/);
  });

  it('takes the first word of an organisation line as its slug when the rest spells it squashed or starts it', () => {
    const organisation = (line: string) => `Paper by ${line}\n\nAn abstract.\n\n${line}\n·\nMar 3, 2025\n\n`;
    const lines = ['Acme-Labs Acme', 'clio-ai Clio AI', 'Korea University', 'Seoul National University', 'acme-labs ACME Labs Inc'];
    const listing = parseTextSnapshot(header + lines.map(organisation).join(''), { origin: 'orgs.txt' });
    expect(listing.items.map((entry) => entry.organization)).toEqual([
      { name: 'Acme', slug: 'Acme-Labs' },
      { name: 'Clio AI', slug: 'clio-ai' },
      { name: 'Korea University' },
      { name: 'Seoul National University' },
      { name: 'acme-labs ACME Labs Inc' },
    ]);
  });

  it('refuses to guess a capture year when no entry has one', () => {
    expect(() => parseTextSnapshot(header + item('Only', 'Mar 3'), { origin: 'yearless.txt' })).toThrow(
      /yearless\.txt: cannot infer the capture year .* pass --as-of/,
    );
    expect(parseTextSnapshot(header + item('Only', 'Mar 3'), { origin: 'yearless.txt', asOf: '2024-06-01' }).items[0]?.published).toBe('2024-03-03');
  });

  it('places a header date after the --as-of day in the year before', () => {
    const text = 'Daily Papers\n\nDec 31\n\n' + item('Late', 'Dec 30');
    expect(parseTextSnapshot(text, { origin: 'y.txt', asOf: '2025-01-02' })).toMatchObject({ source: 'snapshot:2024-12-31', items: [{ published: '2024-12-30' }] });
  });
});

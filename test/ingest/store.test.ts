import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { openStore, parseApiListing, parseTextSnapshot } from '../../src/ingest/index.ts';
import type { Listing, ListingItem } from '../../src/ingest/index.ts';
import { readMarkdown } from '../../src/ingest/front-matter.ts';
import { NOTES_MARKER, daySchema, paperSchema } from '../../src/lib/schema.ts';
import { hashTree, item, listing, seedFiles, snapshotTree, tempDir } from './helpers.ts';

async function applyAll(content: string, listings: Listing[]) {
  const store = await openStore(content);
  const reports = [];
  for (const each of listings) reports.push(await store.apply(each));
  return { store, reports };
}

const readPaper = async (content: string, id: string) => readMarkdown(await readFile(path.join(content, 'papers', `${id}.md`), 'utf8'));
const seedListings = () => Promise.all(seedFiles.map(async (file) => parseTextSnapshot(await readFile(file, 'utf8'), { origin: file })));

describe('store: the seed snapshots', () => {
  it('become 194 papers, and applying them again changes no byte', async () => {
    const content = await tempDir();
    const { reports } = await applyAll(content, await seedListings());
    expect(await readdir(path.join(content, 'papers'))).toHaveLength(194);
    expect(reports.reduce((sum, report) => sum + report.new, 0)).toBe(194);
    const before = await hashTree(content);
    const again = await applyAll(content, await seedListings());
    expect(again.reports.map((report) => [report.new, report.updated])).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(await hashTree(content)).toBe(before);
  });

  it('give the same files whatever order they are applied in', async () => {
    const forward = await tempDir();
    const backward = await tempDir();
    await applyAll(forward, await seedListings());
    await applyAll(backward, (await seedListings()).reverse());
    expect(await snapshotTree(backward)).toEqual(await snapshotTree(forward));
  });

  it('merge one paper listed in several snapshots into one file with every source', async () => {
    const content = await tempDir();
    await applyAll(content, await seedListings());
    const { data, body } = await readPaper(content, 'magentic-marketplace-an-open-source-environment-for-studying-agentic-markets');
    expect(data).toEqual({
      id: 'magentic-marketplace-an-open-source-environment-for-studying-agentic-markets',
      title: 'Magentic Marketplace: An Open-Source Environment for Studying Agentic Markets',
      authors: [],
      upvotes: 2,
      organization: { name: 'Microsoft Research', slug: 'MicrosoftResearch' },
      published: '2025-10-27',
      sources: ['snapshot:2026-03-05', 'snapshot:2026-06-01'],
    });
    expect(body).toMatch(new RegExp(`^As LLM agents advance, .*\\n\\n${NOTES_MARKER}\\n$`, 's'));
  });
});

describe('store: merging rules', () => {
  it('takes upvotes from the newest listing whatever the order, and a listing without upvotes never erases them', async () => {
    const older = listing('api:2024-01-02', [item({ arxiv: '2401.00001', title: 'T', upvotes: 5, date: '2024-01-02' })], '2024-01-02');
    const newer = listing('api:2024-01-09', [item({ arxiv: '2401.00001', title: 'T', upvotes: 9, date: '2024-01-09' })], '2024-01-09');
    const snapshot = listing('snapshot:2024-02-01', [item({ title: 'T' })]);
    for (const order of [[older, newer, snapshot], [snapshot, newer, older]]) {
      const content = await tempDir();
      await applyAll(content, order);
      const { data } = await readPaper(content, '2401.00001');
      expect(data).toMatchObject({ upvotes: 9, date: '2024-01-02', sources: ['api:2024-01-02', 'api:2024-01-09', 'snapshot:2024-02-01'] });
    }
  });

  it('prefers author names over a bare count, and keeps the names when a later snapshot only counts', async () => {
    const content = await tempDir();
    await applyAll(content, [
      listing('api:2024-01-02', [item({ arxiv: '2401.00001', title: 'Named', authors: ['Ada', 'Alan'], authorCount: 2 })]),
      listing('snapshot:2024-03-01', [item({ title: 'Named', authorCount: 3 })]),
    ]);
    expect((await readPaper(content, '2401.00001')).data).toMatchObject({ authors: ['Ada', 'Alan'], authorCount: 2 });
  });

  it('renames a title-only paper when its arXiv id arrives: alias kept, notes kept, day files rewritten', async () => {
    const content = await tempDir();
    const slug = 'moe-2-optimizing-collaborative-inference';
    await applyAll(content, [listing('html:2025-01-16', [item({ title: 'MoE$^2$: Optimizing Collaborative Inference', date: '2025-01-16' }), item({ title: 'Other', date: '2025-01-16' })], '2025-01-16')]);
    const slugFile = path.join(content, 'papers', `${slug}.md`);
    const handEdited = (await readFile(slugFile, 'utf8')).replace('sources:', 'topics:\n  - moe\nsources:') + '\nMy note about MoE.\n';
    await writeFile(slugFile, handEdited);

    const { reports } = await applyAll(content, [
      listing('api:2025-01-20', [item({ arxiv: '2501.09410', title: 'MoE^2: Optimizing  Collaborative Inference', upvotes: 4 })], '2025-01-20'),
    ]);
    expect(reports[0]).toMatchObject({ new: 0, updated: 1 });
    await expect(readFile(slugFile)).rejects.toThrow(/ENOENT/);
    const { data, body } = await readPaper(content, '2501.09410');
    expect(data).toMatchObject({ id: '2501.09410', arxiv: '2501.09410', aliases: [slug], topics: ['moe'], upvotes: 4, date: '2025-01-16' });
    expect(body.endsWith(`${NOTES_MARKER}\n\nMy note about MoE.\n`)).toBe(true);
    const day = readMarkdown(await readFile(path.join(content, 'days', '2025-01-16.md'), 'utf8')).data;
    expect(day).toEqual({ date: '2025-01-16', papers: ['2501.09410', 'other'] });

    // A later snapshot under the old title finds the renamed paper, not a new one.
    const later = await applyAll(content, [listing('snapshot:2025-02-01', [item({ title: 'MoE$^2$: Optimizing Collaborative Inference' })])]);
    expect(later.reports[0]).toMatchObject({ new: 0 });
    expect((await readdir(path.join(content, 'papers'))).sort()).toEqual(['2501.09410.md', 'other.md']);
  });

  it('keeps the person\'s topics, note, own keys and text below the marker through a re-import', async () => {
    const content = await tempDir();
    const first = listing('api:2024-01-02', [item({ arxiv: '2401.00001', title: 'Kept', upvotes: 1 })], '2024-01-02');
    await applyAll(content, [first]);
    const file = path.join(content, 'papers', '2401.00001.md');
    const original = await readFile(file, 'utf8');
    const notes = `\n\n## My reading notes\n\nThe *key* idea: tiles.   \n\n- [ ] try it\n<!-- keep -->\n`;
    await writeFile(
      file,
      original.replace('sources:', 'topics:\n  - contrastive-learning\nnote: "Read this: twice"\nsources:').replace('---\nAbstract', 'rating: 5\n---\nAbstract') +
        notes.trimStart(),
    );
    const edited = await readFile(file, 'utf8');
    await applyAll(content, [listing('api:2024-01-03', [item({ arxiv: '2401.00001', title: 'Kept', upvotes: 7, abstract: 'A better abstract.' })], '2024-01-03')]);
    const after = await readFile(file, 'utf8');
    const { data, body } = readMarkdown(after);
    expect(data).toMatchObject({ upvotes: 7, topics: ['contrastive-learning'], note: 'Read this: twice', rating: 5 });
    // The person's keys stay where the person put them.
    expect(Object.keys(data)).toEqual(['id', 'title', 'authors', 'upvotes', 'arxiv', 'topics', 'note', 'sources', 'rating']);
    expect(body).toBe(`A better abstract.\n\n${NOTES_MARKER}\n${notes.trimStart()}`);
    expect(edited.slice(edited.indexOf(NOTES_MARKER))).toBe(after.slice(after.indexOf(NOTES_MARKER)));
  });

  it.each([['LF', '\n'], ['CRLF', '\r\n']])(
    'rewrites only its own keys: the person\'s keys and comments keep their exact text and place (%s)',
    async (_name, eol) => {
      const content = await tempDir();
      const fetched = (day: string, upvotes: number, more: Partial<ListingItem> = {}) =>
        listing(`api:${day}`, [item({ arxiv: '2401.00001', title: 'Kept', upvotes, ...more })], day);
      await applyAll(content, [fetched('2026-07-16', 1)]);
      const file = path.join(content, 'papers', '2401.00001.md');
      const added = '# my comment\nwhen: 12:30\nrating: 010   # out of ten\nversion: 1.10\nmyflag: yes\n';
      const edited = (await readFile(file, 'utf8')).replace('upvotes: 1\n', `upvotes: 1\n${added}`).concat('My note.\n').replaceAll('\n', eol);
      await writeFile(file, edited);

      const { reports } = await applyAll(content, [fetched('2026-07-17', 5, { organization: { name: 'Acme', slug: 'acme' } })]);
      expect(reports[0]).toMatchObject({ updated: 1, warnings: [] });
      const after = await readFile(file, 'utf8');
      const expected = edited
        .replace(`upvotes: 1${eol}`, `upvotes: 5${eol}organization:${eol}  name: Acme${eol}  slug: acme${eol}`)
        .replace(`  - api:2026-07-16${eol}`, `  - api:2026-07-16${eol}  - api:2026-07-17${eol}`);
      expect(after).toBe(expected);
      // Read as the site reads them: YAML 1.1's sexagesimals, octals and yes/no are not YAML 1.2's.
      expect(readMarkdown(after).data).toMatchObject({ when: '12:30', rating: 10, version: 1.1, myflag: 'yes', sources: ['api:2026-07-16', 'api:2026-07-17'] });

      const again = await applyAll(content, [fetched('2026-07-17', 5, { organization: { name: 'Acme', slug: 'acme' } })]);
      expect(again.reports[0]).toMatchObject({ updated: 0, unchanged: 1 });
      expect(await readFile(file, 'utf8')).toBe(after);
    },
  );

  it('keeps a person\'s own keys and comments in a day file when it rewrites the day\'s list', async () => {
    const content = await tempDir();
    const day = (ids: string[]) => listing('api:2024-01-02', ids.map((id) => item({ arxiv: id, title: `Paper ${id}` })), '2024-01-02');
    await applyAll(content, [day(['2401.00001'])]);
    const file = path.join(content, 'days', '2024-01-02.md');
    const edited = (await readFile(file, 'utf8')).replace('---\ndate:', '---\n# a slow day\nmood: yes\ndate:').concat('My words about the day.\n');
    await writeFile(file, edited);
    await applyAll(content, [day(['2401.00002'])]);
    expect(await readFile(file, 'utf8')).toBe(edited.replace('  - "2401.00001"\n', '  - "2401.00002"\n  - "2401.00001"\n'));
  });

  it('leaves the whole body alone, warning once, when the person deleted the marker', async () => {
    const content = await tempDir();
    await applyAll(content, [listing('api:2024-01-02', [item({ arxiv: '2401.00001', title: 'T' })])]);
    const file = path.join(content, 'papers', '2401.00001.md');
    const text = (await readFile(file, 'utf8')).replace(NOTES_MARKER, 'I rewrote all of this myself.');
    await writeFile(file, text);
    const newer = (n: number) => listing(`api:2024-01-0${n}`, [item({ arxiv: '2401.00001', title: 'T', abstract: 'New abstract.', upvotes: n })]);
    const { reports } = await applyAll(content, [newer(3), newer(4)]);
    expect(reports.flatMap((report) => report.warnings)).toEqual([expect.stringMatching(/2401\.00001\.md: the notes marker is gone, so the body was left as it is/)]);
    const after = readMarkdown(await readFile(file, 'utf8'));
    expect(after.body).toBe(readMarkdown(text).body);
    expect(after.data.upvotes).toBe(4);
  });

  it('writes day files in listing order; a re-fetch puts the new order first and keeps earlier ids; an empty day still gets a file', async () => {
    const content = await tempDir();
    const ids = (list: string[]) => list.map((id) => item({ arxiv: id, title: `Paper ${id}` }));
    const { store } = await applyAll(content, [
      listing('api:2024-01-02', ids(['2401.00003', '2401.00001']), '2024-01-02'),
      listing('api:2024-01-02', ids(['2401.00002', '2401.00001']), '2024-01-02'),
      listing('api:2024-01-05', [], '2024-01-05'),
    ]);
    const day = async (name: string) => daySchema.parse(matter(await readFile(path.join(content, 'days', `${name}.md`), 'utf8')).data);
    expect(await day('2024-01-02')).toEqual({ date: '2024-01-02', papers: ['2401.00002', '2401.00001', '2401.00003'] });
    expect(await day('2024-01-05')).toEqual({ date: '2024-01-05', papers: [] });
    expect(store.newestDay()).toBe('2024-01-05');
    expect((await openStore(content)).newestDay()).toBe('2024-01-05');
  });

  it('reports the newest day from papers\' dates when there are no day files, never from a snapshot\'s dates', async () => {
    const content = await tempDir();
    const dated = (id: string, date: string) => item({ arxiv: id, title: `Paper ${id}`, date });
    await applyAll(content, [listing('api', [dated('2401.00001', '2024-01-03'), dated('2401.00002', '2024-01-07')]), ...(await seedListings())]);
    expect((await openStore(content)).newestDay()).toBe('2024-01-07');
    expect((await openStore(await tempDir())).newestDay()).toBeUndefined();
  });

  it('reads a paper as the site does: a date a person typed without quotes is a day, kept through a re-import', async () => {
    const content = await tempDir();
    const day = (date: string, upvotes: number) => listing(`api:${date}`, [item({ arxiv: '2401.00001', title: 'T', date, upvotes })], date);
    await applyAll(content, [day('2024-01-02', 1)]);
    const file = path.join(content, 'papers', '2401.00001.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('date: "2024-01-02"', 'date: 2024-01-01'));
    const { store, reports } = await applyAll(content, [day('2024-01-03', 2)]);
    expect(reports[0]).toMatchObject({ updated: 1, warnings: [] });
    expect(await readFile(file, 'utf8')).toContain('\ndate: 2024-01-01\n');
    expect((await readPaper(content, '2401.00001')).data).toMatchObject({ date: '2024-01-01', upvotes: 2 });
    expect(store.newestDay()).toBe('2024-01-03');
  });

  it('never overwrites a paper file it cannot read, and says so', async () => {
    const content = await tempDir();
    await mkdir(path.join(content, 'papers'), { recursive: true });
    const broken = '---\ntitle: [unclosed\n---\nMy draft.\n';
    await writeFile(path.join(content, 'papers', '2401.00001.md'), broken);
    const { reports } = await applyAll(content, [listing('api:2024-01-02', [item({ arxiv: '2401.00001', title: 'T' }), item({ arxiv: '2401.00002', title: 'U' })])]);
    expect(reports[0]).toMatchObject({ new: 1 });
    expect(reports[0]?.warnings).toEqual([expect.stringMatching(/2401\.00001\.md: cannot be read, left untouched \(the front matter is not valid YAML: line 3: /), expect.stringMatching(/2401\.00001\.md: cannot be read, so "T" was not merged/)]);
    expect(await readFile(path.join(content, 'papers', '2401.00001.md'), 'utf8')).toBe(broken);
  });
});

describe('store: long listings', () => {
  const many = (count: number, upvotes: number) =>
    Array.from({ length: count }, (_, i) => item({ arxiv: `2401.${String(i + 1).padStart(5, '0')}`, title: `Paper ${i + 1}`, upvotes }));

  it('lets other work run while a long listing is applied, and leaves no temporary files', async () => {
    const content = await tempDir();
    const store = await openStore(content);
    const order: string[] = [];
    const applying = store.apply(listing('api:2024-01-02', many(200, 1), '2024-01-02')).then(() => order.push('applied'));
    setImmediate(() => order.push('other work'));
    await applying;
    expect(order).toEqual(['other work', 'applied']);
    const files = await readdir(content, { recursive: true });
    expect(files.filter((file) => file.includes('.tmp'))).toEqual([]);
    expect(files.filter((file) => file.startsWith(`papers${path.sep}`))).toHaveLength(200);
  });

  it('merges a paper listed twice in one long listing once, in listing order, and never rewrites unchanged files', async () => {
    const content = await tempDir();
    const items = [...many(100, 1), item({ arxiv: '2401.00001', title: 'Paper 1', upvotes: 2 })];
    const { reports } = await applyAll(content, [listing('api:2024-01-02', items, '2024-01-02')]);
    expect(reports[0]).toMatchObject({ new: 100, updated: 0, unchanged: 0 });
    expect((await readPaper(content, '2401.00001')).data.upvotes).toBe(2);
    const file = path.join(content, 'papers', '2401.00001.md');
    const before = await stat(file);
    const again = await applyAll(content, [listing('api:2024-01-02', items, '2024-01-02')]);
    // No byte changes, so every paper is unchanged and no file is even rewritten, the repeated one included.
    expect(again.reports[0]).toMatchObject({ new: 0, updated: 0, unchanged: 100 });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });
});

describe('store: hostile input', () => {
  const hostileTitle = '---\nid: x\n--- <script>alert("t")</script> "quotes" \'single\' key: value # not a comment';
  const hostileAbstract = `---\nid: x\ntitle: pwned\n---\n\n<script>alert(1)</script> & "quotes": colons # hash\n\n${NOTES_MARKER}\nnot a note`;

  it('round-trips titles and abstracts as plain text, readable by YAML 1.1 (js-yaml) as strings', async () => {
    const content = await tempDir();
    const json = JSON.stringify([
      { paper: { id: '2410.17243', title: hostileTitle, summary: hostileAbstract, ai_keywords: ['yes', 'no', '1e3', 'null'] } },
      { paper: { id: 'hep-th/9901001', title: 'yes', summary: '2024-10-25' } },
    ]);
    const parsed = parseApiListing(json, { origin: 'hostile.json', day: '2024-10-25' });
    await applyAll(content, [parsed]);
    for (const [id, parsedItem] of [['2410.17243', parsed.items[0]], ['hep-th/9901001', parsed.items[1]]] as const) {
      const text = await readFile(path.join(content, 'papers', `${id}.md`), 'utf8');
      const viaJsYaml = matter(text); // gray-matter's default engine is js-yaml, a YAML 1.1 reader like Astro's
      const paper = paperSchema.parse(viaJsYaml.data);
      expect(paper.id).toBe(id);
      expect(paper.title).toBe(parsedItem?.title);
      expect(paper.date).toBe('2024-10-25');
      expect(viaJsYaml.data.date).toBe('2024-10-25');
      expect(viaJsYaml.content.startsWith(parsedItem?.abstract ?? '-')).toBe(true);
    }
    expect(parsed.items[0]?.title).toBe('--- id: x --- <script>alert("t")</script> "quotes" \'single\' key: value # not a comment');
    expect(parsed.items[0]?.abstract).toBe('--- id: x title: pwned ---\n\n<script>alert(1)</script> & "quotes": colons # hash\n\nnot a note');
    const { data } = await readPaper(content, '2410.17243');
    expect(data.keywords).toEqual(['yes', 'no', '1e3', 'null']);
    expect(data.title).toBe(parsed.items[0]?.title);
  });

  it('skips ids that cannot be safe file names and never writes outside the content folder', async () => {
    const parent = await tempDir();
    const content = path.join(parent, 'content');
    const outside = path.join(parent, 'outside');
    await mkdir(path.join(content, 'papers'), { recursive: true });
    await mkdir(outside);
    await symlink(outside, path.join(content, 'papers', 'hep-th'));
    const { reports } = await applyAll(content, [
      listing('api:2024-01-02', [
        item({ arxiv: '../../outside/evil', title: 'Escape' }),
        item({ arxiv: '/etc/passwd', title: 'Absolute' }),
        item({ arxiv: 'hep-th/9901001', title: 'Through a symlink' }),
        item({ arxiv: '2401.00001', title: 'Fine' }),
      ]),
    ]);
    expect(reports[0]).toMatchObject({ new: 1 });
    expect(reports[0]?.warnings).toEqual([
      'api:2024-01-02: "Escape" skipped: id "../../outside/evil" cannot be a safe file name',
      'api:2024-01-02: "Absolute" skipped: id "/etc/passwd" cannot be a safe file name',
      expect.stringMatching(/^api:2024-01-02: item 3 \("Through a symlink"\) not saved: refusing to write .* resolves outside/),
    ]);
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(parent)).toEqual(['content', 'outside']);
  });

  it('names an item it could not save by its position in the response, skipped items counted', async () => {
    const content = await tempDir();
    await mkdir(path.join(content, 'papers'), { recursive: true });
    await symlink(await tempDir(), path.join(content, 'papers', 'hep-th'));
    const json = JSON.stringify([{ paper: { id: 'not-arxiv', title: 'Skipped' } }, { paper: { id: '2401.00001', title: 'Fine' } }, { paper: { id: 'hep-th/9901001', title: 'Refused' } }]);
    const { reports } = await applyAll(content, [parseApiListing(json, { origin: 'three.json', day: '2024-01-02' })]);
    expect(reports[0]?.warnings).toEqual([expect.stringMatching(/^api:2024-01-02: item 3 \("Refused"\) not saved: refusing to write/)]);
  });

  it('writes old-style arXiv ids into a sub-folder', async () => {
    const content = await tempDir();
    await applyAll(content, [listing('api:2024-01-02', [item({ arxiv: 'math.GT/0309136', title: 'Knots' })])]);
    expect((await readPaper(content, 'math.GT/0309136')).data.id).toBe('math.GT/0309136');
  });
});

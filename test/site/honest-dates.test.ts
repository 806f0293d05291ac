/**
 * A text snapshot's date is a publication day: the site builds day pages only for listing days, says
 * "Published" for a paper known only by its publication day, and shows such papers on their month and year
 * pages apart from the listing days. Also for an archive an older import wrote (the publication day in `date`).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { buildArchive } from '../../src/lib/site/archive.ts';
import { feedItems } from '../../src/lib/site/feed.ts';
import { paperSearchRecord } from '../../src/lib/site/search-indexing.ts';
import type { Paper } from '../../src/lib/schema.ts';

const paper = (lines: string[]) => ['---', ...lines, '---', 'An abstract about something.', ''].join('\n');

const PAPERS: Record<string, string> = {
  // As an older import wrote a snapshot card: its publication day as `date`, only a snapshot as source.
  'old-trending': paper(['id: old-trending', 'title: "An Old Paper From a Trending Page"', 'date: "2013-08-15"', 'authors: []', 'upvotes: 4', 'sources:', '  - snapshot:2026-06-01']),
  // As the import writes one now.
  'new-trending': paper(['id: new-trending', 'title: "Another Paper Found by Search"', 'authors: []', 'upvotes: 2', 'published: "2013-08-20"', 'sources:', '  - snapshot:2026-06-01']),
  '2401.00001': paper(['id: "2401.00001"', 'title: "A Paper of a Daily Listing"', 'date: "2024-01-09"', 'authors: []', 'arxiv: "2401.00001"', 'published: "2024-01-03"', 'sources:', '  - api:2024-01-09']),
};

let build: BuildResult;

beforeAll(async () => {
  const content = path.join(await makeTempDir('honest-dates-'), 'content');
  await mkdir(path.join(content, 'papers'), { recursive: true });
  await mkdir(path.join(content, 'days'));
  for (const [id, text] of Object.entries(PAPERS)) await writeFile(path.join(content, 'papers', `${id}.md`), text);
  await writeFile(path.join(content, 'days', '2024-01-09.md'), '---\ndate: "2024-01-09"\npapers:\n  - "2401.00001"\n---\n');
  build = await buildSite({ contentDir: content });
  expect(build.exitCode, build.output).toBe(0);
}, 300_000);

afterAll(() => build?.dispose());

const page = async (file: string) => cheerio.load(await readFile(path.join(build.outDir, file), 'utf8'));
const exists = (file: string) => stat(path.join(build.outDir, file)).then(() => true, () => false);
const facts = ($: cheerio.CheerioAPI) => $('dl.facts dt').map((_, dt) => `${$(dt).text()}: ${$(dt).next('dd').text()}`).get();

describe('a publication day from a text snapshot', () => {
  test('gets no day page; a listing day does', async () => {
    expect(await exists('2024/01/09/index.html')).toBe(true);
    expect(await exists('2013/08/15/index.html')).toBe(false);
    expect(await exists('2013/08/20/index.html')).toBe(false);
    const sitemap = await readFile(path.join(build.outDir, 'sitemap-0.xml'), 'utf8');
    expect(sitemap).toContain('/2013/08/</loc>');
    expect(sitemap).not.toContain('/2013/08/15/');
  });

  test('is "Published" on the paper page, never "Listed"; a listed paper has both', async () => {
    for (const [id, day] of [['old-trending', 'Thursday, 15 August 2013'], ['new-trending', 'Tuesday, 20 August 2013']]) {
      const $ = await page(`papers/${id}/index.html`);
      expect(facts($)).toEqual([`Published: ${day}`, expect.stringMatching(/^Upvotes: /)]);
      expect($('dl.facts dd a').attr('href')).toBe('/2013/08/#published');
    }
    const $ = await page('papers/2401.00001/index.html');
    expect(facts($).slice(0, 2)).toEqual(['Listed: Tuesday, 9 January 2024', 'Published: Wednesday, 3 January 2024']);
    expect($('dl.facts dd a').first().attr('href')).toBe('/2024/01/09/');
  });

  test('puts the paper in its month page\'s own section, and its year page points there', async () => {
    const $ = await page('2013/08/index.html');
    expect($('table.calendar')).toHaveLength(0);
    expect($('a[href^="/2013/08/1"], a[href^="/2013/08/2"]')).toHaveLength(0);
    const section = $('section#published');
    expect(section.find('h2').text()).toBe('Published this month, not in a daily listing');
    expect(section.find('article.paper-card h3 a').map((_, link) => $(link).attr('href')).get()).toEqual(['/papers/new-trending/', '/papers/old-trending/']);
    expect(section.find('article.paper-card .meta').first().text()).toContain('Published 20 Aug 2013');

    const listed = await page('2024/01/index.html');
    expect(listed('table.calendar a').attr('href')).toBe('/2024/01/09/');
    expect(listed('section#published')).toHaveLength(0);

    const year = await page('2013/index.html');
    expect(year('section#published h2').text()).toBe('Published this year, not in a daily listing');
    expect(year('section#published a').attr('href')).toBe('/2013/08/#published');
    expect((await page('index.html'))('a[href="/2013/"]')).toHaveLength(1);
  });

  test('is `published` in the JSON export, with no listing date', async () => {
    const papers = JSON.parse(await readFile(path.join(build.outDir, 'api/papers.json'), 'utf8')) as { id: string; date: string | null; published: string | null }[];
    expect(papers.find((entry) => entry.id === 'old-trending')).toMatchObject({ date: null, published: '2013-08-15' });
    expect(papers.find((entry) => entry.id === '2401.00001')).toMatchObject({ date: '2024-01-09', published: '2024-01-03' });
  });
});

describe('a paper known only by its publication day, in feeds and search', () => {
  const archive = buildArchive(
    [
      { data: { id: 'old-trending', title: 'Old', date: '2013-08-15', authors: [], authorCount: 0, keywords: [], sources: ['snapshot:2026-06-01'] } as Paper },
      { data: { id: 'new-trending', title: 'New', published: '2013-08-20', authors: [], authorCount: 0, keywords: [], sources: ['snapshot:2026-06-01'] } as Paper },
      { data: { id: 'listed', title: 'Listed', date: '2024-01-09', authors: [], authorCount: 0, keywords: [], sources: ['api:2024-01-09'] } as Paper },
    ],
    [],
    [],
  );
  const old = archive.paperById.get('old-trending')!;

  test('is dated and ordered by its publication day in the feed', () => {
    expect(feedItems(archive.papers).map((item) => [item.link, item.pubDate?.toISOString().slice(0, 10)])).toEqual([
      ['/papers/listed/', '2024-01-09'],
      ['/papers/new-trending/', '2013-08-20'],
      ['/papers/old-trending/', '2013-08-15'],
    ]);
  });

  test('is found under its publication year by the search year filter', () => {
    expect(old).toMatchObject({ date: undefined, published: '2013-08-15' });
    expect(paperSearchRecord(old, [], '/papers/old-trending/').date).toBe('2013-08-15');
  });
});

/**
 * Organisation pages are paged like topic pages (src/lib/site/list-pages.ts):
 * reads the fixture archive built under /archive/ (a shared build) and checks what a reader of an
 * organisation with three pages of papers gets.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, test } from 'vitest';
import { sharedBuild, type SharedBuild } from '../helpers/shared-builds.ts';
import { BIG_ORG, BIG_ORG_PAPERS } from './fixture.ts';

let build: SharedBuild;

beforeAll(async () => {
  build = await sharedBuild('site-archive');
  expect(build.exitCode, build.output).toBe(0);
});

const read = (file: string) => readFile(path.join(build.outDir, file), 'utf8');
const page = async (file: string) => cheerio.load(await read(file));
const exists = (file: string) => stat(path.join(build.outDir, file)).then(() => true, () => false);

const frontUrl = `/archive/orgs/${BIG_ORG.slug}/`;
const pageUrl = (number: number) => `/archive/orgs/${BIG_ORG.slug}/${number}/`;
const paperLinks = ($: cheerio.CheerioAPI) => $('ol.paper-list > li h2 a').map((_, a) => $(a).attr('href')).get();
const dates = ($: cheerio.CheerioAPI) => $('ol.paper-list > li').map((_, li) => $(li).find('time').first().attr('datetime')).get();
/** The front page, then the older pages from the newest (2) to the oldest (1). */
const pages = () => Promise.all([page(`orgs/${BIG_ORG.slug}/index.html`), page(`orgs/${BIG_ORG.slug}/2/index.html`), page(`orgs/${BIG_ORG.slug}/1/index.html`)]);

describe('organisation pages', () => {
  test('older pages hold 50 papers each, counted from the oldest; the front page the rest; none lost or repeated', async () => {
    const [front, second, first] = await pages();
    expect(paperLinks(front)).toHaveLength(BIG_ORG_PAPERS - 100);
    expect(paperLinks(second)).toHaveLength(50);
    expect(paperLinks(first)).toHaveLength(50);
    const all = [...paperLinks(front), ...paperLinks(second), ...paperLinks(first)];
    expect(new Set(all).size).toBe(BIG_ORG_PAPERS);
    const expected = Array.from({ length: BIG_ORG_PAPERS }, (_, index) => `/archive/papers/2411.${10000 + index}/`);
    expect([...all].sort()).toEqual(expected.sort());
    expect(await exists(`orgs/${BIG_ORG.slug}/3/index.html`)).toBe(false);
    expect(await exists(`orgs/${BIG_ORG.slug}/0/index.html`)).toBe(false);
  });

  test('newest first across the pages, each paper numbered by its place from the oldest', async () => {
    const [front, second, first] = await pages();
    const all = [...dates(front), ...dates(second), ...dates(first)];
    expect(all).toHaveLength(BIG_ORG_PAPERS);
    expect(all).toEqual([...all].sort().reverse());
    expect(all[0]).not.toBe(all.at(-1));
    for (const [$, start] of [[front, BIG_ORG_PAPERS], [second, 100], [first, 50]] as const) {
      expect($('ol.paper-list').attr('start')).toBe(String(start));
      expect($('ol.paper-list').attr('reversed')).toBeDefined();
    }
  });

  test('the pages link newer and older in a labelled pager, under the base path', async () => {
    const [front, second, first] = await pages();
    const pager = ($: cheerio.CheerioAPI) => ({
      newer: $('nav[aria-label="Pages"] a[rel="prev"]').attr('href'),
      older: $('nav[aria-label="Pages"] a[rel="next"]').attr('href'),
      text: $('nav[aria-label="Pages"] li').map((_, li) => $(li).text().trim()).get().filter(Boolean).join(' '),
    });
    expect(pager(front)).toEqual({ newer: undefined, older: pageUrl(2), text: `Papers 101–${BIG_ORG_PAPERS} Older →` });
    expect(pager(second)).toEqual({ newer: frontUrl, older: pageUrl(1), text: '← Newer Papers 51–100 Older →' });
    expect(pager(first)).toEqual({ newer: pageUrl(2), older: undefined, text: '← Newer Papers 1–50' });
  });

  test('an older page names its papers by place, not by a page count that grows, and is its own canonical address', async () => {
    const [front, second] = await pages();
    expect(front('title').text()).toBe(`${BIG_ORG.name} · Daily Papers Archive`);
    expect(front('main').text()).toContain(`${BIG_ORG_PAPERS} papers, newest first.`);
    expect(second('title').text()).toBe(`${BIG_ORG.name}, papers 51–100 · Daily Papers Archive`);
    expect(second('h1').text()).toBe(`${BIG_ORG.name}, papers 51–100`);
    expect(second('main').text()).toContain(`Papers 51 to 100 from ${BIG_ORG.name}, counted from the oldest; newest first.`);
    expect(second('main').text()).not.toContain(String(BIG_ORG_PAPERS));
    expect(second(`main p.lede a[href="${frontUrl}"]`).text()).toBe('Newest papers');
    expect(front('link[rel="canonical"]').attr('href')).toBe(`https://example.org${frontUrl}`);
    expect(second('link[rel="canonical"]').attr('href')).toBe(`https://example.org${pageUrl(2)}`);
  });

  test('the front page keeps its address: the organisation index and paper pages link to it', async () => {
    const index = await page('orgs/index.html');
    const entry = index(`ul.org-list a[href="${frontUrl}"]`);
    expect(entry.text()).toBe(BIG_ORG.name);
    expect(entry.parent().text()).toContain(`(${BIG_ORG_PAPERS})`);
    // A paper shown on an older page still links to the organisation's front page.
    const paper = await page('papers/2411.10000/index.html');
    expect(paper(`main a[href="${frontUrl}"]`).text()).toBe(BIG_ORG.name);
  });

  test('an organisation that fits on one page has no pager and no second page', async () => {
    const $ = await page('orgs/korea-university/index.html');
    expect($('ol.paper-list > li').length).toBeGreaterThan(0);
    expect($('nav[aria-label="Pages"]').length).toBe(0);
    expect($('title').text()).toBe('Korea University · Daily Papers Archive');
    expect(await exists('orgs/korea-university/1/index.html')).toBe(false);
  });

  test('the sitemap lists every page of the organisation', async () => {
    const sitemap = await read('sitemap-0.xml');
    for (const url of [frontUrl, pageUrl(2), pageUrl(1)]) expect(sitemap).toContain(`<loc>https://example.org${url}</loc>`);
  });
});

/**
 * Organisation pages are paginated like topic pages: builds the fixture archive
 * under /archive/ and checks what a reader of an organisation with more papers
 * than one page holds gets.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { BIG_ORG, BIG_ORG_PAPERS, makeFixtureArchive } from './fixture.ts';

let build: BuildResult;
let contentDir: string;

beforeAll(async () => {
  contentDir = await makeFixtureArchive();
  build = await buildSite({ contentDir, basePath: '/archive/' });
  expect(build.exitCode, build.output).toBe(0);
});

afterAll(async () => {
  await Promise.all([build?.dispose(), contentDir && rm(path.dirname(contentDir), { recursive: true, force: true })]);
});

const read = (file: string) => readFile(path.join(build.outDir, file), 'utf8');
const page = async (file: string) => cheerio.load(await read(file));
const exists = (file: string) => stat(path.join(build.outDir, file)).then(() => true, () => false);

const firstUrl = `/archive/orgs/${BIG_ORG.slug}/`;
const secondUrl = `/archive/orgs/${BIG_ORG.slug}/2/`;
const paperLinks = ($: cheerio.CheerioAPI) => $('ol.paper-list > li h2 a').map((_, a) => $(a).attr('href')).get();
const dates = ($: cheerio.CheerioAPI) => $('ol.paper-list > li').map((_, li) => $(li).find('time').first().attr('datetime')).get();

describe('organisation pages', () => {
  test('an organisation with more papers than a page holds gets a second page with the rest, none lost or repeated', async () => {
    const first = await page(`orgs/${BIG_ORG.slug}/index.html`);
    const second = await page(`orgs/${BIG_ORG.slug}/2/index.html`);
    expect(paperLinks(first)).toHaveLength(50);
    expect(paperLinks(second)).toHaveLength(BIG_ORG_PAPERS - 50);
    const all = [...paperLinks(first), ...paperLinks(second)];
    expect(new Set(all).size).toBe(BIG_ORG_PAPERS);
    const expected = Array.from({ length: BIG_ORG_PAPERS }, (_, index) => `/archive/papers/2411.${10000 + index}/`);
    expect([...all].sort()).toEqual(expected);
    expect(await exists(`orgs/${BIG_ORG.slug}/3/index.html`)).toBe(false);
    expect(await exists(`orgs/${BIG_ORG.slug}/1/index.html`)).toBe(false);
  });

  test('newest first across the pages, numbered on from the first page', async () => {
    const first = await page(`orgs/${BIG_ORG.slug}/index.html`);
    const second = await page(`orgs/${BIG_ORG.slug}/2/index.html`);
    const all = [...dates(first), ...dates(second)];
    expect(all).toHaveLength(BIG_ORG_PAPERS);
    expect(all).toEqual([...all].sort().reverse());
    expect(all[0]).not.toBe(all.at(-1));
    expect(second('ol.paper-list').attr('start')).toBe('51');
  });

  test('page one links to page two and back, in a labelled pager, under the base path', async () => {
    const first = await page(`orgs/${BIG_ORG.slug}/index.html`);
    const second = await page(`orgs/${BIG_ORG.slug}/2/index.html`);
    expect(first('nav[aria-label="Pages"] a[rel="next"]').attr('href')).toBe(secondUrl);
    expect(first('nav[aria-label="Pages"] a[rel="prev"]').length).toBe(0);
    expect(first('nav[aria-label="Pages"]').text()).toContain('Page 1 of 2');
    expect(second('nav[aria-label="Pages"] a[rel="prev"]').attr('href')).toBe(firstUrl);
    expect(second('nav[aria-label="Pages"] a[rel="next"]').length).toBe(0);
    expect(second('nav[aria-label="Pages"]').text()).toContain('Page 2 of 2');
  });

  test('each page says which page it is in its title and heading, and is its own canonical address', async () => {
    const first = await page(`orgs/${BIG_ORG.slug}/index.html`);
    const second = await page(`orgs/${BIG_ORG.slug}/2/index.html`);
    expect(first('title').text()).toBe(`${BIG_ORG.name} (page 1 of 2) · Daily Papers Archive`);
    expect(second('title').text()).toBe(`${BIG_ORG.name} (page 2 of 2) · Daily Papers Archive`);
    expect(second('h1').text()).toBe(`${BIG_ORG.name} (page 2 of 2)`);
    expect(second('main').text()).toContain(`${BIG_ORG_PAPERS} papers, newest first.`);
    expect(first('link[rel="canonical"]').attr('href')).toBe(`https://example.org${firstUrl}`);
    expect(second('link[rel="canonical"]').attr('href')).toBe(`https://example.org${secondUrl}`);
  });

  test('the first page keeps its address: the organisation index and paper pages link to it', async () => {
    const index = await page('orgs/index.html');
    const entry = index(`ul.org-list a[href="${firstUrl}"]`);
    expect(entry.text()).toBe(BIG_ORG.name);
    expect(entry.parent().text()).toContain(`(${BIG_ORG_PAPERS})`);
    // A paper shown on page two still links to the organisation's first page.
    const paper = await page('papers/2411.10000/index.html');
    expect(paper(`main a[href="${firstUrl}"]`).text()).toBe(BIG_ORG.name);
  });

  test('an organisation that fits on one page has no pager and no second page', async () => {
    const $ = await page('orgs/korea-university/index.html');
    expect($('ol.paper-list > li').length).toBeGreaterThan(0);
    expect($('nav[aria-label="Pages"]').length).toBe(0);
    expect($('title').text()).toBe('Korea University · Daily Papers Archive');
    expect(await exists('orgs/korea-university/2/index.html')).toBe(false);
  });

  test('the sitemap lists every page of the organisation', async () => {
    const sitemap = await read('sitemap-0.xml');
    expect(sitemap).toContain(`<loc>https://example.org${firstUrl}</loc>`);
    expect(sitemap).toContain(`<loc>https://example.org${secondUrl}</loc>`);
  });
});

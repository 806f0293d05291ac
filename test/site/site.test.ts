/**
 * The fixture archive built at the root and under /archive/ (shared builds) and checks
 * the HTML a reader gets: routes, links, escaping, TeX, feeds, topics.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../helpers/build-site.ts';
import { sharedBuild, type SharedBuild as BuildResult } from '../helpers/shared-builds.ts';
import { readFragments } from '../browser/index-fragments.ts';
import { BUSY_DAY, GENERATED, GENERATED_DIGESTS } from './fixture.ts';

let root: BuildResult;
let archive: typeof root;

beforeAll(async () => {
  root = await sharedBuild('site-root');
  archive = await sharedBuild('site-archive');
  expect(root.exitCode, root.output).toBe(0);
  expect(archive.exitCode, archive.output).toBe(0);
});

const read = (build: BuildResult, file: string) => readFile(path.join(build.outDir, file), 'utf8');
const page = async (build: BuildResult, file: string) => cheerio.load(await read(build, file));

async function htmlPages(build: BuildResult): Promise<string[]> {
  const entries = await readdir(build.outDir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.html') && !entry.startsWith('search') && !entry.startsWith('search-index'));
}

function runLinkChecker(args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/check-links.ts'), ...args], { cwd: projectRoot });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output })));
}

describe('routes', () => {
  const routes = [
    'index.html',
    '2024/10/25/index.html',
    '2024/10/28/index.html',
    `${BUSY_DAY.replaceAll('-', '/')}/index.html`,
    '2024/10/index.html',
    '2024/11/index.html',
    '2024/index.html',
    'papers/2410.17243/index.html',
    'papers/hep-th/9901001/index.html',
    'papers/undated-paper-without-listing-date/index.html',
    'papers/gap-days-are-skipped/index.html',
    'topics/index.html',
    'topics/mixture-of-experts/index.html',
    'topics/mixture-of-experts/1/index.html',
    'topics/mixture-of-experts/2/index.html',
    'topics/mixture-of-experts/rss.xml',
    'orgs/index.html',
    'orgs/damo-nlp-sg/index.html',
    'orgs/korea-university/index.html',
    '404.html',
    'rss.xml',
    'robots.txt',
    'sitemap-index.xml',
    'api/papers.json',
    'api/days/2024-10-25.json',
    'digests/index.html',
    'digests/2/index.html',
    'digests/week-one/index.html',
    'digests/older-notes/index.html',
    'digests/rss.xml',
  ];
  test.each(routes)('%s exists in both builds', async (route) => {
    await expect(stat(path.join(root.outDir, route))).resolves.toBeTruthy();
    await expect(stat(path.join(archive.outDir, route))).resolves.toBeTruthy();
  });

  test('empty days get no page; the gap between listed days is skipped by day navigation', async () => {
    await expect(stat(path.join(root.outDir, '2024/10/26/index.html'))).rejects.toThrow();
    const $ = await page(archive, '2024/10/25/index.html');
    expect($('a[rel="next"]').first().attr('href')).toBe('/archive/2024/10/28/');
    const $later = await page(archive, '2024/10/28/index.html');
    expect($later('a[rel="prev"]').first().attr('href')).toBe('/archive/2024/10/25/');
  });
});

describe('links', () => {
  test('the link checker finds no broken internal link at the root', async () => {
    const result = await runLinkChecker([root.outDir]);
    expect(result.output).toContain('no broken links');
    expect(result.code).toBe(0);
  });

  test('the link checker finds no broken internal link under /archive/, inferred or told', async () => {
    const inferred = await runLinkChecker([archive.outDir]);
    expect(inferred.output).toContain('base /archive/');
    expect(inferred.code, inferred.output).toBe(0);
    const told = await runLinkChecker([archive.outDir, '--base', '/archive/']);
    expect(told.code, told.output).toBe(0);
  });

  test('every internal link of the /archive/ build carries the base path', async () => {
    for (const file of await htmlPages(archive)) {
      const $ = cheerio.load(await read(archive, file));
      $('a[href^="/"], link[href^="/"], img[src^="/"], form[action^="/"]').each((_, element) => {
        const url = $(element).attr('href') ?? $(element).attr('src') ?? $(element).attr('action') ?? '';
        expect(url.startsWith('/archive/'), `${file}: ${url}`).toBe(true);
      });
    }
  });

  test("a paper's keywords link to a search for them, under the base path", async () => {
    const $ = await page(archive, 'papers/2410.17243/index.html');
    const chips = $('section[aria-labelledby="keywords-heading"] a');
    expect(chips.map((_, a) => [[$(a).text(), $(a).attr('href')]]).get()).toEqual([
      ['contrastive loss', '/archive/search/?q=contrastive%20loss'],
      ['memory', '/archive/search/?q=memory'],
      ['batch size', '/archive/search/?q=batch%20size'],
    ]);
  });

  test('an alias redirects to the paper without JavaScript', async () => {
    const $ = await page(archive, 'papers/gap-days-are-skipped/index.html');
    expect($('meta[http-equiv="refresh"]').attr('content')).toBe('0; url=/archive/papers/2410.20003/');
    expect($('link[rel="canonical"]').attr('href')).toBe('https://example.org/archive/papers/2410.20003/');
    expect($('a').attr('href')).toBe('/archive/papers/2410.20003/');
  });
});

describe('untrusted listing text', () => {
  test('hostile title, abstract, authors, organisation, keywords and notes stay text', async () => {
    for (const file of ['papers/2410.20001/index.html', '2024/10/25/index.html', 'orgs/index.html', 'topics/language-models/index.html']) {
      const $ = await page(root, file);
      expect($('script:not([type="application/ld+json"])').length, file).toBe(0);
      expect($('iframe, h1 b, h2 b, h3 b, i').length, file).toBe(0);
      expect($('img').length, file).toBe(0);
      expect($('a[href^="javascript:" i]').length, file).toBe(0);
      $('*').each((_, element) => {
        for (const name of Object.keys($(element).attr() ?? {})) expect(name.startsWith('on'), `${file}: ${name}`).toBe(false);
      });
    }
    const $ = await page(root, 'papers/2410.20001/index.html');
    expect($('h1').text()).toContain("<script>alert('title')</script> & <b>bold</b>");
    expect($('.abstract').text()).toContain('</p><script>alert("abstract")</script>');
    expect($('.meta').text()).toContain("<img src=x onerror=alert('author')>");
    expect($('main').text()).toContain('Evil <i>Org</i> "Inc"');
  });

  test('notes render as Markdown under "Notes", keeping only safe links', async () => {
    const $ = await page(root, 'papers/2410.20001/index.html');
    const notes = $('section.notes');
    expect(notes.find('h2').text()).toBe('Notes');
    expect(notes.find('strong').text()).toBe('own');
    expect(notes.find('a').map((_, a) => $(a).attr('href')).get()).toEqual(['https://example.com/ok', '/papers/2410.17243/']);
    expect(notes.text()).toContain('bad link');
  });

  test('JSON-LD escapes "<" so no text can close the script element', async () => {
    const html = await read(root, 'papers/2410.20001/index.html');
    const $ = cheerio.load(html);
    const json = $('script[type="application/ld+json"]').text();
    expect(json).not.toContain('<');
    const data = JSON.parse(json);
    expect(data['@type']).toBe('ScholarlyArticle');
    expect(data.headline).toContain("<script>alert('title')</script>");
  });
});

describe('TeX', () => {
  test('math in titles and abstracts is rendered by KaTeX at build time; dollar amounts stay text', async () => {
    const $ = await page(root, 'papers/2410.20001/index.html');
    expect($('h1 .katex').length).toBeGreaterThan(0);
    expect($('.abstract .katex annotation').map((_, el) => $(el).text()).get()).toEqual(expect.arrayContaining(['^2', '\\mathcal{O}(n^2)']));
    expect($('.abstract').text()).toContain('12% accuracy');
    expect($('.abstract').text()).toContain('costs $5 and $10 per hour');
    expect($('script[src]').length).toBe(0);
  });

  test('KaTeX styles and fonts are served by the site itself', async () => {
    const $ = await page(archive, 'papers/2410.20001/index.html');
    const stylesheets = $('link[rel="stylesheet"]').map((_, el) => $(el).attr('href')).get();
    expect(stylesheets.every((href) => href.startsWith('/archive/'))).toBe(true);
    const css = (await Promise.all(stylesheets.map((href) => read(archive, href.replace('/archive/', ''))))).join('\n');
    expect(css).toContain('.katex');
    expect(css).not.toMatch(/url\((?:["']?)https?:/);
  });
});

describe('feeds and exports', () => {
  test.each(['rss.xml', 'topics/mixture-of-experts/rss.xml'])('%s is valid RSS with at most 50 base-aware items', async (feed) => {
    const xml = await read(archive, feed);
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = new XMLParser().parse(xml).rss.channel.item as { link: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(50);
    for (const item of items) expect(item.link).toMatch(/^https:\/\/example\.org\/archive\/papers\//);
  });

  test('robots.txt points at the sitemap under the base path', async () => {
    expect(await read(archive, 'robots.txt')).toContain('Sitemap: https://example.org/archive/sitemap-index.xml');
  });

  test('the JSON export lists every paper and each day', async () => {
    const papers = JSON.parse(await read(root, 'api/papers.json')) as { id: string; topics: string[]; date: string | null }[];
    expect(papers).toHaveLength(6 + GENERATED);
    expect(papers.find((paper) => paper.id === 'undated-paper-without-listing-date')?.date).toBeNull();
    expect(Object.keys(papers[0] ?? {}).sort()).toEqual(['date', 'id', 'published', 'title', 'topics', 'upvotes']);
    const day = JSON.parse(await read(root, 'api/days/2024-10-25.json'));
    expect(day.papers.map((paper: { id: string }) => paper.id)).toEqual(['2410.17243', '2410.20002', '2410.20001']);
  });
});

describe('topics', () => {
  test('a topics override wins over matching', async () => {
    const $ = await page(root, 'papers/2410.20002/index.html');
    expect($('ul.tags[aria-label="Topics"] a').map((_, a) => $(a).text()).get()).toEqual(['Vision']);
    const languageModels = await read(root, 'topics/language-models/index.html');
    expect(languageModels).not.toContain('/papers/2410.20002/');
  });

  test('a topic shows its newest papers with the description on its front page, older ones 50 a page counted from the oldest', async () => {
    const front = await page(root, 'topics/mixture-of-experts/index.html');
    const second = await page(root, 'topics/mixture-of-experts/2/index.html');
    const first = await page(root, 'topics/mixture-of-experts/1/index.html');
    // The generated papers and one hand-written paper.
    const total = GENERATED + 1;
    expect(front('ol.paper-list > li')).toHaveLength(total - 100);
    expect(second('ol.paper-list > li')).toHaveLength(50);
    expect(first('ol.paper-list > li')).toHaveLength(50);
    expect(front('main').text()).toContain('Sparse expert models.');
    expect(second('main').text()).not.toContain('Sparse expert models.');
    expect(front('a[rel="next"]').attr('href')).toBe('/topics/mixture-of-experts/2/');
    expect(second('a[rel="next"]').attr('href')).toBe('/topics/mixture-of-experts/1/');
    expect(first('a[rel="prev"]').attr('href')).toBe('/topics/mixture-of-experts/2/');
    expect(second('h1').text()).toBe('Mixture of experts, papers 51–100');
    const dates = [front, second, first].flatMap(($) => $('ol.paper-list time').map((_, el) => $(el).attr('datetime')).get());
    expect(dates).toHaveLength(total);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  test('the topic description is Markdown without raw HTML', async () => {
    const $ = await page(root, 'topics/language-models/index.html');
    expect($('main strong').text()).toBe('large language models');
    expect($('main script').length).toBe(0);
  });
});

describe('pages', () => {
  test('a day lists its papers ranked by upvotes with collapsed abstracts and no client script', async () => {
    const $ = await page(root, '2024/10/25/index.html');
    expect($('h1 time').attr('datetime')).toBe('2024-10-25');
    const titles = $('ol.paper-list h2 a').map((_, a) => $(a).attr('href')).get();
    expect(titles).toEqual(['/papers/2410.17243/', '/papers/2410.20002/', '/papers/2410.20001/']);
    expect($('.abstract-preview').length).toBe(3);
    expect($('main').text()).toContain('7 authors');
    expect($('script').length).toBe(0);
  });

  test('a day with 50 papers stays under 150 KB of HTML', async () => {
    const html = await read(root, `${BUSY_DAY.replaceAll('-', '/')}/index.html`);
    expect(cheerio.load(html)('ol.paper-list > li')).toHaveLength(50);
    const bytes = Buffer.byteLength(html);
    console.log(`day page with 50 papers: ${(bytes / 1024).toFixed(1)} KB of HTML`);
    expect(bytes).toBeLessThan(150 * 1024);
  });

  test('a paper page has its facts, links, BibTeX, related papers and same-day neighbours', async () => {
    const $ = await page(root, 'papers/2410.17243/index.html');
    const links = $('ul.links a').map((_, a) => $(a).attr('href')).get();
    expect(links).toEqual([
      'https://arxiv.org/abs/2410.17243',
      'https://arxiv.org/pdf/2410.17243',
      'https://huggingface.co/papers/2410.17243',
      'https://github.com/DAMO-NLP-SG/Inf-CLIP',
    ]);
    expect($('pre code').text()).toMatch(/^@misc\{cheng2024breaking,/);
    expect($('dl.facts time').map((_, el) => $(el).attr('datetime')).get()).toEqual(['2024-10-25', '2024-10-22']);
    expect($('a[rel="next"]').attr('href')).toBe('/papers/2410.20002/');
    expect($('#related-heading').length).toBe(1);
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
    expect($('meta[name="description"]').attr('content')).toContain('Contrastive loss');
  });

  test('a paper without a listing date says so and still appears on its organisation page', async () => {
    const $ = await page(root, 'papers/undated-paper-without-listing-date/index.html');
    expect($('dl.facts').text()).toContain('listing date unknown');
    const org = await read(root, 'orgs/damo-nlp-sg/index.html');
    expect(org).toContain('/papers/undated-paper-without-listing-date/');
    expect(org).toContain('listing date unknown');
  });

  test('the month is a calendar with linked and visibly empty days; the year lists twelve months', async () => {
    const $ = await page(root, '2024/10/index.html');
    expect($('table.calendar a[href="/2024/10/25/"] .count').text()).toBe('3');
    expect($('table.calendar td.empty').length).toBe(29);
    const $year = await page(root, '2024/index.html');
    expect($year('ul.month-list > li')).toHaveLength(12);
  });

  test('every page has one h1, a main landmark, a skip link and a description', async () => {
    for (const file of await htmlPages(root)) {
      const $ = cheerio.load(await read(root, file));
      expect($('h1'), file).toHaveLength(1);
      expect($('main'), file).toHaveLength(1);
      if ($('meta[http-equiv="refresh"]').length) continue;
      expect($('a.skip-link').attr('href'), file).toBe('#main');
      expect($('meta[name="description"]').attr('content')?.length, file).toBeGreaterThan(10);
      expect($('script:not([type="application/ld+json"])').length, file).toBe(0);
    }
  });
});

describe('digests', () => {
  const cardLinks = ($: cheerio.CheerioAPI, scope: ReturnType<cheerio.CheerioAPI>) =>
    scope.find('.paper-card h3 a').map((_, element) => $(element).attr('href')).get();

  test('each component renders the papers it names: <Paper>, <Day top>, <Topic limit>', async () => {
    const $ = await page(archive, 'digests/week-one/index.html');
    const embeds = $('article.digest .digest-embed');
    expect(cardLinks($, embeds.eq(0))).toEqual(['/archive/papers/2410.20001/']);
    // The day's two most upvoted papers, in rank order.
    expect(cardLinks($, embeds.eq(1))).toEqual(['/archive/papers/2410.17243/', '/archive/papers/2410.20002/']);
    expect(embeds.eq(1).find('a[href="/archive/2024/10/25/"]').length).toBe(1);
    // The topic's three newest papers (the generated bulk is the newest; on a day, the most upvoted first).
    const newest = [1, 2, 3].map((back) => `/archive/papers/2411.${10000 + GENERATED - back}/`);
    expect(cardLinks($, embeds.eq(2))).toEqual(newest);
    // A tag written as code is shown, not rendered.
    expect($('article.digest code').text()).toContain('<Paper id="not-a-paper" />');
  });

  test('front matter is escaped like any other text', async () => {
    const $ = await page(root, 'digests/week-one/index.html');
    expect($('h1').text()).toBe('Week one: memory, experts & <i>escapes</i>');
    expect($('h1 i').length).toBe(0);
    expect($('.paper-card h3').first().text()).toContain("<script>alert('title')</script>");
    expect($('article.digest script').length).toBe(0);
  });

  test('the list shows the digests newest first, 20 a page, linked, and the nav links to it', async () => {
    const hrefs = ($: cheerio.CheerioAPI) => $('.digest-list h2 a').map((_, element) => $(element).attr('href')).get();
    const first = await page(archive, 'digests/index.html');
    expect(hrefs(first)).toHaveLength(20);
    expect(hrefs(first).slice(0, 3)).toEqual(['/archive/digests/week-one/', '/archive/digests/older-notes/', '/archive/digests/generated-19/']);
    expect(first('a[rel="next"]').attr('href')).toBe('/archive/digests/2/');
    const second = await page(archive, 'digests/2/index.html');
    expect(hrefs(second)).toEqual(['/archive/digests/generated-1/', '/archive/digests/generated-0/']);
    expect(second('a[rel="prev"]').attr('href')).toBe('/archive/digests/');
    const home = await page(archive, 'index.html');
    expect(home('nav[aria-label="Main"] a:contains("Digests")').attr('href')).toBe('/archive/digests/');
  });

  test('"Discussed in" links each shown paper back to the digest, both ways', async () => {
    const $ = await page(archive, 'digests/week-one/index.html');
    const shown = new Set<string>(cardLinks($, $('article.digest')));
    expect(shown.size).toBe(6);
    for (const href of shown) {
      const paper = await page(archive, `${href.replace('/archive/', '')}index.html`);
      const backLinks = paper('#discussed-heading').parent().find('a').map((_, element) => paper(element).attr('href')).get();
      expect(backLinks, href).toContain('/archive/digests/week-one/');
    }
    // Mentioned by both digests: newest first.
    const both = await page(archive, 'papers/2410.17243/index.html');
    expect(both('#discussed-heading').parent().find('a').map((_, element) => both(element).attr('href')).get()).toEqual([
      '/archive/digests/week-one/',
      '/archive/digests/older-notes/',
    ]);
    const notMentioned = await page(archive, 'papers/2410.20003/index.html');
    expect(notMentioned('#discussed-heading').length).toBe(0);
  });

  test('the digests feed is valid RSS with base-aware links to the digests', async () => {
    const xml = await read(archive, 'digests/rss.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = new XMLParser().parse(xml).rss.channel.item as { link: string; title: string }[];
    expect(items.map((item) => item.link).slice(0, 2)).toEqual([
      'https://example.org/archive/digests/week-one/',
      'https://example.org/archive/digests/older-notes/',
    ]);
    expect(items).toHaveLength(2 + GENERATED_DIGESTS);
  });

  test('search finds a digest as a digest, by its own words, not as a paper', async () => {
    const fragments = await readFragments(path.join(archive.outDir, 'search-index'));
    const digest = fragments.find((fragment) => fragment.url === '/archive/digests/week-one/');
    expect(digest?.filters).toEqual({ kind: ['digest'], year: ['2024'] });
    expect(digest?.meta.kind).toBe('digest');
    expect(digest?.content).toContain('quokka');
    expect(fragments.find((fragment) => fragment.url === '/archive/papers/2410.17243/')?.filters.kind).toEqual(['paper']);
  });

  test('an .mdx topic description renders its components', async () => {
    const $ = await page(archive, 'topics/physics/index.html');
    expect($('main .digest-embed .paper-card h3 a').attr('href')).toBe('/archive/papers/hep-th/9901001/');
  });
});

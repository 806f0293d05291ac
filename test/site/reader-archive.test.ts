/**
 * A reader's own archive from a fresh clone: `npm run new`, the seed snapshots
 * imported into it, built. Its topics come from the default taxonomy, its name
 * from its site.yaml. Beside it, an archive written by an import alone (no
 * topics/, no site.yaml) builds with the bundled taxonomy and says so.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSite, projectRoot, type BuildResult } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const seeds = ['000_48cbe51526d07668.txt', '001_9cde5d2c2920943e.txt', '002_ecd92f54ff281733.txt', '003_1553c6def254654a.txt'].map((name) =>
  path.join(projectRoot, 'test/fixtures/seeds', name),
);
const TITLE = 'Kestrel & Co. "Reading" Notes';
const URL_SETTING = 'https://kestrel.example/notes/';
const HOSTILE_TITLE = 'Tools & <b>Tags</b>: 100% of "quoted" #1 snake_case';

function npmScript(script: string, args: string[]): string {
  const run = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', script), ...args], { cwd: projectRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${run.status}: ${run.stdout}${run.stderr}`);
  return run.stdout;
}

let own: BuildResult;
let importedOnly: BuildResult;
let ownDir: string;
let twicePaper: string;
let hostilePaper: string;

beforeAll(async () => {
  const parent = await makeTempDir('reader-archive-');
  ownDir = path.join(parent, 'my-archive');
  npmScript('new.ts', [ownDir]);
  await writeFile(path.join(ownDir, 'site.yaml'), `title: ${JSON.stringify(TITLE)}\ndescription: "My own notes on papers."\nurl: "${URL_SETTING}"\n`);
  npmScript('import.ts', ['--content', ownDir, '--as-of', '2026-06-30', ...seeds]);
  const papers = (await readdir(path.join(ownDir, 'papers'))).filter((name) => name.endsWith('.md')).sort();
  twicePaper = papers[0]!.replace(/\.md$/, '');
  hostilePaper = papers[1]!.replace(/\.md$/, '');
  const hostileFile = path.join(ownDir, 'papers', papers[1]!);
  const text = await readFile(hostileFile, 'utf8');
  await writeFile(hostileFile, text.replace(/^title: .*$/m, `title: ${JSON.stringify(HOSTILE_TITLE)}`));
  await writeFile(
    path.join(ownDir, 'digests', 'twice.mdx'),
    ['---', 'title: "One paper, twice"', 'date: "2026-06-20"', 'authors: [Me]', 'summary: "Shown at the start and again at the end."', '---', '', `<Paper id="${twicePaper}" />`, '', 'And again:', '', `<Paper id="${twicePaper}" />`, ''].join('\n'),
  );
  // SITE_URL empty: the url of site.yaml applies.
  own = await buildSite({ contentDir: ownDir, env: { SITE_URL: '' } });
  expect(own.exitCode, own.output).toBe(0);

  const importedDir = path.join(parent, 'imported-only');
  npmScript('import.ts', ['--content', importedDir, '--as-of', '2026-06-30', seeds[0]!]);
  importedOnly = await buildSite({ contentDir: importedDir });
  expect(importedOnly.exitCode, importedOnly.output).toBe(0);
}, 900_000);

afterAll(async () => {
  await Promise.all([own?.dispose(), importedOnly?.dispose()]);
});

const page = async (build: BuildResult, file: string) => cheerio.load(await readFile(path.join(build.outDir, file), 'utf8'));

/** Topics of the topics index that list at least one paper. */
async function topicsWithPapers(build: BuildResult): Promise<string[]> {
  const $ = await page(build, 'topics/index.html');
  const slugs = $('main a[href^="/topics/"]')
    .map((_, link) => $(link).attr('href')!)
    .get()
    .filter((href) => /^\/topics\/[^/]+\/$/.test(href));
  const withPapers: string[] = [];
  for (const href of new Set(slugs)) {
    const topic = await page(build, `${href.slice(1)}index.html`);
    if (topic('article.paper-card').length > 0) withPapers.push(href);
  }
  return withPapers;
}

describe('an archive made with npm run new', () => {
  test('has the default taxonomy, and at least ten of its topics have papers', async () => {
    const bundled = (await readdir(path.join(projectRoot, 'content/topics'))).sort();
    expect((await readdir(path.join(ownDir, 'topics'))).sort()).toEqual(bundled);
    expect((await topicsWithPapers(own)).length).toBeGreaterThanOrEqual(10);
    expect(own.output).not.toMatch(/topics\/?" does not exist|\[topics\]/);
  });

  test('its pages and feed are named by its site.yaml, and its URL is the canonical one', async () => {
    const home = await page(own, 'index.html');
    expect(home('h1').text()).toBe(TITLE);
    expect(home('title').text()).toBe(TITLE);
    expect(home('meta[name="description"]').attr('content')).toBe('My own notes on papers.');
    expect(home('.site-name').text()).toBe(TITLE);
    expect(home('link[rel="canonical"]').attr('href')).toBe(URL_SETTING.replace(/\/notes\/$/, '/'));
    const paper = await page(own, `papers/${twicePaper}/index.html`);
    expect(paper('title').text()).toMatch(new RegExp(` · ${TITLE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(paper('meta[property="og:site_name"]').attr('content')).toBe(TITLE);
    const feed = await readFile(path.join(own.outDir, 'rss.xml'), 'utf8');
    // Feed text is escaped as HTML inside the XML (a reader may take a title as HTML): "&" is "&amp;amp;" here.
    expect(feed).toContain('<title>Kestrel &amp;amp; Co. &quot;Reading&quot; Notes</title>');
    expect(feed).not.toContain('Daily Papers Archive');
    const topicFeed = await readFile(path.join(own.outDir, 'topics/agents/rss.xml'), 'utf8');
    expect(topicFeed).toContain('<title>Kestrel &amp;amp; Co. &quot;Reading&quot; Notes: ');
    for (const file of ['index.html', 'topics/index.html', 'digests/twice/index.html']) {
      expect(await readFile(path.join(own.outDir, file), 'utf8')).not.toContain('Daily Papers Archive');
    }
  });

  test('a paper page carries escaped citation meta tags and BibTeX', async () => {
    const html = await readFile(path.join(own.outDir, `papers/${hostilePaper}/index.html`), 'utf8');
    const $ = cheerio.load(html);
    expect($('b')).toHaveLength(0);
    expect($('meta[name="citation_title"]').attr('content')).toBe(HOSTILE_TITLE);
    const authors = JSON.parse($('script[type="application/ld+json"]').text()).author ?? [];
    expect($('meta[name="citation_author"]').map((_, meta) => $(meta).attr('content')).get()).toEqual(authors.map((author: { name: string }) => author.name));
    expect($('meta[name="citation_publication_date"]').attr('content')).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    expect($('meta[property="og:title"]').attr('content')).toBe(HOSTILE_TITLE);
    const bib = $('pre code').text();
    expect(bib).toContain('title = {{Tools \\& <b>Tags</b>: 100\\% of "quoted" \\#1 snake\\_case}}');
  });

  test('a digest showing one paper twice repeats no id, and both cards link to the paper', async () => {
    const $ = await page(own, 'digests/twice/index.html');
    const ids = $('[id]').map((_, element) => $(element).attr('id')).get();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    // Every in-page reference names an id that is there.
    const references = $('[aria-describedby], [aria-labelledby], a[href^="#"]')
      .map((_, element) => $(element).attr('aria-describedby') ?? $(element).attr('aria-labelledby') ?? $(element).attr('href')!.slice(1))
      .get();
    for (const reference of references) expect(ids).toContain(reference);
    const cards = $('.digest-embed article.paper-card');
    expect(cards).toHaveLength(2);
    cards.each((_, card) => {
      expect($(card).find(`a[href="/papers/${twicePaper}/"]`).length).toBe(1);
    });
  });
});

describe('an archive written by an import alone', () => {
  test('uses the bundled taxonomy, and the build says so', async () => {
    expect(importedOnly.output).toMatch(/\[topics\] .*imported-only\/topics does not exist: using the default taxonomy/);
    expect(importedOnly.output).not.toMatch(/topics\/?" does not exist/);
    expect((await topicsWithPapers(importedOnly)).length).toBeGreaterThan(0);
    const $ = await page(importedOnly, 'index.html');
    expect($('h1').text()).toBe('Daily Papers Archive');
  });
});

/**
 * The hand-written fixture plus hostile entries already on disk: markup in listing text, control characters,
 * an impossible date, a field of the wrong type. Built once; then a topic and a day are deleted and the same output rebuilt, which must come
 * out as a fresh build of what is left. Its feeds are read the way a feed reader reads them: as HTML, in Chromium.
 */
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { launchChromium, runBrowserTests } from '../browser/chromium.ts';
import { fixtureContent } from './fixture.ts';

const MARKUP_TITLE = `Sneaky <img src=x onerror="window.pwned='title'"> & <a href="javascript:window.pwned='a'">link</a> "quoted" title`;
const MARKUP_ABSTRACT = `We show <img src=x onerror="window.pwned='abstract'"> and <script>window.pwned='script'</script> a <a href="javascript:window.pwned='link'">link</a>; &amp; stays &amp; and 3 < 4 > 2.`;
const DIGEST_TITLE = `Digest <b>bold</b> <svg onload="window.pwned='svg'"></svg>`;
const TOPIC_TITLE = `Hostile <i>topic</i> <img src=x onerror="window.pwned='topic'">`;

/** A paper file as the ingest writes it; `extra` front matter lines are added as they are. */
function paper(id: string, title: string, abstract: string, extra: string[] = []): string {
  return ['---', `id: "${id}"`, `title: ${title}`, 'date: "2024-10-25"', 'authors: ["Eve <script>x</script> O\'Neil"]', `arxiv: "${id}"`, ...extra, '---', abstract, ''].join('\n');
}

async function hostileArchive(): Promise<string> {
  const dir = path.join(await makeTempDir('site-hostile-'), 'content');
  await cp(fixtureContent, dir, { recursive: true });
  const write = (file: string, text: string) => writeFile(path.join(dir, file), text);
  await write('papers/2410.99001.md', paper('2410.99001', JSON.stringify(MARKUP_TITLE), MARKUP_ABSTRACT, ['topics: [hostile, language-models]']));
  // A raw control character in the title, another in the abstract.
  await write('papers/2410.99002.md', paper('2410.99002', '"Raw\u0001 control title"', 'An abstract with a bell\u0007 in it.'));
  // One spelled as a YAML escape, which the parser turns into the character.
  await write('papers/2410.99003.md', paper('2410.99003', '"Escaped\\x01 control title"', 'Plain abstract.', ['keywords: ["odd\\x02keyword"]']));
  await write('papers/2410.99004.md', paper('2410.99004', '"A paper of a day the calendar lacks"', 'Plain abstract.').replace('2024-10-25', '2026-02-30'));
  await write('papers/broken-upvotes.md', '---\nid: "broken-upvotes"\ntitle: "Broken"\ndate: "2024-10-25"\nupvotes: "many"\n---\nText.\n');
  await write('topics/hostile.md', `---\ntitle: ${JSON.stringify(TOPIC_TITLE)}\nterms: [sneaky]\n---\nA topic that is deleted before the rebuild.\n`);
  await write(
    'digests/hostile.mdx',
    `---\ntitle: ${JSON.stringify(DIGEST_TITLE)}\ndate: "2024-10-29"\nauthors: ["Mallory <b>M</b>"]\nsummary: "A summary with <img src=x onerror=\\"window.pwned='summary'\\"> and a bell\\x07."\n---\n\nPlain words.\n`,
  );
  // A day with a paper of its own, both deleted before the rebuild.
  await write('papers/2410.99005.md', paper('2410.99005', '"A paper of a day that goes"', 'Plain abstract.').replace('2024-10-25', '2024-10-31'));
  await write('days/2024-10-31.md', '---\ndate: "2024-10-31"\npapers: ["2410.99005"]\n---\n');
  return dir;
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

let contentDir: string;
/** The first build: its output, as it was before the rebuild wrote over it. */
let first: { outDir: string; output: string };
let firstBuild: BuildResult;
let rebuilt: BuildResult;
let fresh: BuildResult;

beforeAll(async () => {
  contentDir = await hostileArchive();
  firstBuild = await buildSite({ contentDir });
  expect(firstBuild.exitCode, firstBuild.output).toBe(0);
  first = { outDir: path.join(path.dirname(contentDir), 'first-output'), output: firstBuild.output };
  await cp(firstBuild.outDir, first.outDir, { recursive: true });
  // The rebuild writes over the first build's output with its cache, as `npm run build` does day after day.
  const cacheDir = path.join(path.dirname(firstBuild.outDir), 'cache');
  await Promise.all(['topics/hostile.md', 'days/2024-10-31.md', 'papers/2410.99005.md'].map((file) => rm(path.join(contentDir, file))));
  await writeFile(
    path.join(contentDir, 'papers/2410.99001.md'),
    paper('2410.99001', JSON.stringify(MARKUP_TITLE), MARKUP_ABSTRACT, ['topics: [language-models]']),
  );
  rebuilt = await buildSite({ contentDir, env: { OUT_DIR: firstBuild.outDir, ASTRO_CACHE_DIR: cacheDir } });
  expect(rebuilt.exitCode, rebuilt.output).toBe(0);
  fresh = await buildSite({ contentDir });
  expect(fresh.exitCode, fresh.output).toBe(0);
}, 900_000);

afterAll(async () => {
  await Promise.all([firstBuild?.dispose(), rebuilt?.dispose(), fresh?.dispose(), contentDir && rm(path.dirname(contentDir), { recursive: true, force: true })]);
});

const read = (build: { outDir: string }, file: string) => readFile(path.join(build.outDir, file), 'utf8');

async function feeds(build: { outDir: string }): Promise<string[]> {
  return (await filesBelow(build.outDir)).filter((file) => file.endsWith('rss.xml'));
}

describe('a rebuild after content was deleted', () => {
  test('leaves exactly the files of a fresh build of what is left, feeds and JSON included, byte for byte', async () => {
    const files = await filesBelow(rebuilt.outDir);
    expect(files).not.toContain('topics/hostile/rss.xml');
    expect(files).toEqual(await filesBelow(fresh.outDir));
    const differing: string[] = [];
    for (const file of files) {
      if (!(await readFile(path.join(rebuilt.outDir, file))).equals(await readFile(path.join(fresh.outDir, file)))) differing.push(file);
    }
    expect(differing).toEqual([]);
  });
});

describe('content with control characters and impossible dates', () => {
  test('one paper with a day the calendar lacks is left out, named with its field; the rest is built', async () => {
    expect(first.output).toMatch(/2410\.99004\.md: left out of the site: .*"2026-02-30".*date/);
    const files = await filesBelow(first.outDir);
    expect(files).not.toContain('papers/2410.99004/index.html');
    expect(files).toEqual(expect.arrayContaining(['index.html', 'papers/2410.99001/index.html', 'papers/2410.99002/index.html', 'rss.xml']));
  });

  test('a paper with a bad field is left out, named with the field; the rest of the site is built', async () => {
    expect(first.output).toContain(`${path.join('papers', 'broken-upvotes.md')}: left out of the site`);
    expect(first.output).toMatch(/broken-upvotes\.md: left out of the site: .*upvotes/);
    const files = await filesBelow(first.outDir);
    expect(files).not.toContain('papers/broken-upvotes/index.html');
    expect(files).toContain('index.html');
  });

  test('control characters are removed, each file that had them named in a warning', async () => {
    for (const file of ['2410.99002.md', '2410.99003.md', 'hostile.mdx']) expect(first.output).toMatch(new RegExp(`${file.replace('.', '\\.')}: \\d+ control character`));
    expect(await read(first, 'papers/2410.99002/index.html')).toContain('Raw control title');
    expect(await read(first, 'papers/2410.99003/index.html')).toContain('Escaped control title');
  });

  test('every feed is well-formed XML and no file of the site holds a control character', async () => {
    const feedFiles = await feeds(first);
    expect(feedFiles).toEqual(expect.arrayContaining(['rss.xml', 'digests/rss.xml', 'topics/hostile/rss.xml', 'topics/language-models/rss.xml']));
    for (const feed of feedFiles) expect(XMLValidator.validate(await read(first, feed)), feed).toBe(true);
    const holding: string[] = [];
    for (const file of await filesBelow(first.outDir)) {
      if (!/\.(html|xml|json|txt)$/.test(file)) continue;
      // eslint-disable-next-line no-control-regex -- looking for control characters
      if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(await read(first, file))) holding.push(file);
    }
    expect(holding).toEqual([]);
  });
});

describe.skipIf(!runBrowserTests)('the feeds in a feed reader that shows titles and descriptions as HTML', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  interface Rendered {
    where: string;
    /** The tags of the elements the HTML made. */
    elements: string[];
    text: string;
  }

  /** Each title and description of `xml`, decoded as XML and then rendered as HTML, as a reader does. */
  async function renderFeed(xml: string): Promise<{ rendered: Rendered[]; pwned: unknown }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!doctype html><body></body>');
    const rendered = await page.evaluate(async (source) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      if (doc.querySelector('parsererror')) throw new Error('not well-formed XML');
      const fields = [...doc.querySelectorAll('channel > title, channel > description, item > title, item > description')];
      const out = fields.map((field, index) => {
        const holder = document.createElement('div');
        document.body.append(holder);
        holder.innerHTML = field.textContent ?? '';
        return { where: `${field.parentElement!.tagName} ${index} ${field.tagName}`, elements: [...holder.querySelectorAll('*')].map((element) => element.tagName), text: holder.textContent ?? '' };
      });
      // An image's onerror runs once the image failed to load: a moment for any handler to fire.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return out;
    }, xml);
    const pwned = await page.evaluate(() => (window as { pwned?: unknown }).pwned);
    await context.close();
    return { rendered, pwned };
  }

  test('no feed makes an element or runs a script from listing text, and the text reads as written', async () => {
    const texts: string[] = [];
    for (const feed of await feeds(first)) {
      const { rendered, pwned } = await renderFeed(await read(first, feed));
      expect(pwned, feed).toBeUndefined();
      for (const field of rendered) expect(field.elements, `${feed}: ${field.where}`).toEqual([]);
      texts.push(...rendered.map((field) => field.text));
    }
    expect(texts).toEqual(expect.arrayContaining([MARKUP_TITLE, MARKUP_ABSTRACT, DIGEST_TITLE, `Daily Papers Archive: ${TOPIC_TITLE}`]));
  });
});

test('the feeds keep their items: the hostile paper is in the main and topic feeds', async () => {
  // One item parses as an object, several as an array.
  const items = (xml: string) => [new XMLParser().parse(xml).rss.channel.item].flat() as { link: string }[];
  expect(items(await read(first, 'rss.xml')).map((item) => item.link)).toContain('https://example.org/papers/2410.99001/');
  expect(items(await read(first, 'topics/hostile/rss.xml')).map((item) => item.link)).toContain('https://example.org/papers/2410.99001/');
});

/**
 * The search page in a real browser, on the fixture archive built at the site
 * root and under a base path, served by a local static server, and by the
 * hosts a user would put it on: `npm run preview` and a server that labels
 * `.gz` files `Content-Encoding: gzip` (the browser then decodes them itself).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { sharedBuild, type SharedBuild } from '../helpers/shared-builds.ts';
import { launchChromium, runBrowserTests } from './chromium.ts';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { startAstroPreview } from './astro-preview.ts';

/** The fixture's papers that mention "diffusion", most upvoted first. */
const DIFFUSION_BY_UPVOTES = [
  'Robot Grasping with Diffusion Policies',
  'Video Diffusion with Temporal Attention',
  'Language Model Diffusion for Text Generation',
  'Diffusion Models for Image Synthesis of Zebrafish Embryos',
  'Diffusion Transformers at Scale',
];

interface Session {
  /** The server the page was opened on. */
  origin: string;
  context: BrowserContext;
  page: Page;
  /** Every http(s) request the page or its workers made. */
  requests: string[];
  errors: string[];
  /** Errors a test expects the page to log. */
  expectedErrors?: RegExp;
}

/** The search page's tests on the fixture built with BASE_PATH `base`; one test file per base path, so the two run side by side. */
export function searchInChromium(base: '/' | '/archive/'): void {
  describe.skipIf(!runBrowserTests)(`search in Chromium, base path ${base}`, () => {
    let browser: Browser;
    let server: StaticServer;
    let build: SharedBuild | undefined;
    let sessions: Session[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      build = await sharedBuild(base === '/' ? 'search-root' : 'search-archive');
      expect(build.exitCode, build.output).toBe(0);
      server = await serveStatic(build.outDir, { base });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /**
     * `setUp`: routes of a test's own, before the page opens; `expectedErrors`: what it expects the page to log;
     * `origin`: another server of the same build than the static server.
     */
    async function open(
      pathAndQuery: string,
      options: {
        javaScriptEnabled?: boolean;
        setUp?: (context: BrowserContext) => Promise<unknown>;
        expectedErrors?: RegExp;
        origin?: string;
        viewport?: { width: number; height: number };
      } = {},
    ): Promise<Page> {
      const origin = options.origin ?? server.origin;
      const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, ...(options.viewport && { viewport: options.viewport }) });
      await options.setUp?.(context);
      const session: Session = { origin, context, page: await context.newPage(), requests: [], errors: [], expectedErrors: options.expectedErrors };
      context.on('request', (request) => session.requests.push(request.url()));
      // Nothing may leave the site; should something try, fail fast instead of waiting on the network.
      await context.route(
        (url) => !url.href.startsWith(`${origin}/`),
        (route) => route.abort('blockedbyclient'),
      );
      session.page.on('pageerror', (error) => session.errors.push(`page error: ${error.message}`));
      session.page.on('console', (message) => {
        if (message.type() === 'error') {
          session.errors.push(`console: ${message.text()} (${message.location().url})`);
        }
      });
      sessions.push(session);
      await session.page.goto(`${origin}${base}${pathAndQuery}`);
      return session.page;
    }

    afterEach(async () => {
      const finished = sessions;
      sessions = [];
      for (const session of finished) await session.context.close();
      for (const session of finished) {
        expect(session.errors.filter((error) => !session.expectedErrors?.test(error))).toEqual([]);
        const foreign = session.requests.filter((url) => /^https?:/.test(url) && !url.startsWith(`${session.origin}/`));
        expect(foreign).toEqual([]);
        // The recording saw the page's own requests, so an empty `foreign` list means something.
        expect(session.requests.length).toBeGreaterThan(0);
      }
    });

    async function statusReads(page: Page, text: string): Promise<void> {
      await page.waitForFunction((expected) => document.querySelector('#search-status')?.textContent === expected, text);
    }

    const titles = (page: Page) => page.locator('#search-results h3').allTextContents();

    const hosts: [string, () => Promise<{ origin: string; close: () => Promise<void> }>][] = [
      ['the project’s static server', () => serveStatic(build!.outDir, { base })],
      ['a server that labels .gz files Content-Encoding: gzip', () => serveStatic(build!.outDir, { base, gzipEncoding: true })],
      ['npm run preview (astro preview)', () => startAstroPreview(build!.outDir, base)],
    ];

    test.each(hosts)('served by %s, a search finds its papers, with excerpts, filters and the upvotes sort', async (_, start) => {
      const host = await start();
      try {
        const page = await open('search/?q=narwhal', { origin: host.origin });
        await statusReads(page, '1 paper found for “narwhal”.');
        expect(await titles(page)).toEqual(['Robot Grasping with Diffusion Policies']);
        expect(await page.locator('#search-results h3 a').getAttribute('href')).toBe(`${base}papers/2404.00004/`);
        expect(await page.locator('#search-results mark').allTextContents()).toContain('narwhal');
        // The filter columns and the upvotes column are files of their own.
        const sorted = await open('search/?q=diffusion&sort=upvotes', { origin: host.origin });
        await statusReads(sorted, '5 papers found for “diffusion”.');
        await expect.poll(() => titles(sorted)).toEqual(DIFFUSION_BY_UPVOTES);
        await sorted.getByRole('checkbox', { name: 'Computer Vision (2)' }).waitFor();
      } finally {
        // The pages first: their open connections would keep the server from closing.
        for (const session of sessions) await session.context.close();
        await host.close();
      }
    });

    test('a word that appears in only one abstract finds that paper, linked under the base path', async () => {
      const page = await open('search/');
      await page.fill('#search-query', 'narwhal');
      await page.press('#search-query', 'Enter');
      await statusReads(page, '1 paper found for “narwhal”.');
      expect(await titles(page)).toEqual(['Robot Grasping with Diffusion Policies']);
      expect(new URL(page.url()).search).toBe('?q=narwhal');
      expect(await page.locator('#search-results mark').allTextContents()).toContain('narwhal');
      const meta = await page.locator('#search-results .meta').textContent();
      expect(meta).toContain('2024-04-10');
      expect(meta).toContain('Stanford');
      expect(meta).toContain('150 upvotes');
      const link = page.locator('#search-results h3 a');
      expect(await link.getAttribute('href')).toBe(`${base}papers/2404.00004/`);
      const [response] = await Promise.all([page.waitForEvent('response', (r) => r.url().endsWith('/papers/2404.00004/')), link.click()]);
      expect(response.status()).toBe(200);
    });

    test('a digest is found as a digest: marked in the results and chosen by the Type filter', async () => {
      const page = await open('search/?q=platypus');
      await page.waitForSelector('#search-results h3');
      expect(await titles(page)).toEqual(['Platypus reading notes']);
      expect(await page.locator('#search-results .meta').textContent()).toContain('Digest');
      expect(await page.locator('#search-results h3 a').getAttribute('href')).toBe(`${base}digests/platypus-notes/`);
      const digests = page.getByRole('checkbox', { name: 'Digests (1)' });
      await digests.check();
      await statusReads(page, '1 digest found for “platypus” with the chosen filters.');
      expect(new URL(page.url()).search).toBe('?q=platypus&kind=digest');
      const papersOnly = await open('search/?q=platypus&kind=paper');
      await statusReads(papersOnly, 'No papers found for “platypus” with the chosen filters.');
      expect(await papersOnly.locator('#search-empty').textContent()).toContain('untick the filter Type “Papers”.');
    });

    test('words only in a person’s notes are not indexed, and no match says so', async () => {
      const page = await open('search/?q=lemming');
      await statusReads(page, 'No papers found for “lemming”.');
      expect(await page.locator('#search-empty').isVisible()).toBe(true);
      // No filter is set, so the advice says nothing of filters.
      expect(await page.locator('#search-empty').textContent()).toBe('Nothing matched. Check the spelling, or use fewer or more general words.');
      expect(await titles(page)).toEqual([]);
    });

    test('a topic filter narrows the results; counts stay honest and the keyboard keeps its place', async () => {
      const page = await open('search/?q=diffusion');
      await statusReads(page, '5 papers found for “diffusion”.');
      const vision = page.getByRole('checkbox', { name: 'Computer Vision (2)' });
      await vision.focus();
      await page.keyboard.press('Space');
      await statusReads(page, '2 papers found for “diffusion” with the chosen filters.');
      expect((await titles(page)).sort()).toEqual(['Diffusion Models for Image Synthesis of Zebrafish Embryos', 'Video Diffusion with Temporal Attention']);
      expect(new URL(page.url()).searchParams.getAll('topic')).toEqual(['Computer Vision']);
      // Re-rendering the facets leaves focus on the box just ticked.
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Computer Vision');
      // Values of the same facet widen the search, so their counts ignore the facet's own choice.
      await page.getByRole('checkbox', { name: 'Robotics (1)' }).check();
      await statusReads(page, '3 papers found for “diffusion” with the chosen filters.');
      // Another facet narrows what is left.
      await page.getByRole('checkbox', { name: 'Meta (1)' }).check();
      await statusReads(page, '1 paper found for “diffusion” with the chosen filters.');
      expect(await titles(page)).toEqual(['Diffusion Models for Image Synthesis of Zebrafish Embryos']);
    });

    test('sorting by upvotes orders the results, newest by date', async () => {
      const page = await open('search/?q=diffusion');
      await statusReads(page, '5 papers found for “diffusion”.');
      await page.selectOption('#search-sort', 'upvotes');
      await expect.poll(() => titles(page)).toEqual(DIFFUSION_BY_UPVOTES);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('upvotes');
      await page.selectOption('#search-sort', 'newest');
      await expect.poll(() => page.locator('#search-results time').allTextContents()).toEqual([
        '2024-04-10',
        '2024-03-05',
        '2024-02-20',
        '2024-01-15',
        '2023-10-10',
      ]);
    });

    test('long result lists come in pages; "Show more" continues where the keyboard left off', async () => {
      const page = await open('search/?q=gazetteer');
      await statusReads(page, '21 papers found for “gazetteer”.');
      expect(await page.locator('#search-results > li').count()).toBe(20);
      await page.focus('#search-more');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#search-results > li').count()).toBe(21);
      expect(await page.locator('#search-more').isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.closest('li') === document.querySelector('#search-results > li:last-child'))).toBe(true);
    });

    test('opening a link with query, filter and sort runs that search at once', async () => {
      const page = await open('search/?q=diffusion&topic=Computer+Vision&sort=upvotes');
      await statusReads(page, '2 papers found for “diffusion” with the chosen filters.');
      expect(await titles(page)).toEqual(['Video Diffusion with Temporal Attention', 'Diffusion Models for Image Synthesis of Zebrafish Embryos']);
      expect(await page.inputValue('#search-query')).toBe('diffusion');
      expect(await page.inputValue('#search-sort')).toBe('upvotes');
      expect(await page.getByRole('checkbox', { name: /^Computer Vision/ }).isChecked()).toBe(true);
      expect(await page.title()).toContain('“diffusion”');
    });

    test('back and forward restore query, filters and sort', async () => {
      const page = await open('search/');
      await page.fill('#search-query', 'diffusion');
      await page.press('#search-query', 'Enter');
      await statusReads(page, '5 papers found for “diffusion”.');
      await page.getByRole('checkbox', { name: 'Computer Vision (2)' }).check();
      await statusReads(page, '2 papers found for “diffusion” with the chosen filters.');
      await page.selectOption('#search-sort', 'upvotes');
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('upvotes');

      await page.goBack();
      await expect.poll(() => page.inputValue('#search-sort')).toBe('relevance');
      expect(await page.getByRole('checkbox', { name: /^Computer Vision/ }).isChecked()).toBe(true);
      await page.goBack();
      await statusReads(page, '5 papers found for “diffusion”.');
      expect(await page.getByRole('checkbox', { name: /^Computer Vision/ }).isChecked()).toBe(false);
      await page.goBack();
      await expect.poll(() => page.inputValue('#search-query')).toBe('');
      await page.goForward();
      await statusReads(page, '5 papers found for “diffusion”.');
      await page.goForward();
      await statusReads(page, '2 papers found for “diffusion” with the chosen filters.');
      expect(await page.inputValue('#search-query')).toBe('diffusion');
    });

    test('a first query fetches nothing before its words’ term shards, and at most one fragment file per shown result', async () => {
      const page = await open('search/?q=gazetteer');
      await statusReads(page, '21 papers found for “gazetteer”.');
      await page.waitForSelector('#search-facets fieldset');
      const fetched = sessions.at(-1)!.requests.map((url) => new URL(url).pathname.slice(base.length));
      // The manifest and the page script come inside the page: no round trip before the shards.
      expect(fetched.filter((file) => file.endsWith('manifest.json.gz') || file.endsWith('.js'))).toEqual([]);
      expect(await page.locator('script[type="module"]:not([src])').count()).toBe(1);
      // Both in the head, the script after the manifest and `async`: it asks for the shards before the body is parsed.
      expect(await page.locator('head #search-manifest + script[type="module"][async]:not([src])').count()).toBe(1);
      expect(fetched.filter((file) => file.startsWith('search-index/t/')).length).toBeGreaterThan(0);
      expect(fetched.filter((file) => file.startsWith('search-index/f/')).length).toBeLessThanOrEqual(20);
    });

    test('a search whose term shards cannot be fetched says so instead of loading forever', async () => {
      const page = await open('search/?q=gazetteer', {
        setUp: (context) => context.route(/\/search-index\/t\//, (route) => route.abort('failed')),
        expectedErrors: /ERR_FAILED|search: the search failed/,
      });
      await statusReads(page, 'The search failed. Reload the page to try again.');
      expect(await page.locator('#search-results li').count()).toBe(0);
    });

    test('a page whose manifest is damaged says search is unavailable', async () => {
      const page = await open('search/?q=gazetteer', {
        setUp: (context) =>
          context.route(/\/search\/\?q=/, async (route) => {
            const response = await route.fetch();
            const html = (await response.text()).replace(/(<script id="search-manifest" type="application\/json">)\{/, '$1{{');
            await route.fulfill({ response, body: html });
          }),
        expectedErrors: /search: could not load the search index/,
      });
      await statusReads(page, 'Search is unavailable: the search index could not be loaded. It is built by “npm run build”.');
    });

    test('titles and abstracts from the index are shown as text, never run as markup', async () => {
      const page = await open('search/?q=wombat');
      await statusReads(page, '1 paper found for “wombat”.');
      expect(await titles(page)).toEqual(['<img src=x onerror="window.__pwned=1"> Hostile <b>Title</b>']);
      expect(await page.locator('#search-results img, #search-results b, #search-results script, #search-results i').count()).toBe(0);
      expect(await page.locator('#search-results .search-excerpt').textContent()).toContain('<script>window.__pwned = 2</script>');
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    });

    /** A phone's screen and a laptop's. */
    const PHONE = { width: 390, height: 844 };
    const LAPTOP = { width: 1280, height: 720 };

    /**
     * Sums the page's layout shifts from its first paint on, as Chrome's CLS does (shifts right after the reader's
     * own input excluded); the index files come a little late, as over a network, so the results arrive after the
     * page is drawn.
     */
    async function measureLayoutShift(context: BrowserContext): Promise<void> {
      await context.addInitScript(() => {
        const page = window as { layoutShift?: number };
        page.layoutShift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) page.layoutShift! += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await context.route(/\/search-index\//, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 80));
        await route.continue();
      });
    }

    test.each([
      ['a phone', PHONE],
      ['a laptop', LAPTOP],
    ])('on %s, nothing on the page moves while the results and filters arrive', async (_, viewport) => {
      const page = await open('search/?q=diffusion', { viewport, setUp: measureLayoutShift });
      await statusReads(page, '5 papers found for “diffusion”.');
      await page.waitForSelector('#search-facets fieldset', { state: 'attached' });
      await expect.poll(() => page.locator('#search-results > li').count()).toBe(5);
      // Shifts are reported after the frame that made them.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      // Chrome's "good" CLS is under 0.1; the page aims at half that.
      expect(await page.evaluate(() => (window as { layoutShift?: number }).layoutShift)).toBeLessThan(0.05);
    });

    test('on a phone the first result is in view without scrolling; the filters fold behind a toggle that counts them', async () => {
      const page = await open('search/?q=diffusion&topic=Computer+Vision', { viewport: PHONE });
      await statusReads(page, '2 papers found for “diffusion” with the chosen filters.');
      const first = await page.locator('#search-results > li').first().boundingBox();
      expect(first!.y + first!.height).toBeLessThanOrEqual(PHONE.height);
      const toggle = page.locator('#search-filters > summary');
      expect(await toggle.textContent()).toBe('Filters (1 set)');
      await page.waitForSelector('#search-facets fieldset', { state: 'attached' });
      const vision = page.getByRole('checkbox', { name: 'Computer Vision (2)' });
      expect(await vision.isVisible()).toBe(false);
      await toggle.focus();
      await page.keyboard.press('Enter');
      expect(await vision.isVisible()).toBe(true);
      // On a wide screen the filters are open beside the results.
      const wide = await open('search/?q=diffusion', { viewport: LAPTOP });
      await wide.getByRole('checkbox', { name: 'Computer Vision (2)' }).waitFor();
      expect(await wide.locator('#search-filters > summary').textContent()).toBe('Filters');
    });

    test('a filter with many values shows the busiest, the rest behind a toggle; long values wrap inside the box', async () => {
      const page = await open('search/?q=gazetteer', { viewport: PHONE });
      await statusReads(page, '21 papers found for “gazetteer”.');
      await page.locator('#search-filters > summary').click();
      const organisations = page.getByRole('group', { name: 'Organisation' });
      await organisations.waitFor();
      expect(await organisations.getByRole('checkbox').evaluateAll((boxes) => boxes.filter((box) => box.checkVisibility()).length)).toBe(8);
      await organisations.getByText('2 more').click();
      await organisations.getByRole('checkbox', { name: 'NTU (1)' }).check();
      await statusReads(page, '1 paper found for “gazetteer” with the chosen filters.');
      // The chosen value stays in view, its toggle open, after the filters are drawn again.
      await expect.poll(() => organisations.getByRole('checkbox', { name: 'NTU (1)' }).isChecked()).toBe(true);
      // No label runs past its box, where it would be cut off; no box scrolls.
      const clipped = await page.locator('#search-facets fieldset').evaluateAll((boxes) =>
        boxes.flatMap((box) => {
          const right = box.getBoundingClientRect().right;
          const labels = [...box.querySelectorAll('label')].filter((label) => label.getBoundingClientRect().right > right);
          return box.scrollHeight > box.clientHeight ? [box.textContent] : labels.map((label) => label.textContent);
        }),
      );
      expect(clipped).toEqual([]);
    });

    test('the search page has one search box, labelled, in a search landmark; other pages keep the header’s', async () => {
      const page = await open('search/?q=diffusion');
      await statusReads(page, '5 papers found for “diffusion”.');
      expect(await page.locator('input[type="search"]').count()).toBe(1);
      expect(await page.getByRole('search').getByRole('searchbox', { name: 'Words to find' }).inputValue()).toBe('diffusion');
      expect(await page.getByRole('search').count()).toBe(1);
      const home = await open('');
      expect(await home.getByRole('search').getByRole('searchbox', { name: 'Search papers' }).count()).toBe(1);
    });

    test('the header form reaches the search page without JavaScript, which then explains itself', async () => {
      const page = await open('', { javaScriptEnabled: false });
      await page.fill('#site-search', 'quokka');
      await Promise.all([page.waitForURL(`**${base}search/?q=quokka`), page.press('#site-search', 'Enter')]);
      // (Playwright's text locators skip <noscript>, so find the notice by its class.)
      const notice = page.locator('.search-notice');
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain('Searching needs JavaScript');
      expect(await page.locator('#search-query').isVisible()).toBe(false);
    });

    test('the header form on any page runs the search with JavaScript', async () => {
      const page = await open('');
      await page.fill('#site-search', 'quokka');
      await Promise.all([page.waitForURL(`**${base}search/?q=quokka`), page.press('#site-search', 'Enter')]);
      await statusReads(page, '1 paper found for “quokka”.');
      expect(await titles(page)).toEqual(['Video Diffusion with Temporal Attention']);
    });
  });
}

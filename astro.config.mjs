// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import contentSwitch from './src/integrations/content-switch.ts';
import outputSweep from './src/integrations/output-sweep.ts';
import buildMemo from './src/integrations/build-memo.ts';
import paperPreload from './src/integrations/paper-preload.ts';
import searchIndex from './src/integrations/search.ts';
import stagedPackages from './src/integrations/staged-packages.ts';
import { contentDir, site } from './src/lib/config.ts';

/**
 * `BASE_PATH=/archive` serves the site under a sub-path; always normalised to "/x/" form.
 * @param {string | undefined} value
 */
function basePath(value) {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

// Astro copies every environment variable into import.meta.env, where these names would override the
// configured base and site (vitest, for one, exports BASE_URL=/ to the builds it spawns). BASE_PATH and
// SITE_URL are this project's settings; the reserved names are dropped.
for (const reserved of ['BASE_URL', 'SITE', 'ASSETS_PREFIX', 'MODE', 'DEV', 'PROD', 'SSR']) delete process.env[reserved];

export default defineConfig({
  // SITE_URL, else the url of the content folder's site.yaml (src/lib/config.ts).
  site: site.url || 'http://localhost:4321',
  base: basePath(process.env.BASE_PATH),
  trailingSlash: 'always',
  // Separate output and cache folders let tests build several fixture sites side by side, provided OUT_DIR
  // is inside the project: Astro stages the pages of an outside OUT_DIR in the one shared .astro/.prerender/.
  // Any OUT_DIR builds on its own: src/integrations/staged-packages.ts.
  outDir: process.env.OUT_DIR || './dist',
  cacheDir: process.env.ASTRO_CACHE_DIR || './node_modules/.astro',
  // A few pages in flight: one page's file is written while the next is rendered.
  build: { concurrency: 4 },
  // A daily rebuild renders only the pages whose `cacheKey` (src/lib/site/page-keys.ts) or code changed.
  experimental: { incrementalBuild: true },
  // The site is written over the previous output, not into an emptied folder: src/integrations/output-sweep.ts.
  vite: { build: { emptyOutDir: false } },
  integrations: [
    // First: the collections' store must match the content folder before anything reads it.
    contentSwitch({ contentDir }),
    stagedPackages(),
    buildMemo({ contentDir }),
    paperPreload({ contentDir }),
    mdx(),
    // Plain <loc> entries: the news, image, video and xhtml namespaces would declare what no entry uses.
    sitemap({ namespaces: { news: false, xhtml: false, image: false, video: false } }),
    searchIndex(),
    outputSweep(),
  ],
});

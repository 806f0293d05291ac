// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';

/** `BASE_PATH=/archive` serves the site under a sub-path; always normalised to "/x/" form. */
function basePath(value) {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

export default defineConfig({
  site: process.env.SITE_URL || 'http://localhost:4321',
  base: basePath(process.env.BASE_PATH),
  trailingSlash: 'always',
  // Separate output and cache folders let tests build several fixture sites side by side.
  outDir: process.env.OUT_DIR || './dist',
  cacheDir: process.env.ASTRO_CACHE_DIR || './node_modules/.astro',
  integrations: [mdx(), sitemap()],
});

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
  integrations: [mdx(), sitemap()],
});

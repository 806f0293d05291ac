import type { APIRoute } from 'astro';
import { withBase } from '../lib/urls.ts';

export const GET: APIRoute = ({ site, url }) => {
  const sitemap = new URL(withBase('sitemap-index.xml'), site ?? url.origin).href;
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};

import { describe, expect, test } from 'vitest';
import { SITEMAP_INDEX_FILE, sitemapFiles } from '../../src/lib/site/sitemap.ts';

const base = 'https://example.org/archive/';
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]);

describe('sitemapFiles', () => {
  test('lists every page once, page numbers in numeric order, the index naming the file under the base path', () => {
    const urls = [`${base}topics/agents/10/`, `${base}topics/agents/2/`, `${base}`, `${base}topics/agents/`, `${base}topics/agents/2/`];
    const [index, only, ...rest] = sitemapFiles(urls, base);
    expect(rest).toEqual([]);
    expect(index!.name).toBe(SITEMAP_INDEX_FILE);
    expect(locs(index!.xml)).toEqual([`${base}sitemap-0.xml`]);
    expect(only!.name).toBe('sitemap-0.xml');
    expect(locs(only!.xml)).toEqual([base, `${base}topics/agents/`, `${base}topics/agents/2/`, `${base}topics/agents/10/`]);
    expect(only!.xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  });

  test('cuts a long list into files of at most the limit, in order', () => {
    const urls = Array.from({ length: 5 }, (_, i) => `${base}papers/${i}/`);
    const [index, ...files] = sitemapFiles(urls, base, 2);
    expect(files.map((file) => file.name)).toEqual(['sitemap-0.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
    expect(locs(index!.xml)).toEqual(files.map((file) => `${base}${file.name}`));
    expect(files.flatMap((file) => locs(file.xml))).toEqual(urls);
  });

  test('escapes what XML would read as markup', () => {
    const [, file] = sitemapFiles([`${base}search/?q=a&sort=new<est>`], base);
    expect(file!.xml).toContain(`<loc>${base}search/?q=a&amp;sort=new&lt;est&gt;</loc>`);
  });
});

/**
 * The paper card is written as a string (src/lib/site/paper-card.ts), not by
 * Astro: nothing from a listing may become markup there either.
 */
import { expect, test } from 'vitest';
import { buildArchive } from '../../src/lib/site/archive.ts';
import { paperCardHtml, paperCardItems } from '../../src/lib/site/paper-card.ts';
import type { Paper } from '../../src/lib/schema.ts';

const hostile = '<img src=x onerror="alert(1)"> & \'quoted\'';

function archiveOf(data: Partial<Paper>) {
  const paper = {
    id: '2501.00001',
    title: `Title ${hostile}`,
    date: '2025-01-02',
    authors: [`Ann ${hostile}`],
    authorCount: 1,
    upvotes: 3,
    keywords: [],
    sources: ['api:2025-01-02'],
    organization: { name: `Lab ${hostile}`, slug: 'lab' },
    ...data,
  } as Paper;
  return buildArchive([{ data: paper, body: `Abstract ${hostile}` }], [], [{ id: 'vision', data: { title: `Vision ${hostile}`, terms: ['title'] } }]);
}

test('titles, names, abstracts and topic names are text, never markup', () => {
  const archive = archiveOf({});
  const html = paperCardHtml(archive.papers[0]!, archive, { abstract: true, rank: 2 });
  expect(html).not.toContain('<img');
  expect(html).toContain('Title &#60;img src=x onerror=');
  expect(html).toContain('Ann &#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#39;quoted&#39;');
  expect(html).toContain('<a href="/orgs/lab/">Lab &#60;img');
  expect(html).toContain('<a href="/topics/vision/">Vision &#60;img');
  expect(html).toContain('<span class="rank">2.</span>');
  expect(html).toContain('<p class="abstract-preview">Abstract &#60;img');
  expect(html).toContain('aria-describedby="title-2501-00001"');
});

test('a list numbers its cards only when ranked, and leaves out what is not there', () => {
  const archive = archiveOf({ upvotes: undefined, organization: undefined, date: undefined, authors: [], authorCount: 0 });
  const items = paperCardItems([archive.papers[0]!, archive.papers[0]!], archive, { heading: 'h2', ranked: true });
  expect(items.match(/<li><article class="paper-card"><h2><span class="rank">(\d)\.<\/span>/g)).toHaveLength(2);
  expect(items).toContain('<span class="rank">2.</span>');
  const plain = paperCardHtml(archive.papers[0]!, archive);
  expect(plain).toMatch(/^<article class="paper-card"><h3><a href="\/papers\/2501.00001\/">/);
  expect(plain).toContain('<p class="meta"><span>listing date unknown</span></p>');
  expect(plain).not.toContain('upvote');
  expect(plain).not.toContain('abstract-preview');
});

test('only a card that links to its heading gives it an id, so one paper shown twice on a page repeats no id', () => {
  const archive = archiveOf({});
  const paper = archive.papers[0]!;
  const twice = paperCardHtml(paper, archive) + paperCardHtml(paper, archive, { rank: 1 });
  expect(twice).not.toMatch(/\sid="/);
  expect(twice.match(/<a href="\/papers\/2501.00001\/">/g)).toHaveLength(2);
  const withAbstract = paperCardHtml(paper, archive, { abstract: true });
  const [, id] = /<h3 id="([^"]+)">/.exec(withAbstract)!;
  expect(withAbstract).toContain(`aria-describedby="${id}"`);
});

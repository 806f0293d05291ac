/**
 * One paper in a list, as HTML: what src/components/PaperCard.astro shows.
 *
 * A 50,000-paper site renders about 290,000 of these (every day, topic and
 * organisation page lists 40-50), and as Astro components each card cost a
 * component render for itself, its title, date and tags. A plain function
 * shows the same for a fraction of that; list pages call it directly. Text and
 * attribute values are escaped like the TeX and Markdown renderers' output.
 */
import { authorLine, plural, shortDate } from './format.ts';
import type { Archive, ArchivePaper } from './archive.ts';
import { escapeHtml, renderTex } from '../tex.ts';
import { orgPath, paperPath, topicPath } from '../urls.ts';

export interface PaperCardOptions {
  heading?: 'h2' | 'h3';
  /** Its place in a ranked list (a day's papers). */
  rank?: number;
  /** Shows the abstract, collapsed by CSS (all text stays in the page), with a link to the full page. */
  abstract?: boolean;
  showDate?: boolean;
}

/** A paper's topic tags (also src/components/TopicTags.astro, on its own page). */
export function topicTagsHtml(slugs: string[], archive: Archive): string {
  let items = '';
  for (const slug of slugs) {
    const topic = archive.topicBySlug.get(slug);
    if (topic) items += `<li><a href="${escapeHtml(topicPath(topic.slug))}">${escapeHtml(topic.title)}</a></li>`;
  }
  return items ? `<ul class="tags" aria-label="Topics">${items}</ul>` : '';
}

export function paperCardHtml(paper: ArchivePaper, archive: Archive, options: PaperCardOptions = {}): string {
  const { heading = 'h3', rank, abstract = false, showDate = true } = options;
  const authors = authorLine(paper.authors, paper.authorCount);
  const href = escapeHtml(paperPath(paper.id));
  const showsAbstract = abstract && Boolean(paper.abstract);
  // The heading's id is there for the abstract's "read more" link to name it: a card without that link has none,
  // so a page that shows one paper twice (a digest) holds no duplicate ids.
  const titleId = escapeHtml(`title-${paper.id.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  let html = showsAbstract ? `<article class="paper-card"><${heading} id="${titleId}">` : `<article class="paper-card"><${heading}>`;
  if (rank !== undefined) html += `<span class="rank">${rank}.</span>`;
  html += `<a href="${href}">${renderTex(paper.title, { compact: false })}</a></${heading}><p class="meta">`;
  if (authors) html += `<span>${escapeHtml(authors)}</span>`;
  if (paper.org) html += `<span><a href="${escapeHtml(orgPath(paper.org.slug))}">${escapeHtml(paper.org.name)}</a></span>`;
  if (paper.upvotes !== undefined) html += `<span class="upvotes">${plural(paper.upvotes, 'upvote')}</span>`;
  if (showDate) {
    const time = (day: string) => `<time datetime="${escapeHtml(day)}">${escapeHtml(shortDate(day))}</time>`;
    // Which day it is, said: a publication day is never presented as a listing day.
    html += paper.date ? `<span>Listed ${time(paper.date)}</span>` : paper.published ? `<span>Published ${time(paper.published)}</span>` : '<span>listing date unknown</span>';
  }
  html += `</p>${topicTagsHtml(paper.topics, archive)}`;
  if (showsAbstract) {
    html += `<p class="abstract-preview">${renderTex(paper.abstract, { compact: true })}</p>`;
    html += `<a class="read-more" href="${href}" aria-describedby="${titleId}">Full abstract and links</a>`;
  }
  return `${html}</article>`;
}

/** A list's cards, each in its `<li>`; `ranked` numbers them from 1. */
export function paperCardItems(papers: ArchivePaper[], archive: Archive, options: Omit<PaperCardOptions, 'rank'> & { ranked?: boolean } = {}): string {
  const { ranked = false, ...card } = options;
  let html = '';
  papers.forEach((paper, index) => {
    html += `<li>${paperCardHtml(paper, archive, ranked ? { ...card, rank: index + 1 } : card)}</li>`;
  });
  return html;
}

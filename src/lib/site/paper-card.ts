/**
 * One paper in a list, as HTML: what src/components/PaperCard.astro shows.
 *
 * A 50,000-paper site renders about 290,000 of these (every day, topic and
 * organisation page lists 40-50), and as Astro components each card cost a
 * component render for itself, its title, date and tags. A plain function
 * writes the same bytes for a fraction of that; list pages call it directly.
 * Text is escaped as Astro escapes it (`&<>'"` in text, `&"` in attributes).
 */
import { authorLine, plural, shortDate } from './format.ts';
import type { Archive, ArchivePaper } from './archive.ts';
import { renderTex } from '../tex.ts';
import { orgPath, paperPath, topicPath } from '../urls.ts';

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

/** Text between tags. */
export function escapeText(text: string): string {
  return /[&<>'"]/.test(text) ? text.replace(/[&<>'"]/g, (char) => TEXT_ESCAPES[char]!) : text;
}

/** A double-quoted attribute value. */
function escapeAttribute(value: string): string {
  return /[&"]/.test(value) ? value.replaceAll('&', '&amp;').replaceAll('"', '&quot;') : value;
}

export interface PaperCardOptions {
  heading?: 'h2' | 'h3';
  /** Its place in a ranked list (a day's papers). */
  rank?: number;
  /** Shows the abstract, collapsed by CSS (all text stays in the page), with a link to the full page. */
  abstract?: boolean;
  showDate?: boolean;
}

/** The topic tags of a paper (src/components/TopicTags.astro writes the same for other lists). */
function topicTags(slugs: string[], archive: Archive): string {
  let items = '';
  for (const slug of slugs) {
    const topic = archive.topicBySlug.get(slug);
    if (topic) items += `<li><a href="${escapeAttribute(topicPath(topic.slug))}">${escapeText(topic.title)}</a></li>`;
  }
  return items ? `<ul class="tags" aria-label="Topics">${items}</ul>` : '';
}

export function paperCardHtml(paper: ArchivePaper, archive: Archive, options: PaperCardOptions = {}): string {
  const { heading = 'h3', rank, abstract = false, showDate = true } = options;
  const authors = authorLine(paper.authors, paper.authorCount);
  const href = escapeAttribute(paperPath(paper.id));
  const titleId = escapeAttribute(`title-${paper.id.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  let html = `<article class="paper-card"><${heading} id="${titleId}">`;
  if (rank !== undefined) html += `<span class="rank">${rank}.</span>`;
  html += `<a href="${href}">${renderTex(paper.title, { compact: false })}</a></${heading}><p class="meta">`;
  if (authors) html += `<span>${escapeText(authors)}</span>`;
  if (paper.org) html += `<span><a href="${escapeAttribute(orgPath(paper.org.slug))}">${escapeText(paper.org.name)}</a></span>`;
  if (paper.upvotes !== undefined) html += `<span class="upvotes">${plural(paper.upvotes, 'upvote')}</span>`;
  if (showDate) {
    html += paper.date ? `<span><time datetime="${escapeAttribute(paper.date)}">${escapeText(shortDate(paper.date))}</time></span>` : '<span>listing date unknown</span>';
  }
  html += `</p>${topicTags(paper.topics, archive)}`;
  if (abstract && paper.abstract) {
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

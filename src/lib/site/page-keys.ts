/**
 * What each page shows, as the `cacheKey` Astro's incremental build compares with the previous build's: a page
 * whose key and code are unchanged is not rendered again. A key must hold everything that reaches the page's HTML
 * besides the code and Astro's configuration (Astro hashes those itself): leave something out and a rebuild keeps
 * a stale page, which test/site/rebuild.test.ts checks against a fresh build.
 */
import { site } from '../config.ts';
import { textDigest } from '../../search/word-memo.ts';
import type { Archive, ArchiveDay, ArchiveOrg, ArchivePaper, ArchiveTopic } from './archive.ts';
import type { ListPage } from './list-pages.ts';

/** A short digest of any JSON value. */
export function digest(value: unknown): string {
  return textDigest(JSON.stringify(value));
}

/**
 * A page's `cacheKey`: the digest of its key and of the site's title and description, which every page shows and
 * Astro's own hash of the configuration does not cover (they come from site.yaml). No key: rendered every build.
 */
export function cacheKey(key: unknown): string | undefined {
  return key === undefined ? undefined : digest([key, site.title, site.description]);
}

const paperDigests = new WeakMap<ArchivePaper, string>();

/**
 * Everything a page may show of a paper, as one short digest (a paper appears
 * on many pages): its fields and the names of its topics (its tags). Also all
 * that its search record holds (src/lib/site/search-indexing.ts).
 */
export function paperDigest(archive: Archive, paper: ArchivePaper): string {
  let value = paperDigests.get(paper);
  if (value === undefined) {
    value = digest([paper, paper.topics.map((slug) => archive.topicBySlug.get(slug)?.title)]);
    paperDigests.set(paper, value);
  }
  return value;
}

/**
 * Computes every paper's digest ahead of the keys that need them (the day, topic and organisation pages show every
 * paper): the archive's loader does it while it waits for the related lists, time the build would otherwise idle.
 */
export function digestEveryPaper(archive: Archive): void {
  for (const paper of archive.papers) paperDigest(archive, paper);
}

const link = (paper: ArchivePaper | undefined) => paper && [paper.id, paper.title];

/** A paper's page: the paper, its day neighbours, related papers and the digests that discuss it. */
export function paperPageKey(archive: Archive, paper: ArchivePaper, movedFrom: string | undefined): unknown {
  if (movedFrom) return ['moved', paper.id, paper.plainTitle];
  const day = paper.date ? archive.dayByDate.get(paper.date) : undefined;
  const position = day ? day.papers.indexOf(paper) : -1;
  return [
    paperDigest(archive, paper),
    link(day?.papers[position - 1]),
    link(day?.papers[position + 1]),
    archive.related(paper.id).map(link),
    (archive.digestsByPaper.get(paper.id) ?? []).map((digest) => [digest.slug, digest.title, digest.date]),
  ];
}

export function dayPageKey(archive: Archive, day: ArchiveDay, previous: ArchiveDay | undefined, next: ArchiveDay | undefined): unknown {
  return [day.date, day.papers.map((paper) => paperDigest(archive, paper)), previous?.date, next?.date];
}

/** The day's JSON export. */
export function dayExportKey(archive: Archive, day: ArchiveDay): unknown {
  return [day.date, day.papers.map((paper) => paperDigest(archive, paper))];
}

/**
 * A page of a topic's or an organisation's list. An older page holds neither the list's length nor its last page
 * number, so that, once full, it is never rendered again (src/lib/site/list-pages.ts).
 */
function listPageKey(archive: Archive, page: ListPage<ArchivePaper>): unknown {
  return [page.number, page.from, page.to, page.newer, page.older, page.items.map((paper) => paperDigest(archive, paper))];
}

/** A page of a topic's papers; the front page of a topic described in MDX is always rendered (its components may show any paper). */
export function topicPageKey(archive: Archive, topic: ArchiveTopic, page: ListPage<ArchivePaper>): unknown {
  if (page.number > 0) return [topic.slug, topic.title, listPageKey(archive, page)];
  if (topic.descriptionFormat === 'mdx') return undefined;
  return [topic.slug, topic.title, topic.papers.length, topic.description, listPageKey(archive, page)];
}

export function orgPageKey(archive: Archive, org: ArchiveOrg, page: ListPage<ArchivePaper>): unknown {
  return page.number > 0 ? [org.slug, org.name, listPageKey(archive, page)] : [org.slug, org.name, org.papers.length, listPageKey(archive, page)];
}

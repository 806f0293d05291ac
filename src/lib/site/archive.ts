/**
 * The archive as the pages see it, built from the raw collection entries by a
 * pure function: topics assigned, organisations resolved, days ranked,
 * related papers computed once per build.
 */
import { honestDates, isSafeId, splitPaperBody, type Day, type Digest, type Paper, type Topic } from '../schema.ts';
import { assignTopics, type TopicDef, type TopicInput } from '../topics.ts';
import { texToPlain } from '../tex.ts';
import { ReferenceSyntaxError, scanReferences, type ArchiveReference, type ReferenceTarget } from './digest-refs.ts';
import { mdxProse } from './mdx-text.ts';
import { orgOf, type Org } from './orgs.ts';
import { byNewest } from './paper-order.ts';
import type { PreloadedRelated } from './paper-preload.ts';
import type { PaperEntry } from './papers-source.ts';
import { NOT_SCORED, RELATED_LIMIT, relatedFinder, relatedInput } from './related.ts';

export interface DayEntry {
  data: Day;
}
/** An entry whose body may hold component references; `bodyLine` is where the body starts in its file. */
interface MdxEntry {
  id: string;
  body?: string;
  filePath?: string;
  bodyLine?: number;
}
export interface TopicEntry extends MdxEntry {
  data: Topic;
}
export interface DigestEntry extends MdxEntry {
  data: Digest;
}

export interface ArchivePaper extends Paper {
  /** The title without TeX delimiters, for page titles, feeds and meta tags. */
  plainTitle: string;
  abstract: string;
  notes: string;
  org?: Org;
  topics: string[];
}

export interface ArchiveDay {
  date: string;
  /** Ranked by upvotes, then listing order. */
  papers: ArchivePaper[];
}

export interface ArchiveTopic extends TopicDef {
  description: string;
  /** An `.mdx` description is rendered by MDX (components allowed); `.md` by the safe Markdown renderer. */
  descriptionFormat: 'md' | 'mdx';
  /** Newest first. */
  papers: ArchivePaper[];
}

export interface ArchiveOrg extends Org {
  papers: ArchivePaper[];
}

export interface ArchiveDigest extends Digest {
  slug: string;
  /** Every paper the digest shows, in order of first mention, without repeats. */
  papers: ArchivePaper[];
  /** What its authors wrote, as plain text (for search). */
  prose: string;
}

export interface Archive {
  /** Newest first; papers without a date last. */
  papers: ArchivePaper[];
  paperById: Map<string, ArchivePaper>;
  /** alias id → the paper it now names. */
  aliases: Map<string, ArchivePaper>;
  /** Oldest first; only listing days (papers' `date`) that have papers. */
  days: ArchiveDay[];
  dayByDate: Map<string, ArchiveDay>;
  /**
   * Papers no daily listing gave a day (no `date`) but with a publication day, by its month (`YYYY-MM`), newest
   * published first: shown on month and year pages apart from the listing days, never as listed then.
   */
  publishedOnlyByMonth: Map<string, ArchivePaper[]>;
  /** Oldest first: the months (`YYYY-MM`) with a listing day or a paper of `publishedOnlyByMonth`. */
  months: string[];
  /** Oldest first: the years (`YYYY`) of `months`. */
  years: string[];
  /** Taxonomy order. */
  topics: ArchiveTopic[];
  topicBySlug: Map<string, ArchiveTopic>;
  /** By name. */
  orgs: ArchiveOrg[];
  orgBySlug: Map<string, ArchiveOrg>;
  /** Newest first. */
  digests: ArchiveDigest[];
  digestBySlug: Map<string, ArchiveDigest>;
  /** paper id → the digests that show it, newest first. */
  digestsByPaper: Map<string, ArchiveDigest[]>;
  related: (id: string) => ArchivePaper[];
  warnings: string[];
}

/** Digests per page of /digests/. */
export const DIGEST_PAGE_SIZE = 20;

/** Digest file names become /digests/<slug>/; all-digit names would collide with the list's page numbers. */
const SAFE_DIGEST_SLUG = /^(?!\d+$)[a-z0-9][a-z0-9-]*$/;

/** The papers a component reference shows, or undefined when it names nothing in the archive. */
export function resolveReference(
  archive: Pick<Archive, 'paperById' | 'aliases' | 'dayByDate' | 'topicBySlug'>,
  reference: ReferenceTarget,
): ArchivePaper[] | undefined {
  if (reference.kind === 'paper') {
    const paper = archive.paperById.get(reference.id) ?? archive.aliases.get(reference.id);
    return paper && [paper];
  }
  if (reference.kind === 'day') return archive.dayByDate.get(reference.date)?.papers.slice(0, reference.top);
  return archive.topicBySlug.get(reference.slug)?.papers.slice(0, reference.limit);
}

function missingWhat(reference: ArchiveReference): string {
  if (reference.kind === 'paper') return `no paper with id "${reference.id}" in papers/`;
  if (reference.kind === 'day') return `no papers listed on ${reference.date}`;
  return `no topic "${reference.slug}" in topics/`;
}

/**
 * The papers an MDX source shows; every reference must resolve. Problems are
 * pushed to `problems` (file, line, tag, why) so one build reports them all.
 */
function referencedPapers(where: string, entry: MdxEntry, lookup: Parameters<typeof resolveReference>[0], problems: string[]): ArchivePaper[] {
  let references: ArchiveReference[];
  try {
    references = scanReferences(entry.body ?? '', entry.bodyLine);
  } catch (error) {
    if (!(error instanceof ReferenceSyntaxError)) throw error;
    problems.push(`${where}: ${error.message}`);
    return [];
  }
  const shown = new Map<string, ArchivePaper>();
  for (const reference of references) {
    const papers = resolveReference(lookup, reference);
    if (!papers) problems.push(`${where}:${reference.line}: ${reference.tag}: ${missingWhat(reference)}`);
    for (const paper of papers ?? []) shown.set(paper.id, paper);
  }
  return [...shown.values()];
}

export class ArchiveReferenceError extends Error {
  override name = 'ArchiveReferenceError';
}

/** Whether `order` lists exactly the ids of `papers`, in their order. */
function sameOrder(order: readonly string[], papers: readonly ArchivePaper[]): boolean {
  return order.length === papers.length && papers.every((paper, position) => paper.id === order[position]);
}

/** Papers per older page of a topic or organisation (src/lib/site/list-pages.ts: the front page holds 25 to 74). */
export const TOPIC_PAGE_SIZE = 50;


export interface ArchiveOptions {
  /** How papers get their topics: `assignTopics` unless given (src/lib/site/topic-memo.ts remembers its answers). */
  topicMatcher?: (taxonomy: TopicDef[]) => (paper: TopicInput) => string[];
  /**
   * Related lists scored beforehand (src/lib/site/paper-preload.ts), asked for when the first list is: used only
   * when they number the papers as the archive does, and only for the papers they hold a list for.
   */
  related?: () => PreloadedRelated | undefined;
}

export function buildArchive(
  paperEntries: PaperEntry[],
  dayEntries: DayEntry[],
  topicEntries: TopicEntry[],
  digestEntries: DigestEntry[] = [],
  options: ArchiveOptions = {},
): Archive {
  const warnings: string[] = [];
  const taxonomy: TopicDef[] = topicEntries.map((entry) => ({ slug: entry.id, title: entry.data.title, terms: entry.data.terms }));
  const topicsOf = options.topicMatcher?.(taxonomy) ?? ((paper: TopicInput) => assignTopics(paper, taxonomy));
  const knownTopics = new Set(taxonomy.map((topic) => topic.slug));

  const listingOrder = new Map<string, number>();
  for (const day of dayEntries) day.data.papers.forEach((id, position) => listingOrder.set(`${day.data.date}|${id}`, position));

  const papers: ArchivePaper[] = paperEntries.map((entry) => {
    const where = entry.filePath ?? `papers/${entry.data.id}`;
    if (!isSafeId(entry.data.id)) {
      throw new Error(`${where}: id "${entry.data.id}" cannot be a page address (letters, digits, ".", "_", "-" and "/" only)`);
    }
    const { abstract, notes } = splitPaperBody(entry.body ?? '');
    for (const slug of entry.data.topics ?? []) {
      if (!knownTopics.has(slug)) warnings.push(`${where}: topics: "${slug}" is not a topic in topics/, ignored`);
    }
    const topics = topicsOf({ title: entry.data.title, abstract, keywords: entry.data.keywords, topics: entry.data.topics });
    // A `date` an older import took from a text snapshot is a publication day (shown as the next import will write
    // it), unless a day file lists the paper on that day.
    const dates = listingOrder.has(`${entry.data.date}|${entry.data.id}`) ? {} : honestDates(entry.data);
    return { ...entry.data, ...dates, plainTitle: texToPlain(entry.data.title), abstract, notes, org: orgOf(entry.data.organization), topics };
  });
  papers.sort(byNewest);
  const paperById = new Map(papers.map((paper) => [paper.id, paper]));

  const aliases = new Map<string, ArchivePaper>();
  for (const paper of papers) {
    for (const alias of paper.aliases ?? []) {
      if (paperById.has(alias) || aliases.has(alias) || !isSafeId(alias)) {
        warnings.push(`papers/${paper.id}: alias "${alias}" is unusable (unsafe, a paper's id, or another paper's alias), skipped`);
        continue;
      }
      aliases.set(alias, paper);
    }
  }

  const dayByDate = new Map<string, ArchiveDay>();
  for (const paper of papers) {
    if (!paper.date) continue;
    let day = dayByDate.get(paper.date);
    if (!day) dayByDate.set(paper.date, (day = { date: paper.date, papers: [] }));
    day.papers.push(paper);
  }
  const position = (paper: ArchivePaper) => listingOrder.get(`${paper.date}|${paper.id}`) ?? Number.MAX_SAFE_INTEGER;
  for (const day of dayByDate.values()) {
    day.papers.sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0) || position(a) - position(b) || a.id.localeCompare(b.id));
  }
  const days = [...dayByDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  const publishedOnlyByMonth = new Map<string, ArchivePaper[]>();
  // `papers` is newest first, so each month's list is too.
  for (const paper of papers) {
    if (paper.date || !paper.published) continue;
    const month = paper.published.slice(0, 7);
    publishedOnlyByMonth.set(month, [...(publishedOnlyByMonth.get(month) ?? []), paper]);
  }
  const months = [...new Set([...days.map((day) => day.date.slice(0, 7)), ...publishedOnlyByMonth.keys()])].sort();
  const years = [...new Set(months.map((month) => month.slice(0, 4)))];

  const topics: ArchiveTopic[] = taxonomy.map((topic, index) => ({
    ...topic,
    description: topicEntries[index]?.body?.trim() ?? '',
    descriptionFormat: topicEntries[index]?.filePath?.endsWith('.mdx') ? 'mdx' : 'md',
    papers: papers.filter((paper) => paper.topics.includes(topic.slug)),
  }));
  const topicBySlug = new Map(topics.map((topic) => [topic.slug, topic]));

  const orgBySlug = new Map<string, ArchiveOrg>();
  for (const paper of papers) {
    if (!paper.org) continue;
    let org = orgBySlug.get(paper.org.slug);
    if (!org) orgBySlug.set(paper.org.slug, (org = { ...paper.org, papers: [] }));
    org.papers.push(paper);
  }
  const orgs = [...orgBySlug.values()].sort((a, b) => a.name.localeCompare(b.name));

  let findRelated: ((id: string) => string[]) | undefined;
  // A paper's list is asked for twice (its page's cache key, then its page): scored once.
  const relatedById = new Map<string, ArchivePaper[]>();
  let preloaded: Int32Array | undefined;
  let positionOf: Map<string, number> | undefined;
  const related = (id: string): ArchivePaper[] => {
    let list = relatedById.get(id);
    if (list === undefined) {
      if (!positionOf) {
        const given = options.related?.();
        preloaded = given && sameOrder(given.order, papers) ? given.lists : undefined;
        positionOf = new Map(preloaded ? papers.map((paper, position) => [paper.id, position]) : []);
      }
      const position = positionOf.get(id);
      if (preloaded && position !== undefined && preloaded[position * RELATED_LIMIT] !== NOT_SCORED) {
        list = [...preloaded.subarray(position * RELATED_LIMIT, (position + 1) * RELATED_LIMIT)].filter((other) => other >= 0).map((other) => papers[other]!);
      } else {
        findRelated ??= relatedFinder(papers.map(relatedInput), RELATED_LIMIT);
        list = findRelated(id).map((other) => paperById.get(other)).filter((paper) => paper !== undefined);
      }
      relatedById.set(id, list);
    }
    return list;
  };

  const lookup = { paperById, aliases, dayByDate, topicBySlug };
  const problems: string[] = [];
  topicEntries.forEach((entry, index) => {
    if (topics[index]?.descriptionFormat === 'mdx') referencedPapers(entry.filePath ?? `topics/${entry.id}.mdx`, entry, lookup, problems);
  });
  const digests: ArchiveDigest[] = [];
  for (const entry of digestEntries) {
    const where = entry.filePath ?? `digests/${entry.id}.mdx`;
    if (!SAFE_DIGEST_SLUG.test(entry.id)) {
      problems.push(`${where}: the file name "${entry.id}" cannot be a page address (lower-case letters, digits and "-", not only digits)`);
      continue;
    }
    digests.push({ ...entry.data, slug: entry.id, papers: referencedPapers(where, entry, lookup, problems), prose: mdxProse(entry.body ?? '') });
  }
  if (problems.length > 0) {
    throw new ArchiveReferenceError(`Digests and topic descriptions name things the archive does not hold:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  digests.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.slug.localeCompare(b.slug)));
  const digestBySlug = new Map(digests.map((digest) => [digest.slug, digest]));
  const digestsByPaper = new Map<string, ArchiveDigest[]>();
  for (const digest of digests) {
    for (const paper of digest.papers) digestsByPaper.set(paper.id, [...(digestsByPaper.get(paper.id) ?? []), digest]);
  }

  return { papers, paperById, aliases, days, dayByDate, publishedOnlyByMonth, months, years, topics, topicBySlug, orgs, orgBySlug, digests, digestBySlug, digestsByPaper, related, warnings };
}

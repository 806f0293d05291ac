/**
 * The archive as the pages see it, built from the raw collection entries by a
 * pure function: topics assigned, organisations resolved, days ranked,
 * related papers computed once per build.
 */
import { splitPaperBody, type Day, type Paper, type Topic } from '../schema.ts';
import { assignTopics, type TopicDef } from '../topics.ts';
import { texToPlain } from '../tex.ts';
import { orgOf, type Org } from './orgs.ts';
import { relatedPapers } from './related.ts';

export interface PaperEntry {
  data: Paper;
  body?: string;
  filePath?: string;
}
export interface DayEntry {
  data: Day;
}
export interface TopicEntry {
  id: string;
  data: Topic;
  body?: string;
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
  /** Newest first. */
  papers: ArchivePaper[];
}

export interface ArchiveOrg extends Org {
  papers: ArchivePaper[];
}

export interface Archive {
  /** Newest first; papers without a date last. */
  papers: ArchivePaper[];
  paperById: Map<string, ArchivePaper>;
  /** alias id → the paper it now names. */
  aliases: Map<string, ArchivePaper>;
  /** Oldest first; only days that have papers. */
  days: ArchiveDay[];
  dayByDate: Map<string, ArchiveDay>;
  /** Taxonomy order. */
  topics: ArchiveTopic[];
  topicBySlug: Map<string, ArchiveTopic>;
  /** By name. */
  orgs: ArchiveOrg[];
  orgBySlug: Map<string, ArchiveOrg>;
  related: (id: string) => ArchivePaper[];
  warnings: string[];
}

/** Papers per topic page. */
export const TOPIC_PAGE_SIZE = 50;

/** Ids become folders under /papers/: plain segments only, never "..", never a URL. */
const SAFE_ID = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

function byNewest(a: ArchivePaper, b: ArchivePaper): number {
  if (a.date !== b.date) {
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.id.localeCompare(b.id);
}

export function buildArchive(paperEntries: PaperEntry[], dayEntries: DayEntry[], topicEntries: TopicEntry[]): Archive {
  const warnings: string[] = [];
  const taxonomy: TopicDef[] = topicEntries.map((entry) => ({ slug: entry.id, title: entry.data.title, terms: entry.data.terms }));
  const knownTopics = new Set(taxonomy.map((topic) => topic.slug));

  const papers: ArchivePaper[] = paperEntries.map((entry) => {
    const where = entry.filePath ?? `papers/${entry.data.id}`;
    if (!isSafeId(entry.data.id)) {
      throw new Error(`${where}: id "${entry.data.id}" cannot be a page address (letters, digits, ".", "_", "-" and "/" only)`);
    }
    const { abstract, notes } = splitPaperBody(entry.body ?? '');
    for (const slug of entry.data.topics ?? []) {
      if (!knownTopics.has(slug)) warnings.push(`${where}: topics: "${slug}" is not a topic in topics/, ignored`);
    }
    const topics = assignTopics({ title: entry.data.title, abstract, keywords: entry.data.keywords, topics: entry.data.topics }, taxonomy);
    return { ...entry.data, plainTitle: texToPlain(entry.data.title), abstract, notes, org: orgOf(entry.data.organization), topics };
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

  const listingOrder = new Map<string, number>();
  for (const day of dayEntries) day.data.papers.forEach((id, position) => listingOrder.set(`${day.data.date}|${id}`, position));
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

  const topics: ArchiveTopic[] = taxonomy.map((topic, index) => ({
    ...topic,
    description: topicEntries[index]?.body?.trim() ?? '',
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

  let relatedIds: Map<string, string[]> | undefined;
  const related = (id: string): ArchivePaper[] => {
    relatedIds ??= relatedPapers(
      papers.map((paper) => ({ id: paper.id, text: `${paper.title}\n${paper.abstract}\n${paper.keywords.join(' ')}` })),
    );
    return (relatedIds.get(id) ?? []).map((other) => paperById.get(other)).filter((paper) => paper !== undefined);
  };

  return { papers, paperById, aliases, days, dayByDate, topics, topicBySlug, orgs, orgBySlug, related, warnings };
}

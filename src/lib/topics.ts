/**
 * Topic assignment: a pure function of a paper's text and the taxonomy in
 * `content/topics/`, so changing the taxonomy needs no re-fetch. Shared by the
 * pages and the search index.
 */

export interface TopicDef {
  slug: string;
  title: string;
  terms: string[];
}

export interface TopicInput {
  title: string;
  abstract: string;
  keywords: string[];
  /** The person's override: when present it wins, even when empty. */
  topics?: string[];
}

/** A paper never gets more topics than this from matching. */
export const MAX_TOPICS = 4;

/**
 * A title or keyword hit names what the paper is about; a passing mention in
 * the abstract does not, so one abstract mention alone stays below the bar.
 */
const TITLE_WEIGHT = 3;
const KEYWORD_WEIGHT = 2;
const ABSTRACT_WEIGHT = 1;
const ABSTRACT_HITS_CAP = 3;
const MIN_SCORE = 2;
/** A topic far weaker than the paper's best one is a passing mention, not a subject. */
const MIN_SHARE_OF_BEST = 0.25;

const compiled = new WeakMap<TopicDef, RegExp[]>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A term matches whole words, case-insensitively, with an optional plural "s";
 * a trailing `*` makes it a prefix (`generat*` matches "generative").
 */
export function termPattern(term: string): RegExp {
  const trimmed = term.trim().toLowerCase();
  const isPrefix = trimmed.endsWith('*');
  const core = escapeRegExp(isPrefix ? trimmed.slice(0, -1) : trimmed).replace(/[\s-]+/g, '[\\s-]+');
  const tail = isPrefix ? '[\\p{L}\\p{N}]*' : '(?:s|es)?';
  return new RegExp(`(?<![\\p{L}\\p{N}])${core}${tail}(?![\\p{L}\\p{N}])`, 'giu');
}

function patternsOf(topic: TopicDef): RegExp[] {
  let patterns = compiled.get(topic);
  if (!patterns) {
    patterns = topic.terms.map(termPattern);
    compiled.set(topic, patterns);
  }
  return patterns;
}

function countMatches(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text)) count += 1;
  return count;
}

/** How strongly a paper's text is about a topic; 0 when not at all. */
export function topicScore(paper: Pick<TopicInput, 'title' | 'abstract' | 'keywords'>, topic: TopicDef): number {
  const title = paper.title.toLowerCase();
  const abstract = paper.abstract.toLowerCase();
  const keywords = paper.keywords.join('\n').toLowerCase();
  let score = 0;
  for (const pattern of patternsOf(topic)) {
    if (countMatches(pattern, title) > 0) score += TITLE_WEIGHT;
    if (countMatches(pattern, keywords) > 0) score += KEYWORD_WEIGHT;
    score += ABSTRACT_WEIGHT * Math.min(ABSTRACT_HITS_CAP, countMatches(pattern, abstract));
  }
  return score;
}

/**
 * The topic slugs of a paper, best first. A `topics` override wins when
 * present (slugs missing from the taxonomy are dropped so no link breaks);
 * otherwise at most MAX_TOPICS topics whose terms match well enough.
 */
export function assignTopics(paper: TopicInput, taxonomy: TopicDef[]): string[] {
  if (paper.topics) {
    const known = new Set(taxonomy.map((topic) => topic.slug));
    return [...new Set(paper.topics)].filter((slug) => known.has(slug));
  }
  const scored = taxonomy.map((topic, order) => ({ slug: topic.slug, order, score: topicScore(paper, topic) }));
  const best = Math.max(0, ...scored.map((candidate) => candidate.score));
  const threshold = Math.max(MIN_SCORE, best * MIN_SHARE_OF_BEST);
  return scored
    .filter((candidate) => candidate.score >= threshold)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_TOPICS)
    .map((candidate) => candidate.slug);
}

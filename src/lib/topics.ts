/**
 * Topic assignment: a pure function of a paper's text and the taxonomy in
 * `content/topics/`, so changing the taxonomy needs no re-fetch. Shared by the
 * pages and the search index.
 */
import { countWholeWord, forEachWord } from './words.ts';

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

/**
 * A term's pattern, and cheaper ways to the same count: most of the taxonomy's
 * ~300 terms are absent from any one paper, and a lookup in the paper's words
 * rules them out without running their pattern over the abstract.
 */
interface CompiledTerm {
  pattern: RegExp;
  /** Whole words of which the text must hold at least one (the term's first word, or its plural forms). */
  anyWord?: string[];
  /** Whole words the text must all hold (every word of a phrase but the last, which may take a plural). */
  allWords?: string[];
  /** And at least one of these (a phrase's last word and its plurals). */
  lastWord?: string[];
  /**
   * A one-word term: its pattern's matches are exactly the text's whole words equal to one of
   * these (the word and its "s" and "es" plurals), so they are counted without the pattern.
   */
  wordForms?: string[];
  /** Otherwise: a substring the lower-cased text must hold. */
  literal: string;
}

const compiled = new WeakMap<TopicDef, CompiledTerm[]>();

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

/** Words as `wordsOf` splits text: what a term's words must equal for the term to match. */
const WORD = /^[a-z0-9]+$/;

function compileTerm(term: string): CompiledTerm {
  const trimmed = term.trim().toLowerCase();
  const isPrefix = trimmed.endsWith('*');
  const words = (isPrefix ? trimmed.slice(0, -1) : trimmed).split(/[\s-]+/).filter(Boolean);
  const pattern = termPattern(term);
  // Only plain ASCII words: Unicode case folding could let the pattern match where the word set has no entry.
  if (words.length === 0 || !words.every((word) => WORD.test(word))) return { pattern, literal: '' };
  const first = words[0] as string;
  // A match starts with the whole first word; a one-word term may end in "s" or "es".
  const last = words.at(-1) as string;
  const lastForms = isPrefix ? undefined : [last, `${last}s`, `${last}es`];
  if (words.length > 1) return { pattern, anyWord: [first], allWords: words.slice(1, -1), lastWord: lastForms, literal: first };
  if (lastForms) return { pattern, anyWord: lastForms, wordForms: lastForms, literal: first };
  return { pattern, literal: first };
}

function termsOf(topic: TopicDef): CompiledTerm[] {
  let terms = compiled.get(topic);
  if (!terms) {
    terms = topic.terms.map(compileTerm);
    compiled.set(topic, terms);
  }
  return terms;
}

/** A lower-cased text and its words (maximal runs of letters and digits). */
interface Text {
  value: string;
  words: Set<string>;
  /**
   * Whether a pattern matches only where the words say it may (a one-word term exactly its forms as whole
   * words): always, unless the text holds a character that Unicode case folding (the patterns' `iu` flags)
   * equates with an ASCII letter, as "ſ" with "s" ("K", the Kelvin sign, is "k" once lower-cased).
   */
  wordsSuffice: boolean;
}

const FOLDS_TO_ASCII = /[\u017f\u212a]/;

function textOf(value: string): Text {
  const lower = value.toLowerCase();
  const words = new Set<string>();
  forEachWord(lower, (start, end) => words.add(lower.slice(start, end)));
  return { value: lower, words, wordsSuffice: !FOLDS_TO_ASCII.test(lower) };
}

function countMatches(term: CompiledTerm, text: Text): number {
  if (term.anyWord ? !term.anyWord.some((word) => text.words.has(word)) : !text.value.includes(term.literal)) return 0;
  if (text.wordsSuffice) {
    if (term.allWords && !term.allWords.every((word) => text.words.has(word))) return 0;
    if (term.lastWord && !term.lastWord.some((word) => text.words.has(word))) return 0;
    if (term.wordForms) {
      // The pattern's matches, counted by a plain search for each form the text holds.
      let count = 0;
      for (const form of term.wordForms) if (text.words.has(form)) count += countWholeWord(text.value, form);
      return count;
    }
  }
  const { pattern } = term;
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text.value)) count += 1;
  return count;
}

/** A paper's texts, prepared once for every topic. */
interface PaperText {
  title: Text;
  abstract: Text;
  keywords: Text;
}

function paperText(paper: Pick<TopicInput, 'title' | 'abstract' | 'keywords'>): PaperText {
  return { title: textOf(paper.title), abstract: textOf(paper.abstract), keywords: textOf(paper.keywords.join('\n')) };
}

/** How much one term adds to its topic's score for this paper. */
function termScore(term: CompiledTerm, text: PaperText): number {
  let score = 0;
  if (countMatches(term, text.title) > 0) score += TITLE_WEIGHT;
  if (countMatches(term, text.keywords) > 0) score += KEYWORD_WEIGHT;
  return score + ABSTRACT_WEIGHT * Math.min(ABSTRACT_HITS_CAP, countMatches(term, text.abstract));
}

function scoreText(text: PaperText, topic: TopicDef): number {
  let score = 0;
  for (const term of termsOf(topic)) score += termScore(term, text);
  return score;
}

interface TermOfTopic {
  topic: number;
  term: CompiledTerm;
}

/**
 * The whole taxonomy's terms by the words that can start a match, so that a paper
 * looks up each of its words once instead of every term looking for its words.
 */
interface TaxonomyIndex {
  byWord: Map<string, TermOfTopic[]>;
  /** Terms without such words (prefixes like `generat*`): always tried. */
  always: TermOfTopic[];
}

const indexes = new WeakMap<TopicDef[], TaxonomyIndex>();

function taxonomyIndex(taxonomy: TopicDef[]): TaxonomyIndex {
  let index = indexes.get(taxonomy);
  if (!index) {
    index = { byWord: new Map(), always: [] };
    for (const [topic, def] of taxonomy.entries()) {
      for (const term of termsOf(def)) {
        const entry = { topic, term };
        if (!term.anyWord) {
          index.always.push(entry);
          continue;
        }
        for (const word of term.anyWord) {
          const list = index.byWord.get(word) ?? [];
          list.push(entry);
          index.byWord.set(word, list);
        }
      }
    }
    indexes.set(taxonomy, index);
  }
  return index;
}

/** Every topic's score for a paper, in taxonomy order: the same sums as `scoreText`, over the candidate terms only. */
function scoreAll(text: PaperText, taxonomy: TopicDef[]): number[] {
  const index = taxonomyIndex(taxonomy);
  const candidates = new Set<TermOfTopic>(index.always);
  for (const words of [text.title.words, text.keywords.words, text.abstract.words]) {
    for (const word of words) for (const candidate of index.byWord.get(word) ?? []) candidates.add(candidate);
  }
  const scores = taxonomy.map(() => 0);
  for (const { topic, term } of candidates) scores[topic] = (scores[topic] as number) + termScore(term, text);
  return scores;
}

/** How strongly a paper's text is about a topic; 0 when not at all. */
export function topicScore(paper: Pick<TopicInput, 'title' | 'abstract' | 'keywords'>, topic: TopicDef): number {
  return scoreText(paperText(paper), topic);
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
  const scores = scoreAll(paperText(paper), taxonomy);
  const scored = taxonomy.map((topic, order) => ({ slug: topic.slug, order, score: scores[order] as number }));
  const best = Math.max(0, ...scored.map((candidate) => candidate.score));
  const threshold = Math.max(MIN_SCORE, best * MIN_SHARE_OF_BEST);
  return scored
    .filter((candidate) => candidate.score >= threshold)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_TOPICS)
    .map((candidate) => candidate.slug);
}

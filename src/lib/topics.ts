/**
 * Topic assignment: a pure function of a paper's text and the taxonomy in
 * `content/topics/`, so changing the taxonomy needs no re-fetch. Shared by the
 * pages and the search index.
 */
import { forEachWord } from './words.ts';

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
 * A term's pattern, and what a scan of the text's words needs to count the
 * same matches without running it: running the patterns of the taxonomy's
 * ~300 terms over 50,000 papers took 4.5 s in each build process; one scan of
 * each text's words, looking every term up at once, takes 2.5 s.
 */
interface CompiledTerm {
  pattern: RegExp;
  /**
   * The term's words, lower-case ASCII letters and digits, when the scan can count its matches: each match is
   * these words in a row, separated in the text by spaces and hyphens only, the last one with an optional "s" or
   * "es" (or, for a prefix term, any ending). Undefined: only the pattern can judge it.
   */
  words?: string[];
  /** Its last word is a prefix (`generat*`). */
  prefix: boolean;
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

/** Words as `forEachWord` splits text: what a term's words must equal for the scan to count it. */
const WORD = /^[a-z0-9]+$/;

function compileTerm(term: string): CompiledTerm {
  const trimmed = term.trim().toLowerCase();
  const prefix = trimmed.endsWith('*');
  const words = (prefix ? trimmed.slice(0, -1) : trimmed).split(/[\s-]+/).filter(Boolean);
  const pattern = termPattern(term);
  // Only plain ASCII words: Unicode case folding could let the pattern match where the words differ.
  if (words.length === 0 || !words.every((word) => WORD.test(word))) return { pattern, prefix };
  return { pattern, words, prefix };
}

function termsOf(topic: TopicDef): CompiledTerm[] {
  let terms = compiled.get(topic);
  if (!terms) {
    terms = topic.terms.map(compileTerm);
    compiled.set(topic, terms);
  }
  return terms;
}

/** A lower-cased text and its words (maximal runs of letters and digits), in order. */
interface Text {
  value: string;
  words: string[];
  /** Where each word starts and ends in `value`: word i at [bounds[2i], bounds[2i + 1]). */
  bounds: number[];
  /**
   * Whether the scan counts what the patterns would: always, unless the text holds a character that Unicode case
   * folding (the patterns' `iu` flags) equates with an ASCII letter, as "ſ" with "s" ("K", the Kelvin sign, is
   * "k" once lower-cased).
   */
  wordsSuffice: boolean;
}

const FOLDS_TO_ASCII = /[\u017f\u212a]/;

function textOf(value: string): Text {
  const lower = value.toLowerCase();
  const words: string[] = [];
  const bounds: number[] = [];
  forEachWord(lower, (start, end) => {
    words.push(lower.slice(start, end));
    bounds.push(start, end);
  });
  return { value: lower, words, bounds, wordsSuffice: !FOLDS_TO_ASCII.test(lower) };
}

/** What the patterns' `[\s-]+` between two words of a phrase accepts. */
const PHRASE_GAP = /^[\s-]+$/;

/** How many words a match of a phrase starting at word `at` spans, 0 when none starts there (its first word fits). */
function matchLength(term: CompiledTerm, text: Text, at: number): number {
  const termWords = term.words as string[];
  const last = termWords.length - 1;
  if (at + last >= text.words.length) return 0;
  for (let offset = 1; offset <= last; offset += 1) {
    const word = text.words[at + offset] as string;
    const wanted = termWords[offset] as string;
    if (offset < last ? word !== wanted : !lastWordFits(term, word, wanted)) return 0;
    if (!PHRASE_GAP.test(text.value.slice(text.bounds[2 * (at + offset) - 1], text.bounds[2 * (at + offset)]))) return 0;
  }
  return last + 1;
}

function lastWordFits(term: CompiledTerm, word: string, wanted: string): boolean {
  if (term.prefix) return word.startsWith(wanted);
  return word === wanted || (word.length === wanted.length + 1 && word === `${wanted}s`) || (word.length === wanted.length + 2 && word === `${wanted}es`);
}

/**
 * How often a term's pattern matches a text. No shortcut by the term's words: where the scan cannot judge,
 * "ſtate" is "state" to the pattern.
 */
function patternCount(term: CompiledTerm, text: Text): number {
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

interface TermOfTopic {
  /** Its place in `TaxonomyIndex.terms`. */
  id: number;
  topic: number;
  term: CompiledTerm;
}

/** The whole taxonomy's terms by what starts a match, so that one scan of a text's words counts them all. */
interface TaxonomyIndex {
  terms: TermOfTopic[];
  /** Terms by the word a match starts with: a one-word term under each of its forms, a phrase under its first word. */
  byFirstWord: Map<string, TermOfTopic[]>;
  /** One-word prefix terms (`generat*`). */
  prefixes: TermOfTopic[];
  /** Terms only their pattern can judge. */
  patternOnly: TermOfTopic[];
  /**
   * The terms a match of which may start at a word, by word, as the scan meets them: the same few thousand words
   * recur across every abstract, so each word's terms and prefixes are looked up once per build.
   */
  startingAt: Map<string, TermOfTopic[]>;
}

const NO_TERMS: TermOfTopic[] = [];
/** Past this many distinct words (hashes, numbers, typos of a huge archive) the rest are looked up every time. */
const MAX_REMEMBERED_WORDS = 200_000;

function termsStartingAt(index: TaxonomyIndex, word: string): TermOfTopic[] {
  let terms = index.startingAt.get(word);
  if (terms === undefined) {
    const prefixed = index.prefixes.filter(({ term }) => word.startsWith((term.words as string[])[0] as string));
    const whole = index.byFirstWord.get(word) ?? NO_TERMS;
    terms = prefixed.length > 0 ? [...whole, ...prefixed] : whole;
    if (index.startingAt.size < MAX_REMEMBERED_WORDS) index.startingAt.set(word, terms);
  }
  return terms;
}

const indexes = new WeakMap<TopicDef[], TaxonomyIndex>();

function taxonomyIndex(taxonomy: TopicDef[]): TaxonomyIndex {
  let index = indexes.get(taxonomy);
  if (!index) {
    const built: TaxonomyIndex = { terms: [], byFirstWord: new Map(), prefixes: [], patternOnly: [], startingAt: new Map() };
    const under = (word: string, entry: TermOfTopic) => {
      const list = built.byFirstWord.get(word) ?? [];
      list.push(entry);
      built.byFirstWord.set(word, list);
    };
    for (const [topic, def] of taxonomy.entries()) {
      for (const term of termsOf(def)) {
        const entry = { id: built.terms.length, topic, term };
        built.terms.push(entry);
        const words = term.words;
        if (!words) built.patternOnly.push(entry);
        else if (words.length > 1) under(words[0] as string, entry);
        else if (term.prefix) built.prefixes.push(entry);
        else for (const form of [words[0], `${words[0]}s`, `${words[0]}es`]) under(form as string, entry);
      }
    }
    index = built;
    indexes.set(taxonomy, index);
  }
  return index;
}

/**
 * How often each term of the taxonomy matches a text, into `counts` (by `TermOfTopic.id`): the number of its
 * pattern's matches, which never overlap, so a match starts only after the previous one's last word. `free`:
 * scratch space as long as `counts`.
 */
function countTerms(text: Text, index: TaxonomyIndex, counts: Int32Array, free: Int32Array): void {
  counts.fill(0);
  if (!text.wordsSuffice) {
    for (const { id, term } of index.terms) counts[id] = patternCount(term, text);
    return;
  }
  // The word from which each term's next match may start.
  free.fill(0);
  const { words } = text;
  for (let at = 0; at < words.length; at += 1) {
    for (const { id, term } of termsStartingAt(index, words[at] as string)) {
      if (at < (free[id] as number)) continue;
      const length = (term.words as string[]).length === 1 ? 1 : matchLength(term, text, at);
      if (length === 0) continue;
      counts[id] = (counts[id] as number) + 1;
      free[id] = at + length;
    }
  }
  for (const { id, term } of index.patternOnly) counts[id] = patternCount(term, text);
}

/** Every topic's score for a paper, in taxonomy order. */
function scoreAll(text: PaperText, taxonomy: TopicDef[]): number[] {
  const index = taxonomyIndex(taxonomy);
  const size = index.terms.length;
  const counts = new Int32Array(size * 4);
  const [title, keywords, abstract, free] = [0, 1, 2, 3].map((part) => counts.subarray(part * size, (part + 1) * size)) as [Int32Array, Int32Array, Int32Array, Int32Array];
  countTerms(text.title, index, title, free);
  countTerms(text.keywords, index, keywords, free);
  countTerms(text.abstract, index, abstract, free);
  const scores = taxonomy.map(() => 0);
  for (const { id, topic } of index.terms) {
    // A title or keyword hit counts once; abstract hits up to a cap.
    const score = ((title[id] as number) > 0 ? TITLE_WEIGHT : 0) + ((keywords[id] as number) > 0 ? KEYWORD_WEIGHT : 0) + ABSTRACT_WEIGHT * Math.min(ABSTRACT_HITS_CAP, abstract[id] as number);
    scores[topic] = (scores[topic] as number) + score;
  }
  return scores;
}

/** How strongly a paper's text is about a topic; 0 when not at all. */
export function topicScore(paper: Pick<TopicInput, 'title' | 'abstract' | 'keywords'>, topic: TopicDef): number {
  return scoreAll(paperText(paper), [topic])[0] as number;
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

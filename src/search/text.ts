/**
 * Words as the search index sees them, shared by the indexer (at build time)
 * and the search page (in the browser), so a query and the text it should
 * find are cut and stemmed the same way: lower case, accents folded, split on
 * anything that is not a letter or digit, English words reduced to their stem
 * (Porter's algorithm: "diffusion", "diffusing" and "diffuse" all become "diffus").
 */
import { stemmer } from 'stemmer';

/** A word: letters and digits (with `matchAll`, which copies it, the shared instance is safe). */
export const WORD = /[\p{L}\p{N}]+/gu;
/** What separates words: `text.split(NOT_WORD)` gives the words `WORD` finds (and empty strings at the ends). */
export const NOT_WORD = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;

/** Lower case with accents folded: "Chloé" and "chloe" are one word. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

export interface WordAt {
  /** The stemmed word. */
  term: string;
  /** Where the word starts and ends in the original text. */
  start: number;
  end: number;
}

/**
 * Every word of `text` with its place, for excerpts. Folding can change a
 * word's length, so places are found on the original text word by word.
 */
export function wordsAt(text: string): WordAt[] {
  const words: WordAt[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = stemWord(fold(match[0]));
    if (term) words.push({ term, start: match.index, end: match.index + match[0].length });
  }
  return words;
}

/** A TeX superscript inside a word, as titles write them ("MoE^2", "D^{2}-Monitor"). */
const SUPERSCRIPT = /(?<=[\p{L}\p{N}])\^\{?([\p{L}\p{N}]+)\}?/gu;
/** A whole word written with superscripts. */
const SUPERSCRIPTED_WORD = /[\p{L}\p{N}]+(?:\^\{?[\p{L}\p{N}]+\}?)+/gu;

/**
 * The words of `text` written with superscripts, each read as one word ("MoE^2" is "MoE2", the way a reader types
 * it): the indexer adds them beside their parts ("MoE", "2"), which still match on their own.
 */
export function superscriptedWords(text: string): string[] {
  if (!text.includes('^')) return [];
  return [...text.matchAll(SUPERSCRIPTED_WORD)].map((match) => match[0].replace(/[\^{}]/g, ''));
}

/** The stemmed words of a query, in order, repeats kept; a superscripted word is one word ("MoE^2" finds "MoE2"). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const match of fold(text.replace(SUPERSCRIPT, '$1')).matchAll(WORD)) {
    const term = stemWord(match[0]);
    if (term) out.push(term);
  }
  return out;
}

/** Longer words are almost never real words (hashes, base64); they are cut so no term grows without bound. */
export const MAX_TERM_LENGTH = 40;

/** Words repeat: indexing 50,000 abstracts stems each distinct word once. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 500_000;

/** Stems an already folded word; words that are not plain a-z are kept as they are. */
export function stemWord(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    const cut = word.length > MAX_TERM_LENGTH ? word.slice(0, MAX_TERM_LENGTH) : word;
    stem = /^[a-z]+$/.test(cut) ? stemmer(cut) : cut;
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

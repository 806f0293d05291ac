/**
 * Excerpts: about `length` words of one field of a result's indexed text
 * (its abstract, AI summary, authors…) around the most matched words, as
 * plain-text pieces with the matches marked. The text is untrusted and never
 * parsed as HTML: the page makes only the marked pieces `<mark>` elements and
 * sets everything as text.
 *
 * An excerpt reads as prose: it stays inside one field (the index joins them
 * with blank lines), starts and ends on whole words, on a sentence's edge when
 * one is near, and shows an ellipsis wherever text was left out.
 */
import { wordsAt, type WordAt } from '../text.ts';

export interface ExcerptPiece {
  text: string;
  marked: boolean;
}

export const ELLIPSIS = '…';

/** What separates the fields of a record's indexed text (`toIndexRecord`). */
const FIELD_BREAK = /\n\s*\n/;

interface Field {
  text: string;
  words: WordAt[];
  hits: boolean[];
  /** How many different asked words it holds, then how many matches: what makes it the field to show. */
  distinct: number;
  count: number;
}

function field(text: string, words: Set<string>): Field {
  const all = wordsAt(text);
  const hits = all.map((word) => words.has(word.term));
  const found = new Set(all.filter((_, i) => hits[i]).map((word) => word.term));
  return { text, words: all, hits, distinct: found.size, count: hits.filter(Boolean).length };
}

/**
 * The field an excerpt is cut from: the one holding the most of the asked words (the earliest on a tie, so the
 * abstract wins), never the title when another field exists, as the result shows the title above the excerpt.
 */
function chooseField(text: string, words: Set<string>, title: string | undefined): Field | undefined {
  const fields = text
    .split(FIELD_BREAK)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => field(part, words));
  const shown = fields.filter((candidate) => candidate.text !== title?.trim());
  const pool = shown.length > 0 ? shown : fields;
  let best = pool[0];
  for (const candidate of pool) {
    if (candidate.distinct > best!.distinct || (candidate.distinct === best!.distinct && candidate.count > best!.count)) best = candidate;
  }
  return best;
}

/** The first word of the `length`-word window with the most matches (the earliest such window). */
function densestWindow(hits: boolean[], length: number): number {
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < hits.length; i++) {
    if (hits[i]) count++;
    if (i >= length && hits[i - length]) count--;
    if (i >= length - 1 && count > bestCount) {
      bestCount = count;
      best = i - length + 1;
    }
  }
  return best;
}

/** Where each sentence of `text` starts, as character offsets (the whole text is one sentence where `Intl.Segmenter` is missing). */
function sentenceStarts(text: string): number[] {
  if (typeof Intl.Segmenter !== 'function') return [0];
  return [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].map((segment) => segment.index);
}

/** For each word, the index of its sentence. */
function sentenceOfWords(words: WordAt[], starts: number[]): number[] {
  const out: number[] = [];
  let sentence = 0;
  for (const word of words) {
    while (sentence + 1 < starts.length && starts[sentence + 1]! <= word.start) sentence++;
    out.push(sentence);
  }
  return out;
}

/**
 * About `length` words of `text` around the most matches of `words` (index words), from the one field of the text
 * that holds the most of them (never `title`'s field, unless it is the only one), as plain-text pieces with the
 * matches marked and an ellipsis piece where text was cut off.
 */
export function excerpt(text: string, words: Set<string>, length: number, title?: string): ExcerptPiece[] {
  const chosen = chooseField(text, words, title);
  if (!chosen) return [];
  const { text: body, words: all, hits } = chosen;
  if (all.length === 0) return [{ text: body, marked: false }];
  // The window, in words: [first, end).
  let first = 0;
  let end = all.length;
  if (all.length > length) {
    const sentenceOf = sentenceOfWords(all, sentenceStarts(body));
    first = densestWindow(hits, length);
    end = first + length;
    // Room to move an edge onto a sentence's: a quarter of the excerpt.
    const slack = Math.max(1, Math.floor(length / 4));
    const firstHit = hits.indexOf(true, first);
    const anchor = firstHit >= 0 && firstHit < end ? firstHit : first;
    // Start where the first match's sentence starts, if the match stays in the first half; else a few words before it.
    let sentenceStart = anchor;
    while (sentenceStart > 0 && sentenceOf[sentenceStart - 1] === sentenceOf[anchor]) sentenceStart--;
    first = anchor - sentenceStart <= length / 2 ? sentenceStart : Math.max(first, anchor - slack);
    end = Math.min(all.length, first + length);
    // End where a sentence ends, up to `slack` words either side of the full length, keeping every match inside.
    let lastHit = -1;
    for (let i = first; i < end; i++) if (hits[i]) lastHit = i;
    const reach = Math.min(all.length, end + slack);
    let sentenceEnd = -1;
    for (let i = Math.max(first + 1, lastHit + 1, end - slack); i <= reach; i++) {
      const boundary = i === all.length || sentenceOf[i] !== sentenceOf[i - 1];
      if (boundary && (sentenceEnd < 0 || Math.abs(i - end) < Math.abs(sentenceEnd - end))) sentenceEnd = i;
    }
    if (sentenceEnd > 0) end = sentenceEnd;
  }
  const atStart = first === 0;
  const atEnd = end === all.length;
  // At the field's start or end keep what comes before the first word or after the last (a quote, a bracket); at a
  // sentence's end keep its full stop; at a cut inside a sentence, stop at the word.
  const from = atStart ? 0 : all[first]!.start;
  const nextWordStart = atEnd ? body.length : all[end]!.start;
  const to = atEnd ? body.length : endOfSentenceOrWord(body, all[end - 1]!.end, nextWordStart);

  const pieces: ExcerptPiece[] = [];
  if (!atStart) pieces.push({ text: `${ELLIPSIS} `, marked: false });
  let at = from;
  for (let i = first; i < end; i++) {
    if (!hits[i]) continue;
    const word = all[i]!;
    if (word.start > at) pieces.push({ text: body.slice(at, word.start), marked: false });
    pieces.push({ text: body.slice(word.start, word.end), marked: true });
    at = word.end;
  }
  if (to > at) pieces.push({ text: body.slice(at, to), marked: false });
  if (!atEnd) pieces.push({ text: ` ${ELLIPSIS}`, marked: false });
  return pieces;
}

/** The end of the text to show after a word that ends at `wordEnd`: past a sentence's closing marks, or the word's end. */
function endOfSentenceOrWord(text: string, wordEnd: number, nextWordStart: number): number {
  const between = text.slice(wordEnd, nextWordStart);
  const closing = /^[^\s]*[.!?…][^\s]*/u.exec(between);
  return closing ? wordEnd + closing[0].length : wordEnd;
}

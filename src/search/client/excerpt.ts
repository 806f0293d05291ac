/**
 * Excerpts: about `length` words of a result's indexed text around the most
 * matched words, as plain-text pieces with the matches marked. The text is
 * untrusted and never parsed as HTML: the page makes only the marked pieces
 * `<mark>` elements and sets everything as text.
 */
import { wordsAt } from '../text.ts';

export interface ExcerptPiece {
  text: string;
  marked: boolean;
}

/**
 * About `length` words of `text` around the most matches of `words` (index
 * words), as plain-text pieces with the matches marked; the text is never
 * parsed as HTML.
 */
export function excerpt(text: string, words: Set<string>, length: number): ExcerptPiece[] {
  const all = wordsAt(text);
  if (all.length === 0) return text ? [{ text, marked: false }] : [];
  const hit = all.map((word) => words.has(word.term));
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    if (hit[i]) count++;
    if (i >= length && hit[i - length]) count--;
    const start = Math.max(0, i - length + 1);
    if (count > bestCount && (i >= length - 1 || i === all.length - 1)) {
      bestCount = count;
      best = start;
    }
  }
  const end = Math.min(all.length, best + length);
  const pieces: ExcerptPiece[] = [];
  // At the text's start or end, keep what comes before the first word or after the last (a quote, a bracket).
  let at = best === 0 ? 0 : all[best]!.start;
  for (let i = best; i < end; i++) {
    if (!hit[i]) continue;
    const word = all[i]!;
    if (word.start > at) pieces.push({ text: text.slice(at, word.start), marked: false });
    pieces.push({ text: text.slice(word.start, word.end), marked: true });
    at = word.end;
  }
  const stop = end === all.length ? text.length : all[end - 1]!.end;
  if (stop > at) pieces.push({ text: text.slice(at, stop), marked: false });
  return pieces;
}

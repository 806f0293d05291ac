/**
 * Pagefind builds excerpts from the indexed text by replacing "<" and ">"
 * with entities and wrapping matched words in `<mark>`; "&" and everything
 * else stay as they were. The text is untrusted, so the excerpt is never
 * parsed as HTML: it is split on the mark tags into plain-text pieces with
 * Pagefind's two entities undone, and the page makes only those pieces marks.
 */
export interface ExcerptPiece {
  text: string;
  marked: boolean;
}

function unescapeAngles(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>');
}

export function splitExcerpt(excerpt: string): ExcerptPiece[] {
  const pieces: ExcerptPiece[] = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) pieces.push({ text: unescapeAngles(part), marked });
  }
  return pieces;
}

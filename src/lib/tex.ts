/**
 * Listing text (titles, abstracts) is plain text that may hold TeX. It is
 * rendered at build time: text segments are HTML-escaped, math segments go
 * through KaTeX, so no listing text ever becomes markup and no math needs
 * client-side JavaScript.
 */
import katex from 'katex';

export type Segment = { kind: 'text'; value: string } | { kind: 'math'; value: string; display: boolean };

const DELIMITERS = [
  { open: '$$', close: '$$', display: true },
  { open: '\\[', close: '\\]', display: true },
  { open: '\\(', close: '\\)', display: false },
  { open: '$', close: '$', display: false },
] as const;

/**
 * A lone "$" is math only when it hugs its content ("$x^2$", not "costs $5 and
 * $10"): the opening "$" is followed by a non-space, the closing one preceded
 * by a non-space and not followed by a digit (the rule Pandoc uses).
 */
function findClose(text: string, from: number, delimiter: (typeof DELIMITERS)[number]): number {
  let index = text.indexOf(delimiter.close, from);
  while (index !== -1) {
    const escaped = text[index - 1] === '\\' && delimiter.close === '$';
    const hugs = delimiter.open !== '$' || (!/\s/.test(text[index - 1] ?? ' ') && !/\d/.test(text[index + 1] ?? ''));
    if (!escaped && hugs && index > from) return index;
    index = text.indexOf(delimiter.close, index + 1);
  }
  return -1;
}

/** Where math could start: a "$" or a backslash ("\\(", "\\[", "\\$"). */
const MATH_START = /[$\\]/g;

/** Split text into plain-text and math segments. */
export function splitTex(text: string): Segment[] {
  const segments: Segment[] = [];
  let buffer = '';
  let index = 0;
  while (index < text.length) {
    // Most listing text has no math at all: copy everything up to the next "$" or backslash at once.
    MATH_START.lastIndex = index;
    const next = MATH_START.exec(text)?.index ?? text.length;
    if (next > index) {
      buffer += text.slice(index, next);
      index = next;
      if (index >= text.length) break;
    }
    if (text[index] === '\\' && text[index + 1] === '$') {
      buffer += '\\$';
      index += 2;
      continue;
    }
    const delimiter = DELIMITERS.find((candidate) => text.startsWith(candidate.open, index));
    const opensMath = delimiter && !(delimiter.open === '$' && /\s/.test(text[index + 1] ?? ' '));
    const close = opensMath ? findClose(text, index + delimiter.open.length, delimiter) : -1;
    if (delimiter && close !== -1) {
      if (buffer) segments.push({ kind: 'text', value: buffer });
      buffer = '';
      segments.push({ kind: 'math', value: text.slice(index + delimiter.open.length, close), display: delimiter.display });
      index = close + delimiter.close.length;
    } else {
      buffer += text[index];
      index += 1;
    }
  }
  if (buffer) segments.push({ kind: 'text', value: buffer });
  return segments;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** TeX escapes and simple formatting commands that occur outside math in abstracts (`\%`, `\underline{R}ecall`). */
function untex(text: string): string {
  return text
    .replace(/\\(?:underline|textbf|textit|emph|texttt|mathrm|text)\{([^{}]*)\}/g, '$1')
    .replace(/\\([%&_#$])/g, '$1')
    .replace(/\\[,;:! ]/g, ' ')
    .replace(/~/g, ' ');
}

export interface TexOptions {
  /**
   * MathML only, for long lists: about a third of the bytes of KaTeX's default
   * HTML+MathML, rendered natively by current browsers, slightly plainer.
   */
  compact?: boolean;
}

/**
 * KaTeX output per formula: the same title or abstract is shown on its paper page, its day, its topics
 * and its organisation, and KaTeX is the costly part. Escaping the text around it costs next to nothing,
 * so whole texts are not kept, which keeps memory flat as the archive grows.
 */
const renderedMath = new Map<string, string>();

function renderMath(value: string, display: boolean, output: 'mathml' | 'htmlAndMathml'): string {
  const key = `${output}|${display ? 'd' : 'i'}|${value}`;
  let html = renderedMath.get(key);
  if (html === undefined) {
    html = katex.renderToString(value, { displayMode: display, output, throwOnError: false, strict: 'ignore', trust: false });
    renderedMath.set(key, html);
  }
  return html;
}

/** Escaped HTML with each math segment rendered by KaTeX. */
export function renderTex(text: string, options: TexOptions = {}): string {
  const output = options.compact ? 'mathml' : 'htmlAndMathml';
  return splitTex(text)
    .map((segment) => (segment.kind === 'text' ? escapeHtml(untex(segment.value)) : renderMath(segment.value, segment.display, output)))
    .join('');
}

/** Plain text for places that cannot hold markup (page titles, meta tags, feeds): math keeps its source. */
export function texToPlain(text: string): string {
  return splitTex(text)
    .map((segment) => (segment.kind === 'text' ? untex(segment.value) : segment.value))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

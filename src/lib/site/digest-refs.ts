/**
 * The archive references in MDX written by people (digests, topic
 * descriptions): `<Paper id="…" />`, `<Day date="…" top={5} />` and
 * `<Topic slug="…" limit={10} />`. They are read from the source before any
 * page renders, so a missing paper, day or topic fails the build with the file
 * and line, and the "Discussed in" back-links come from the same reading.
 */

export const DEFAULT_DAY_TOP = 5;
export const DEFAULT_TOPIC_LIMIT = 10;

/** What a component shows: a paper, a day's top papers, a topic's newest papers. */
export type ReferenceTarget = { kind: 'paper'; id: string } | { kind: 'day'; date: string; top: number } | { kind: 'topic'; slug: string; limit: number };

/** A target as written in a source: the tag and its line, for error messages. */
export type ArchiveReference = ReferenceTarget & { line: number; tag: string };

const TAG = /<(Paper|Day|Topic)\b([^>]*?)\/?>/g;
const ATTRIBUTE = /([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:(\d+)|"([^"]*)"|'([^']*)')\s*\}|\{([^}]*)\})/g;

export class ReferenceSyntaxError extends Error {
  override name = 'ReferenceSyntaxError';
}

function attributes(source: string): Map<string, string | number> {
  const found = new Map<string, string | number>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    const [, name, double, single, number, exprDouble, exprSingle, expression] = match;
    if (!name) continue;
    if (expression !== undefined) {
      // A computed value cannot be checked before rendering: refuse it so nothing is ever silently blank.
      throw new ReferenceSyntaxError(`${name}={${expression.trim()}} is not a literal; write ${name}="…" or ${name}={5}`);
    }
    const text = double ?? single ?? exprDouble ?? exprSingle;
    found.set(name, number !== undefined ? Number(number) : (text ?? ''));
  }
  return found;
}

/** The line of `raw` (a whole file) where `body` (its text after the front matter) begins; 1 when not found. */
export function bodyStartLine(raw: string, body: string): number {
  const index = body.trim() ? raw.indexOf(body) : -1;
  return index < 0 ? 1 : lineOf(raw, index);
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (source.charCodeAt(i) === 10) line += 1;
  return line;
}

function stringAttribute(attrs: Map<string, string | number>, name: string, tag: string): string {
  const value = attrs.get(name);
  if (typeof value !== 'string' || value.trim() === '') throw new ReferenceSyntaxError(`${tag}: needs ${name}="…"`);
  return value.trim();
}

function countAttribute(attrs: Map<string, string | number>, name: string, fallback: number, tag: string): number {
  const value = attrs.get(name);
  if (value === undefined) return fallback;
  const count = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(count) || count < 1) throw new ReferenceSyntaxError(`${tag}: ${name} must be a whole number of at least 1`);
  return count;
}

/**
 * Every component reference in an MDX source, in order. Code blocks and
 * inline code are skipped, so a digest can show the syntax as an example.
 * Throws `ReferenceSyntaxError` (message prefixed with the line) on a malformed tag.
 */
export function scanReferences(source: string, firstLine = 1): ArchiveReference[] {
  const withoutCode = source
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
  const references: ArchiveReference[] = [];
  for (const match of withoutCode.matchAll(TAG)) {
    const [tag, name, rest = ''] = match;
    const line = lineOf(withoutCode, match.index) + firstLine - 1;
    try {
      const attrs = attributes(rest);
      if (name === 'Paper') references.push({ kind: 'paper', id: stringAttribute(attrs, 'id', tag), line, tag });
      else if (name === 'Day') {
        const date = stringAttribute(attrs, 'date', tag);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ReferenceSyntaxError(`${tag}: date must be YYYY-MM-DD`);
        references.push({ kind: 'day', date, top: countAttribute(attrs, 'top', DEFAULT_DAY_TOP, tag), line, tag });
      } else {
        references.push({ kind: 'topic', slug: stringAttribute(attrs, 'slug', tag), limit: countAttribute(attrs, 'limit', DEFAULT_TOPIC_LIMIT, tag), line, tag });
      }
    } catch (error) {
      if (error instanceof ReferenceSyntaxError) throw new ReferenceSyntaxError(`line ${line}: ${error.message}`);
      throw error;
    }
  }
  return references;
}

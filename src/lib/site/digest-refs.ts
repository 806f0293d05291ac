/**
 * The archive references in MDX written by people (digests, topic
 * descriptions): `<Paper id="…" />`, `<Day date="…" top={5} />` and
 * `<Topic slug="…" limit={10} />`. They are read from the source before any
 * page renders, so a missing paper, day or topic fails the build with the file
 * and line, and the "Discussed in" back-links come from the same reading. The
 * source is parsed by satteri, the MDX parser Astro renders it with, so a
 * reference counts exactly where a component renders: not in code, not in an
 * MDX comment.
 */
import { mdxToMdast, type MdastNode, type MdxJsxFlowElement, type MdxJsxTextElement } from 'satteri';

export const DEFAULT_DAY_TOP = 5;
export const DEFAULT_TOPIC_LIMIT = 10;

/** What a component shows: a paper, a day's top papers, a topic's newest papers. */
export type ReferenceTarget = { kind: 'paper'; id: string } | { kind: 'day'; date: string; top: number } | { kind: 'topic'; slug: string; limit: number };

/** A target as written in a source: the tag and its line, for error messages. */
export type ArchiveReference = ReferenceTarget & { line: number; tag: string };

export class ReferenceSyntaxError extends Error {
  override name = 'ReferenceSyntaxError';
}

type Element = MdxJsxFlowElement | MdxJsxTextElement;

/** `"x"`, `'x'` or `5` inside braces: what can be checked before rendering. */
const LITERAL = /^(?:(\d+)|"([^"]*)"|'([^']*)')$/;

function attributes(element: Element): Map<string, string | number> {
  const found = new Map<string, string | number>();
  for (const attribute of element.attributes) {
    // A computed value cannot be checked before rendering: refuse it so nothing is ever silently blank.
    if (attribute.type === 'mdxJsxExpressionAttribute') throw new ReferenceSyntaxError(`{${attribute.value}} is not a literal; write each attribute as name="…" or name={5}`);
    const { name, value } = attribute;
    if (value === null || value === undefined || typeof value === 'string') {
      found.set(name, value ?? '');
      continue;
    }
    const expression = value.value.trim();
    const [, number, double, single] = LITERAL.exec(expression) ?? [];
    if (number === undefined && double === undefined && single === undefined) {
      throw new ReferenceSyntaxError(`${name}={${expression}} is not a literal; write ${name}="…" or ${name}={5}`);
    }
    found.set(name, number !== undefined ? Number(number) : (double ?? single ?? ''));
  }
  return found;
}

/** The line of `raw` (a whole file) where `body` (its text after the front matter) begins; 1 when not found. */
export function bodyStartLine(raw: string, body: string): number {
  const index = body.trim() ? raw.indexOf(body) : -1;
  return index < 0 ? 1 : raw.slice(0, index).split('\n').length;
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

function reference(element: Element, tag: string, line: number): ArchiveReference {
  const attrs = attributes(element);
  if (element.name === 'Paper') return { kind: 'paper', id: stringAttribute(attrs, 'id', tag), line, tag };
  if (element.name === 'Day') {
    const date = stringAttribute(attrs, 'date', tag);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ReferenceSyntaxError(`${tag}: date must be YYYY-MM-DD`);
    return { kind: 'day', date, top: countAttribute(attrs, 'top', DEFAULT_DAY_TOP, tag), line, tag };
  }
  return { kind: 'topic', slug: stringAttribute(attrs, 'slug', tag), limit: countAttribute(attrs, 'limit', DEFAULT_TOPIC_LIMIT, tag), line, tag };
}

const COMPONENTS = new Set(['Paper', 'Day', 'Topic']);

function* components(node: MdastNode): Generator<Element> {
  if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && COMPONENTS.has(node.name ?? '')) yield node;
  if ('children' in node) for (const child of node.children) yield* components(child);
}

/** The MDX tree of a source; throws `ReferenceSyntaxError` (prefixed with the line) when it is not valid MDX. */
export function parseMdx(source: string, firstLine = 1): MdastNode {
  try {
    return mdxToMdast(source);
  } catch (error) {
    const [, line = '1', reason = String(error)] = /^(\d+):\d+: (.*)$/s.exec((error as Error).message) ?? [];
    throw new ReferenceSyntaxError(`line ${Number(line) + firstLine - 1}: not valid MDX: ${reason}`, { cause: error });
  }
}

/**
 * Every component reference in an MDX source, in order, with the line it starts on (`firstLine`: the file's
 * line the source starts on). Throws `ReferenceSyntaxError` (message prefixed with the line) on a malformed tag.
 */
export function scanReferences(source: string, firstLine = 1): ArchiveReference[] {
  return [...components(parseMdx(source, firstLine))].map((element) => {
    const { start, end } = element.position!;
    // The opening tag as written: up to the first child, if any.
    const tag = source.slice(start.offset, element.children[0]?.position?.start.offset ?? end.offset).trimEnd();
    const line = start.line + firstLine - 1;
    try {
      return reference(element, tag, line);
    } catch (error) {
      if (error instanceof ReferenceSyntaxError) throw new ReferenceSyntaxError(`line ${line}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * Pure text helpers shared by the parsers and the store: how outside text is
 * normalised, how titles are compared, how ids and file names are made safe.
 */
import { createHash } from 'node:crypto';
import { NOTES_MARKER } from '../lib/schema.ts';

/** C0 control characters other than tab, line feed and carriage return: not text, and not allowed in XML (the feeds). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** The text without C0 control characters; tab and line feed are kept, CR and CRLF become LF. */
export function stripControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
}

/**
 * A function that returns a text field without control characters and notes in `fields` the name of
 * each field that had some, so that the parser can warn about the item once.
 */
export function controlCharacterCleaner(fields: string[]): (field: string, text: string) => string {
  return (field, text) => {
    if (!hasControlCharacters(text)) return text;
    if (!fields.includes(field)) fields.push(field);
    return stripControlCharacters(text);
  };
}

/** Whitespace other than single spaces: most titles and names have none, and then need no replacing. */
const COLLAPSIBLE = /[^\S ]| {2}/;

/** Collapse every run of whitespace (including hard line breaks) into one space. */
export function collapseWhitespace(text: string): string {
  return (COLLAPSIBLE.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

/** Runs of whitespace other than one plain space, each whole: the only places an abstract changes. */
const UNUSUAL_WHITESPACE = /\s{2,}|[^\S ]/g;
const PARAGRAPH_BREAK = /\n[ \t]*\n/;

/** A run of whitespace as one space, or as a paragraph break when it holds a blank line (CR or CRLF count as LF). */
function foldWhitespace(run: string): string {
  const lines = run.includes('\r') ? run.replace(/\r\n?/g, '\n') : run;
  return PARAGRAPH_BREAK.test(lines) ? '\n\n' : ' ';
}

const unwrap = (text: string) => text.replace(UNUSUAL_WHITESPACE, foldWhitespace).trim();

/**
 * An abstract as plain text: arXiv's hard line breaks unwrapped, paragraphs
 * (blank-line separated) kept. The notes marker is removed so that a hostile
 * abstract can never move its own tail into the person's notes on the next read,
 * also when removing it or folding spaces would make a new one.
 */
export function normaliseAbstract(text: string): string {
  let result = unwrap(text.includes(NOTES_MARKER) ? text.replaceAll(NOTES_MARKER, '') : text);
  while (result.includes(NOTES_MARKER)) result = unwrap(result.replaceAll(NOTES_MARKER, ''));
  return result;
}

/**
 * The key two titles are compared by: accents, case, TeX markup and
 * punctuation folded away, so `MoE$^2$: X` and `MoE^2: X` are the same paper.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\\[a-z]+/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const MAX_SLUG_LENGTH = 80;

/**
 * A stable file-safe id for a paper without an arXiv id: the title key with
 * hyphens, cut at a word boundary. Titles with no ASCII letters or digits get a
 * hash so they still have a stable id.
 */
export function titleSlug(title: string): string {
  const words = titleKey(title).split(' ').filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  if (!slug && words[0]) slug = words[0].slice(0, MAX_SLUG_LENGTH);
  if (slug) return slug;
  return `paper-${createHash('sha256').update(collapseWhitespace(title)).digest('hex').slice(0, 12)}`;
}

const NEW_STYLE_ARXIV = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;
const OLD_STYLE_ARXIV = /^([a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/** The arXiv id without its version (`2410.17243v2` → `2410.17243`), or undefined when it is not one. */
export function normaliseArxivId(value: string): string | undefined {
  const trimmed = value.trim();
  const match = NEW_STYLE_ARXIV.exec(trimmed) ?? OLD_STYLE_ARXIV.exec(trimmed);
  return match?.[1];
}


/** The URL when it is an absolute http(s) URL, else undefined: nothing else may become a link. */
export function httpUrlOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The UTC calendar day of an ISO timestamp, or undefined when it is not a valid one. */
export function isoDayOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/** Whether a string is a real calendar day written as YYYY-MM-DD. */
export function isValidDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

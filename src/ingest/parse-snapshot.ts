/**
 * Text snapshots: a listing page saved as text by a browser (grammar and traps
 * in the project's SOURCES notes). One item per block: title, abstract, then
 * optionally an author-count or organisation line, `·`, and a date line whose
 * year is left out when it is the capture year and which may end in the upvotes.
 * Snapshots are search and trending pages, not one day's listing: an item's date is
 * the paper's publication day (`published`), never the day it was listed (`date`).
 */
import { ListingError } from './types.ts';
import type { Listing, ListingItem, ParseContext } from './types.ts';
import { collapseWhitespace, hasControlCharacters, isValidDay, normaliseAbstract, stripControlCharacters } from './text.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_LINE = /^([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?(?: (\d+))?$/;
const AUTHOR_COUNT_LINE = /^•\s*(\d+)\s+authors?$/;
const SEPARATOR = '·';
/** How a complete abstract ends; the last item of a snapshot cut off in the middle of its text does not. */
const SENTENCE_END = /[.!?。！？)\]}"'”’»]$/u;
/** The header lines a browser's "save as text" gives before the items. */
const HEADER_MARKER = 'Daily Papers';

interface Line {
  text: string;
  /** 1-based line number in the file, for messages. */
  number: number;
  /** Set when control characters were removed from the line. */
  hadControlCharacters?: true;
}

interface MonthDay {
  month: number;
  day: number;
  year?: number;
  upvotes?: number;
}

interface RawItem {
  position: number;
  line: number;
  /** The lines of the item control characters were removed from. */
  controlLines: number[];
  title: string;
  abstract: string;
  meta?: string;
  date?: MonthDay;
}

function parseDateLine(text: string): MonthDay | undefined {
  const match = DATE_LINE.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[1] ?? '') + 1;
  if (month === 0) return undefined;
  const result: MonthDay = { month, day: Number(match[2]) };
  if (match[3]) result.year = Number(match[3]);
  if (match[4]) result.upvotes = Number(match[4]);
  return result;
}

function toDay(year: number, date: MonthDay): string | undefined {
  const day = `${String(year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  return isValidDay(day) ? day : undefined;
}

/** The lines with text, control characters removed (a line that held only those is reported and left out). */
function nonEmptyLines(text: string, origin: string, warnings: string[]): Line[] {
  const lines: Line[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, index) => {
      const line: Line = { text: raw.trim(), number: index + 1 };
      if (hasControlCharacters(line.text)) {
        line.text = stripControlCharacters(line.text).trim();
        line.hadControlCharacters = true;
        if (line.text === '') warnings.push(`${origin}: line ${line.number}: control characters removed, and nothing else was on the line`);
      }
      if (line.text !== '') lines.push(line);
    });
  return lines;
}

/** The header's date (the capture day without a year) and where the items begin. */
function findHeader(lines: Line[], origin: string): { capture: MonthDay; firstItem: number } {
  const marker = lines.findIndex((line, index) => index < 20 && line.text === HEADER_MARKER);
  if (marker === -1) throw new ListingError(`${origin}: not a daily papers text snapshot (no "${HEADER_MARKER}" header)`);
  for (let index = marker + 1; index < Math.min(lines.length, marker + 4); index += 1) {
    const line = lines[index];
    const capture = line && parseDateLine(line.text);
    if (capture && capture.year === undefined && capture.upvotes === undefined) return { capture, firstItem: index + 1 };
  }
  throw new ListingError(`${origin}: the header has no listing date like "Jun 1" after "${HEADER_MARKER}"`);
}

/** Split the item lines into blocks; a block that cannot be read becomes a warning. */
function readItems(lines: Line[], start: number, origin: string): { raw: RawItem[]; warnings: string[] } {
  const raw: RawItem[] = [];
  const warnings: string[] = [];
  let index = start;
  let position = 0;
  while (index < lines.length) {
    position += 1;
    const title = lines[index] as Line;
    const abstract = lines[index + 1];
    const skip = (why: string) => warnings.push(`${origin}: item ${position} (line ${title.number}) skipped: ${why}`);
    if (!abstract || abstract.text === SEPARATOR) {
      skip('a title without an abstract');
      index += abstract ? 1 : 2;
      continue;
    }
    const item: RawItem = { position, line: title.number, controlLines: [], title: title.text, abstract: abstract.text };
    const metaLines = lines[index + 2]?.text === SEPARATOR ? 0 : lines[index + 3]?.text === SEPARATOR ? 1 : undefined;
    item.controlLines = lines
      .slice(index, index + (metaLines === undefined ? 2 : 4 + metaLines))
      .flatMap((line) => (line.hadControlCharacters ? [line.number] : []));
    if (metaLines === undefined) {
      // Newest items carry no metadata: just a title and an abstract. Items are listed newest
      // first, so such an item at the very end whose text stops mid-sentence is a cut-off file.
      if (index + 2 >= lines.length && !SENTENCE_END.test(abstract.text)) {
        skip(`the file ends inside it: no date line, and line ${abstract.number} stops at ${JSON.stringify(`…${abstract.text.slice(-30)}`)} (is the snapshot cut off?)`);
        index += 2;
        continue;
      }
      raw.push(item);
      index += 2;
      continue;
    }
    if (metaLines === 1) item.meta = lines[index + 2]?.text;
    const dateLine = lines[index + 3 + metaLines];
    index += 4 + metaLines;
    const date = dateLine && parseDateLine(dateLine.text);
    if (!dateLine) skip('the file ends before the date line');
    else if (!date) skip(`line ${dateLine.number}: ${JSON.stringify(dateLine.text)} is not a date like "Mar 20" or "Aug 16, 2023 5"`);
    else raw.push({ ...item, date });
  }
  return { raw, warnings };
}

/**
 * An organisation line is `<slug> <name>` when the name spells the slug squashed (`ByteDance-Seed ByteDance Seed`,
 * `clio-ai Clio AI`) or starts it (`Acme-Labs Acme`); otherwise (`Korea University`) the whole line is the name.
 */
function parseOrganization(line: string): ListingItem['organization'] {
  const fold = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const [first = '', ...rest] = line.split(/\s+/);
  const name = rest.join(' ');
  const slug = fold(first);
  const spelled = fold(name);
  if (spelled && slug.startsWith(spelled)) return { name, slug: first };
  return { name: collapseWhitespace(line) };
}

/** The capture year: from `--as-of`, else one after the newest explicit year (entries with a year predate the capture year). */
function captureYear(capture: MonthDay, raw: RawItem[], ctx: ParseContext): { year: number; note?: string } {
  if (ctx.asOf) {
    const asOfYear = Number(ctx.asOf.slice(0, 4));
    const sameYear = toDay(asOfYear, capture);
    // A header date after the as-of day must be from the year before (captured Dec 31, imported with --as-of in January).
    return { year: sameYear && sameYear > ctx.asOf ? asOfYear - 1 : asOfYear };
  }
  const years = raw.flatMap((item) => (item.date?.year === undefined ? [] : [item.date.year]));
  if (years.length === 0) {
    throw new ListingError(`${ctx.origin}: cannot infer the capture year (no entry has a year); pass --as-of YYYY-MM-DD`);
  }
  const newest = Math.max(...years);
  const year = newest + 1;
  return { year, note: `${ctx.origin}: capture year ${year} inferred (newest explicit year ${newest} + 1); pass --as-of YYYY-MM-DD to set it` };
}

export function parseTextSnapshot(text: string, ctx: ParseContext): Listing {
  const lineWarnings: string[] = [];
  const lines = nonEmptyLines(text, ctx.origin, lineWarnings);
  const { capture, firstItem } = findHeader(lines, ctx.origin);
  const { raw, warnings } = readItems(lines, firstItem, ctx.origin);
  warnings.unshift(...lineWarnings);
  const { year, note } = captureYear(capture, raw, ctx);
  const captureDay = toDay(year, capture);
  if (!captureDay) throw new ListingError(`${ctx.origin}: the header date is not a real day in ${year}`);

  const items: ListingItem[] = [];
  for (const item of raw) {
    const listed: ListingItem = { position: item.position, title: collapseWhitespace(item.title), abstract: normaliseAbstract(item.abstract), authors: [] };
    if (item.date) {
      const day = toDay(item.date.year ?? year, item.date);
      if (!day) {
        warnings.push(`${ctx.origin}: item ${item.position} (line ${item.line}) skipped: its date is not a real day`);
        continue;
      }
      listed.published = day;
      if (item.date.upvotes !== undefined) listed.upvotes = item.date.upvotes;
    }
    const authorCount = item.meta && AUTHOR_COUNT_LINE.exec(item.meta);
    if (authorCount) listed.authorCount = Number(authorCount[1]);
    else if (item.meta) listed.organization = parseOrganization(item.meta);
    if (item.controlLines.length) {
      const where = item.controlLines.length === 1 ? `line ${item.controlLines[0]}` : `lines ${item.controlLines.join(', ')}`;
      warnings.push(`${ctx.origin}: item ${item.position} (line ${item.line}, ${JSON.stringify(listed.title)}): control characters removed from ${where}`);
    }
    items.push(listed);
  }
  return {
    kind: 'snapshot',
    source: `snapshot:${captureDay}`,
    items,
    warnings: note ? [note, ...warnings] : warnings,
  };
}

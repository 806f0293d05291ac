/**
 * How one listing item updates one paper file: pure functions from (what the
 * file says, what the listing says) to the new file text. The ingest owns the
 * keys it writes and the abstract above the notes marker; everything else in
 * the file belongs to the person and is carried over untouched.
 */
import type { z } from 'zod';
import { honestDates, NOTES_MARKER, paperSchema } from '../lib/schema.ts';
import type { Paper } from '../lib/schema.ts';
import type { Listing, ListingItem } from './types.ts';

/** Front matter keys in the order they are written: the schema's order, then the person's own keys. */
export const PAPER_KEY_ORDER = Object.keys(paperSchema.shape) as (keyof typeof paperSchema.shape)[];

/** Keys the person owns among the schema's keys; unknown keys are theirs too. */
const PERSON_KEYS = new Set<string>(['topics', 'note']);

/** The keys the ingest writes, in their fixed order. */
const OWNED_KEYS = PAPER_KEY_ORDER.filter((key) => !PERSON_KEYS.has(key));

type OwnedFields = Partial<z.infer<z.ZodObject<Omit<typeof paperSchema.shape, 'topics' | 'note'>>>>;

/**
 * The ingest-owned fields an existing file holds, each kept only when valid, so
 * a broken hand edit of one owned key is simply rewritten instead of failing
 * the whole paper.
 */
export function readOwnedFields(data: Record<string, unknown>): OwnedFields {
  const owned: Record<string, unknown> = {};
  for (const key of PAPER_KEY_ORDER) {
    if (PERSON_KEYS.has(key) || data[key] === undefined) continue;
    const parsed = paperSchema.shape[key].safeParse(data[key]);
    if (parsed.success && parsed.data !== undefined) owned[key] = parsed.data;
  }
  return owned as OwnedFields;
}

/** The day a source string names (`api:2024-10-25` → `2024-10-25`), '' when none. */
export function sourceDay(source: string): string {
  return /(\d{4}-\d{2}-\d{2})$/.exec(source)?.[1] ?? '';
}

const sortedUnion = (...lists: (string[] | undefined)[]) => [...new Set(lists.flatMap((list) => list ?? []))].sort();

const earliest = (a: string | undefined, b: string | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));

export interface MergeInput {
  id: string;
  /** The file's current front matter; undefined for a new paper. */
  existing?: Record<string, unknown>;
  /** A former id to remember (the title slug when the arXiv id arrives). */
  alias?: string;
  item: ListingItem;
  listing: Pick<Listing, 'source'>;
}

/**
 * The new values of the keys the ingest owns (every one, in the fixed order; undefined: absent) and
 * whether the listing's abstract replaces the file's. Values follow the newest listing that knows
 * them, so applying listings out of order gives the same result; `date` is the earliest listing day (a
 * `date` an older import took from a text snapshot becomes `published`, see `honestDates`);
 * nothing the listing does not know is erased. The person's keys are not here: they are never rewritten.
 */
export function mergePaper({ id, existing = {}, alias, item, listing }: MergeInput): {
  owned: Record<string, unknown>;
  takeAbstract: boolean;
  /** The paper's `date` as written. */
  date: string | undefined;
} {
  // A file imported when snapshot dates were taken for listing days is corrected as it is merged.
  const read = readOwnedFields(existing);
  const old: OwnedFields = { ...read, ...honestDates(read) };
  const incomingDay = sourceDay(listing.source);
  const newestKnownDay = (old.sources ?? []).map(sourceDay).sort().at(-1) ?? '';
  const isNewest = incomingDay >= newestKnownDay;
  const pick = <T>(incoming: T | undefined, current: T | undefined): T | undefined =>
    incoming !== undefined && (isNewest || current === undefined) ? incoming : current;

  const authors = item.authors.length > 0 && (isNewest || !old.authors?.length) ? item.authors : (old.authors ?? []);
  const authorCount = authors.length > 0 ? authors.length : pick(item.authorCount, old.authorCount || undefined);
  const keywords = pick(item.keywords?.length ? item.keywords : undefined, old.keywords?.length ? old.keywords : undefined);

  const values: OwnedFields = {
    id,
    title: pick(item.title, old.title) ?? item.title,
    date: earliest(old.date, item.date),
    authors,
    authorCount,
    upvotes: pick(item.upvotes, old.upvotes),
    organization: pick(item.organization && orderedOrganization(item.organization), old.organization),
    arxiv: old.arxiv ?? item.arxiv,
    published: pick(item.published, old.published),
    links: pick(item.links && orderedLinks(item.links), old.links),
    keywords,
    aiSummary: pick(item.aiSummary, old.aiSummary),
    numComments: pick(item.numComments, old.numComments),
    sources: sortedUnion(old.sources, [listing.source]),
    aliases: alias || old.aliases?.length ? sortedUnion(old.aliases, alias ? [alias] : []) : undefined,
  };

  const owned: Record<string, unknown> = {};
  for (const key of OWNED_KEYS) owned[key] = values[key as keyof OwnedFields];
  return { owned, takeAbstract: item.abstract !== '' && isNewest, date: values.date };
}

function orderedOrganization(organization: NonNullable<Paper['organization']>): NonNullable<Paper['organization']> {
  return { name: organization.name, ...(organization.slug && { slug: organization.slug }) };
}

function orderedLinks(links: NonNullable<ListingItem['links']>): NonNullable<Paper['links']> {
  return { ...(links.github && { github: links.github }), ...(links.project && { project: links.project }) };
}

export interface PaperBody {
  /** The text below the notes marker, byte for byte ('' for a new file). */
  notes: string;
  abstract: string;
  /** False when the person deleted the marker: then the whole body is theirs and is kept as it is. */
  hasMarker: boolean;
  /** The body exactly as the file has it. */
  raw: string;
}

/** Split a paper body at the notes marker without touching a byte of the notes. */
export function splitBody(body: string): PaperBody {
  const index = body.indexOf(NOTES_MARKER);
  if (index === -1) return { abstract: body.trim(), notes: '', hasMarker: false, raw: body };
  return { abstract: body.slice(0, index).trim(), notes: body.slice(index + NOTES_MARKER.length), hasMarker: true, raw: body };
}

/**
 * The body of a paper file: the abstract, a blank line, the marker, then the person's notes as they
 * were. `eol`: the file's line end (a file a person turned to CRLF stays CRLF).
 */
export function renderBody(abstract: string, notes: string, eol: '\n' | '\r\n' = '\n'): string {
  const tail = notes === '' ? eol : notes;
  const text = eol === '\n' ? abstract : abstract.replace(/\r?\n/g, eol);
  return text ? `${text}${eol}${eol}${NOTES_MARKER}${tail}` : `${NOTES_MARKER}${tail}`;
}

/**
 * The content format: one zod schema per record. This file is the public
 * interface between the ingest (which writes `content/`) and the site (which
 * reads it), so both import from here and nowhere else defines these shapes.
 */
import { z } from 'zod';

/** Whether `text` is `YYYY-MM-DD` naming a day the calendar has (no 2026-02-30, no month 13). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * A calendar day, `YYYY-MM-DD`. YAML 1.1 readers turn unquoted dates into Date objects; accept both. A day the
 * calendar lacks is refused here, where the error names the file and field, rather than deep inside a page.
 */
export const isoDay = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.string().refine(isCalendarDay, { error: (issue) => `expected a day of the calendar as YYYY-MM-DD, got ${JSON.stringify(issue.input)}` }),
);

/** Only http(s) URLs may ever become links. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http or https URL' });

export const organizationSchema = z.object({
  name: z.string().min(1),
  slug: z.string().min(1).optional(),
});

/**
 * Front matter of `content/papers/<id>.md`. Keys listed here are owned by the
 * ingest, except `topics` and `note`, which belong to the person; unknown keys
 * are kept (a loose object) because they belong to the person too.
 */
export const paperSchema = z.looseObject({
  id: z.string().min(1),
  title: z.string().min(1),
  /**
   * The day a daily listing (API or HTML) listed the paper; absent when none did. Never a text snapshot's card
   * date: snapshots are search and trending pages, whose dates are publication days (`published`).
   */
  date: isoDay.optional(),
  authors: z.array(z.string()).default([]),
  authorCount: z.number().int().nonnegative().default(0),
  upvotes: z.number().int().nonnegative().optional(),
  organization: organizationSchema.optional(),
  arxiv: z.string().min(1).optional(),
  /** The paper's publication day (arXiv's, or a text snapshot's card date). */
  published: isoDay.optional(),
  links: z
    .object({
      github: httpUrl.optional(),
      project: httpUrl.optional(),
    })
    .optional(),
  keywords: z.array(z.string()).default([]),
  aiSummary: z.string().optional(),
  numComments: z.number().int().nonnegative().optional(),
  /** Which listings the paper came from, e.g. `api:2024-10-25`, `snapshot:2026-06-01`. */
  sources: z.array(z.string()).default([]),
  /** Former ids (a title slug before the arXiv id was known): their URLs keep working. */
  aliases: z.array(z.string()).optional(),
  /** The person's override of the computed topics (topic slugs). */
  topics: z.array(z.string()).optional(),
  /** The person's short note. */
  note: z.string().optional(),
});

export type Paper = z.infer<typeof paperSchema>;

/** Whether a `sources` entry names a text snapshot (`snapshot:<capture day>`). */
export function isSnapshotSource(source: string): boolean {
  return source === 'snapshot' || source.startsWith('snapshot:');
}

/**
 * A paper's `date` and `published` as the format means them. Archives imported before snapshots were read
 * as publication dates hold a snapshot card's date in `date`: a `date` that no listing among `sources` can
 * have given (they are all snapshots, or the others each name another day) is a publication day, so it
 * becomes `published` (unless that is known) and `date` becomes the earliest day the other listings name.
 * A paper without sources is the person's own: its `date` is trusted.
 */
export function honestDates(paper: Pick<Paper, 'date' | 'published'> & { sources?: string[] }): Pick<Paper, 'date' | 'published'> {
  const { date, published } = paper;
  const sources = paper.sources ?? [];
  if (date === undefined || !sources.some(isSnapshotSource)) return { date, published };
  const listingDays = sources.filter((source) => !isSnapshotSource(source)).map((source) => /:(\d{4}-\d{2}-\d{2})$/.exec(source)?.[1]);
  // A listing without a day of its own (`api`) may have given any date: then it is trusted.
  if (listingDays.some((day) => day === undefined || day === date)) return { date, published };
  return { date: listingDays.sort()[0], published: published ?? date };
}

/** Front matter of `content/days/YYYY-MM-DD.md`: the day's listing, ids in listing order. */
export const daySchema = z.looseObject({
  date: isoDay,
  papers: z.array(z.string()).default([]),
});

export type Day = z.infer<typeof daySchema>;

/** Front matter of `content/topics/<slug>.md`; the body is the topic's description. */
export const topicSchema = z.object({
  title: z.string().min(1),
  /** Case-insensitive words or phrases matched against title, abstract and keywords. */
  terms: z.array(z.string().min(1)).min(1),
});

export type Topic = z.infer<typeof topicSchema>;

/**
 * Front matter of `content/digests/<slug>.mdx`: a post written by people over
 * the archive; the MDX body may use the `<Paper>`, `<Day>` and `<Topic>` components.
 */
export const digestSchema = z.object({
  title: z.string().min(1),
  date: isoDay,
  authors: z.array(z.string().min(1)).min(1, 'expected at least one author'),
  /** One or two sentences: shown in the digest list, the feed and search results. */
  summary: z.string().min(1),
});

export type Digest = z.infer<typeof digestSchema>;

const SAFE_ID_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Whether a paper id can be a file under `content/papers/` and a page under `/papers/` as it is:
 * one or two plain segments (`hep-th/9901001` is a sub-folder), never `..`, never a URL.
 */
export function isSafeId(id: string): boolean {
  if (id.includes('..')) return false;
  const segments = id.split('/');
  return segments.length <= 2 && segments.every((segment) => SAFE_ID_SEGMENT.test(segment));
}

/**
 * The body of a paper file is the abstract, then this marker, then whatever the
 * person writes. Everything above the marker is rewritten by the ingest;
 * everything below it is never touched.
 */
export const NOTES_MARKER = '<!-- Notes: everything below this line is yours and survives every import and fetch. -->';

/** Split a paper body into the ingest-owned abstract and the person's notes. */
export function splitPaperBody(body: string): { abstract: string; notes: string; hasMarker: boolean } {
  const index = body.indexOf(NOTES_MARKER);
  if (index === -1) return { abstract: body.trim(), notes: '', hasMarker: false };
  return {
    abstract: body.slice(0, index).trim(),
    notes: body.slice(index + NOTES_MARKER.length).replace(/^\n+/, '').trimEnd(),
    hasMarker: true,
  };
}

/**
 * A search record: what the site emits for each result (one JSON line per
 * record, src/lib/site/search-indexing.ts) and what the indexer indexes.
 * Records are built from the content, not by crawling the built HTML, so the
 * index costs one small record per paper however heavy the pages get.
 */
import { z } from 'zod';
import { isoDay } from '../lib/schema.ts';

/** What a result is: the `kind` filter tells papers and digests apart. */
export const recordKinds = ['paper', 'digest'] as const;

export const searchRecordSchema = z.object({
  kind: z.enum(recordKinds),
  /** The page's URL, base path included; the search page links to it as it is. */
  url: z.string().regex(/^\/(?!\/)/, 'expected a path on this site, like /papers/<id>/'),
  title: z.string().min(1),
  date: isoDay.optional(),
  upvotes: z.number().int().nonnegative().optional(),
  organisation: z.string().min(1).optional(),
  authors: z.array(z.string()),
  keywords: z.array(z.string()),
  abstract: z.string(),
  aiSummary: z.string().optional(),
  /** Topic titles, as shown on the filter. */
  topics: z.array(z.string()),
});

export type SearchRecord = z.infer<typeof searchRecordSchema>;

/** What the indexer takes from a record: the searched text, what results show, and filter and sort values. */
export interface IndexRecord {
  url: string;
  /** Every searched field as one text; excerpts are cut from it. */
  content: string;
  /** Also counted on their own, so a word in the title or keywords weighs more than one in the abstract. */
  title: string;
  keywords: string[];
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  /** Sort key; a record without upvotes sorts as having none. */
  upvotes: number;
}

export function toIndexRecord(record: SearchRecord): IndexRecord {
  // Excerpts start at the densest match or else at the top:
  // the abstract first makes them read as the abstract, not as the title repeated.
  // The organisation is searched too: a reader looks for a lab's papers by its name.
  const content = [record.abstract, record.aiSummary, record.title, record.authors.join(', '), record.organisation, record.keywords.join(', ')]
    .filter((part) => part && part.trim())
    .join('\n\n');
  const meta: Record<string, string> = { title: record.title };
  // Results are papers unless marked: only digests carry the marker, so paper records stay as small as before.
  if (record.kind !== 'paper') meta.kind = record.kind;
  if (record.date) meta.date = record.date;
  if (record.upvotes !== undefined) meta.upvotes = String(record.upvotes);
  if (record.organisation) meta.organisation = record.organisation;
  const filters: Record<string, string[]> = { kind: [record.kind] };
  if (record.topics.length > 0) filters.topic = record.topics;
  if (record.date) filters.year = [record.date.slice(0, 4)];
  if (record.organisation) filters.organisation = [record.organisation];
  return { url: record.url, content, title: record.title, keywords: record.keywords, meta, filters, upvotes: record.upvotes ?? 0 };
}

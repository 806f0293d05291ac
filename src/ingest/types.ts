/**
 * What every parser produces and the store consumes. Parsers are pure: text in,
 * `Listing` out. Only the store touches the file system.
 */
import type { Paper } from '../lib/schema.ts';

/** Which kind of listing an item came from. */
export type SourceKind = 'api' | 'html' | 'snapshot';

/** One paper as a listing shows it, already normalised (trimmed, unwrapped, URLs checked). */
export interface ListingItem {
  /** Where the item is in the response, page or file as given (1-based, skipped items counted): what warnings name. */
  position?: number;
  /** The arXiv id, only when the listing gives one and it is a valid arXiv id. */
  arxiv?: string;
  title: string;
  abstract: string;
  /** The day the paper was listed (YYYY-MM-DD), only when the listing is one day's list and says so. */
  date?: string;
  /** The publication day (YYYY-MM-DD): arXiv's, or the date on a text snapshot's card. */
  published?: string;
  /** Author names; empty when the listing gives none. */
  authors: string[];
  /** Number of authors when known (snapshots give "N authors" without names). */
  authorCount?: number;
  upvotes?: number;
  organization?: Paper['organization'];
  links?: { github?: string; project?: string };
  keywords?: string[];
  aiSummary?: string;
  numComments?: number;
}

/** A whole parsed listing: one API response, one HTML page, one text snapshot. */
export interface Listing {
  kind: SourceKind;
  /** Recorded in each paper's `sources`, e.g. `api:2024-10-25`, `snapshot:2026-06-01`. */
  source: string;
  /** Set when the listing is one day's list: then `content/days/<day>.md` is written. */
  day?: string;
  items: ListingItem[];
  /** One line per skipped item, naming the file or URL and the item's position. */
  warnings: string[];
}

/** Where the text came from and what it cannot say about itself. */
export interface ParseContext {
  /** File path or URL, used in every warning and error. */
  origin: string;
  /** The day this listing is for, when known from outside (a fetch's `date=` or a file name). */
  day?: string;
  /** The capture day of a text snapshot (YYYY-MM-DD), from `--as-of`; inferred when absent. */
  asOf?: string;
}

/** A file or response that cannot be parsed at all. The message names the origin. */
export class ListingError extends Error {
  override name = 'ListingError';
}

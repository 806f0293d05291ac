/**
 * The archive's order of papers: newest first by the day known of each (the listing day, else the publication
 * day), then most upvoted, then by id; papers with neither day last. Its own module because the paper preload
 * (paper-preload-worker.ts) numbers the papers as the archive will, without loading the archive's code.
 */
export interface Orderable {
  id: string;
  date?: string;
  published?: string;
  upvotes?: number;
}

export function byNewest(a: Orderable, b: Orderable): number {
  const dayOfA = a.date ?? a.published;
  const dayOfB = b.date ?? b.published;
  if (dayOfA !== dayOfB) {
    if (!dayOfA) return 1;
    if (!dayOfB) return -1;
    return dayOfA < dayOfB ? 1 : -1;
  }
  return (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.id.localeCompare(b.id);
}

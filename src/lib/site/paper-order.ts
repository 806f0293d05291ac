/**
 * The archive's order of papers: newest day first, then most upvoted, then
 * by id. Its own module because the paper preload (paper-preload-worker.ts)
 * numbers the papers as the archive will, without loading the archive's code.
 */
export interface Orderable {
  id: string;
  date?: string;
  upvotes?: number;
}

export function byNewest(a: Orderable, b: Orderable): number {
  if (a.date !== b.date) {
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.id.localeCompare(b.id);
}

/**
 * Splits a topic's or an organisation's papers into pages whose addresses keep
 * showing the same papers as the archive grows.
 *
 * Numbered from the newest (Astro's `paginate`), every page of a list moves
 * by a few papers each day: a permalink to "page 12" soon shows other papers,
 * and a daily rebuild of the whole Hugging Face history re-rendered all 4,000
 * such pages. Here the older pages are counted from the oldest paper: page 1
 * holds the list's 50 oldest papers, page 2 the next 50, and a full page never
 * changes again. The front page (the topic's own address) holds the rest,
 * newest first: half a page to one and a half pages' worth (25 to 74 papers),
 * so that every older page is full, no paper shows twice and the front page
 * is neither nearly empty nor twice as long as the others.
 */

export interface ListPage<T> {
  /** 0 for the front page, else the page's number counted from the oldest page (1). */
  number: number;
  /** Newest first. */
  items: T[];
  /** Positions of the page's oldest and newest item in the whole list, counted from its oldest (1). */
  from: number;
  to: number;
  /** The neighbouring pages (0 is the front page); undefined where there is none. */
  newer?: number;
  older?: number;
}

/** `newestFirst` in pages of `size` (see above); a list of less than one and a half pages is one page. */
export function stableListPages<T>(newestFirst: readonly T[], size: number): ListPage<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be a whole number of at least 1, not ${size}`);
  const total = newestFirst.length;
  const olderPages = Math.max(0, Math.floor((total + Math.floor(size / 2)) / size) - 1);
  const onOlderPages = olderPages * size;
  const front: ListPage<T> = {
    number: 0,
    items: newestFirst.slice(0, total - onOlderPages),
    from: Math.min(total, onOlderPages + 1),
    to: total,
    older: olderPages > 0 ? olderPages : undefined,
  };
  const pages = [front];
  for (let number = olderPages; number >= 1; number -= 1) {
    pages.push({
      number,
      items: newestFirst.slice(total - number * size, total - (number - 1) * size),
      from: (number - 1) * size + 1,
      to: number * size,
      newer: number < olderPages ? number + 1 : 0,
      older: number > 1 ? number - 1 : undefined,
    });
  }
  return pages;
}

/** The `[...page]` route parameter of a page: none for the front page, its number for an older one. */
export function pageParam(page: ListPage<unknown>): string | undefined {
  return page.number > 0 ? String(page.number) : undefined;
}

/** What the pager shows for `page`: its neighbours' addresses (`pathOf(n)`, 0 for the front page) and its range. */
export function listPager(page: ListPage<unknown>, pathOf: (number: number) => string): { newerHref?: string; olderHref?: string; label: string } {
  return {
    newerHref: page.newer === undefined ? undefined : pathOf(page.newer),
    olderHref: page.older === undefined ? undefined : pathOf(page.older),
    label: `Papers ${page.from}–${page.to}`,
  };
}

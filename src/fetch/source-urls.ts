/** The two places a day's listing can be fetched from, and where each page of a day lives. */

export const sourceNames = ['api', 'html'] as const;
export type SourceName = (typeof sourceNames)[number];

/** The API's largest page; a day with more papers continues on the next page. */
export const API_PAGE_LIMIT = 100;

export function pageUrl(source: SourceName, baseUrl: string, day: string, page: number): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (source === 'html') return `${base}/papers/date/${day}`;
  const query = new URLSearchParams({ date: day, limit: String(API_PAGE_LIMIT), p: String(page) });
  return `${base}/api/daily_papers?${query}`;
}

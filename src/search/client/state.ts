/**
 * The search page's state and its URL form (`?q=diffusion&topic=Robotics&sort=upvotes`):
 * the URL is the only place it lives, so a copied link reproduces the search
 * and back/forward restore it.
 */

/** Filter keys offered as facets, in page order; each is also a URL parameter. */
export const FILTER_KEYS = ['kind', 'topic', 'year', 'organisation'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const SORT_ORDERS = ['relevance', 'newest', 'upvotes'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface SearchState {
  query: string;
  filters: Record<FilterKey, string[]>;
  sort: SortOrder;
}

/** An unknown sort (an old or hand-edited link) falls back to relevance. */
export function parseSort(value: string | null): SortOrder {
  return (SORT_ORDERS as readonly (string | null)[]).includes(value) ? (value as SortOrder) : 'relevance';
}

export function isFilterKey(value: string): value is FilterKey {
  return (FILTER_KEYS as readonly string[]).includes(value);
}

/** Unknown parameters are ignored, so an old or hand-edited link still works. */
export function stateFromParams(params: URLSearchParams): SearchState {
  const filters = {} as Record<FilterKey, string[]>;
  for (const key of FILTER_KEYS) filters[key] = [...new Set(params.getAll(key).filter((value) => value !== ''))].sort();
  return { query: params.get('q')?.trim() ?? '', filters, sort: parseSort(params.get('sort')) };
}

/** The canonical query string: same state, same URL, whatever order things were clicked in. */
export function stateToSearch(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.query.trim()) params.set('q', state.query.trim());
  for (const key of FILTER_KEYS) for (const value of [...state.filters[key]].sort()) params.append(key, value);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The state with one filter value chosen (`on`) or not. */
export function withFilter(state: SearchState, key: FilterKey, value: string, on: boolean): SearchState {
  const others = state.filters[key].filter((existing) => existing !== value);
  const values = on ? [...others, value].sort() : others;
  return { ...state, filters: { ...state.filters, [key]: values } };
}

export function hasFilters(state: SearchState): boolean {
  return FILTER_KEYS.some((key) => state.filters[key].length > 0);
}

/** Nothing to search for: the page shows the facets and a prompt instead of results. */
export function isBlank(state: SearchState): boolean {
  return !state.query && !hasFilters(state);
}

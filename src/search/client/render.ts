/**
 * Builds the results and facets with DOM methods only: everything from the
 * index is set as text, so no title or abstract can ever become markup.
 */
import type { FilterCounts } from './engine.ts';
import type { ExcerptPiece } from './excerpt.ts';
import type { Fragment } from '../format.ts';
import { FILTER_KEYS, type FilterKey, type SearchState } from './state.ts';

const FILTER_LABELS: Record<FilterKey, string> = { kind: 'Type', topic: 'Topic', year: 'Year', organisation: 'Organisation' };
/** How the `kind` filter's values read; the values themselves stay short for URLs. */
const KIND_LABELS: Record<string, string> = { paper: 'Papers', digest: 'Digests' };

function valueLabel(key: FilterKey, value: string): string {
  return key === 'kind' ? (KIND_LABELS[value] ?? value) : value;
}

/** Only links into this site: an index entry can never send a reader elsewhere. */
export function safeHref(url: string, origin: string): string | null {
  try {
    const parsed = new URL(url, origin);
    return parsed.origin === origin && /^https?:$/.test(parsed.protocol) ? `${parsed.pathname}${parsed.search}${parsed.hash}` : null;
  } catch {
    return null;
  }
}

/**
 * 12,345: thousands marked as English does, without `toLocaleString`, whose
 * first call loads the browser's locale data (over 100 ms on a slow machine).
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** What the live region announces after each search. */
export function describeResults(count: number, state: SearchState): string {
  const what = state.query ? ` for “${state.query}”` : '';
  const filtered = FILTER_KEYS.some((key) => state.filters[key].length > 0) ? ' with the chosen filters' : '';
  const noun = state.filters.kind.length === 1 && state.filters.kind[0] === 'digest' ? 'digest' : 'paper';
  return count === 0 ? `No ${noun}s found${what}${filtered}.` : `${plural(count, noun)} found${what}${filtered}.`;
}

/** A filter as the page names it: Topic “Robotics”, Type “Digests”. */
function filterName(key: FilterKey, value: string): string {
  return `${FILTER_LABELS[key]} “${valueLabel(key, value)}”`;
}

/**
 * The advice shown when nothing matched: words to check when there is a query, and the filters to untick by
 * name when some are set (and no word about filters when none is).
 */
export function emptyHint(state: SearchState): string {
  const chosen = FILTER_KEYS.flatMap((key) => state.filters[key].map((value) => filterName(key, value)));
  const names = chosen.length > 1 ? `${chosen.slice(0, -1).join(', ')} and ${chosen.at(-1)}` : chosen[0];
  const untick = chosen.length === 0 ? '' : chosen.length === 1 ? `untick the filter ${names}` : `untick some of the filters ${names}`;
  if (state.query) return `Nothing matched. Check the spelling, ${untick ? `use fewer or more general words, or ${untick}` : 'or use fewer or more general words'}.`;
  return untick ? `Nothing matched. U${untick.slice(1)}.` : 'Nothing matched.';
}

/** How the filters' toggle says how many filters are set: "" or " (2 set)". */
export function filterCount(state: SearchState): string {
  const count = FILTER_KEYS.reduce((sum, key) => sum + state.filters[key].length, 0);
  return count === 0 ? '' : ` (${count} set)`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function resultItem(data: Pick<Fragment, 'url' | 'meta'>, pieces: ExcerptPiece[], origin: string): HTMLLIElement {
  const item = element('li');
  const article = element('article', 'paper-card search-result');
  const heading = element('h3');
  const title = data.meta.title ?? data.url;
  const href = safeHref(data.url, origin);
  if (href) {
    const link = element('a', undefined, title);
    link.href = href;
    heading.append(link);
  } else {
    heading.textContent = title;
  }
  const meta = element('p', 'meta');
  if (data.meta.kind === 'digest') meta.append(element('span', 'result-kind', 'Digest'));
  if (data.meta.date) {
    const time = element('time', undefined, data.meta.date);
    time.dateTime = data.meta.date;
    const day = element('span');
    day.append(time);
    meta.append(day);
  }
  if (data.meta.organisation) meta.append(element('span', undefined, data.meta.organisation));
  if (data.meta.upvotes !== undefined) meta.append(element('span', 'upvotes', plural(Number(data.meta.upvotes), 'upvote')));
  const excerpt = element('p', 'search-excerpt');
  for (const piece of pieces) {
    excerpt.append(piece.marked ? element('mark', undefined, piece.text) : document.createTextNode(piece.text));
  }
  article.append(heading, meta, excerpt);
  item.append(article);
  return item;
}

interface FacetValue {
  value: string;
  count: number;
}

/** Chosen values always stay visible (with 0 if nothing matches) so they can be unchosen. */
export function facetValues(key: FilterKey, counts: Record<string, number> | undefined, chosen: string[]): FacetValue[] {
  const values = new Map(Object.entries(counts ?? {}));
  for (const value of chosen) if (!values.has(value)) values.set(value, 0);
  const list = [...values].map(([value, count]) => ({ value, count }));
  const chosenSet = new Set(chosen);
  return list
    .filter((entry) => entry.count > 0 || chosenSet.has(entry.value))
    .sort((a, b) => (key === 'year' ? b.value.localeCompare(a.value) : b.count - a.count || a.value.localeCompare(b.value)));
}

/** Values a filter shows at first; the rest wait behind a "more" toggle, so no box needs a scroll bar that cuts a label in two. */
export const FACET_SHOWN = 8;

function facetList(key: FilterKey, values: FacetValue[], state: SearchState): HTMLUListElement {
  const list = element('ul');
  for (const { value, count } of values) {
    const input = element('input');
    input.type = 'checkbox';
    input.name = key;
    input.value = value;
    input.checked = state.filters[key].includes(value);
    // The text in one box of its own, so a long value wraps beside the checkbox instead of under it.
    const text = element('span', 'facet-text', `${valueLabel(key, value)} `);
    text.append(element('span', 'count-badge', `(${formatCount(count)})`));
    const label = element('label');
    label.append(input, text);
    const item = element('li');
    item.append(label);
    list.append(item);
  }
  return list;
}

/**
 * One fieldset of checkboxes per filter, ticked as the state says: the busiest values first, the others behind
 * a toggle that stays open across re-renders and opens by itself when it holds a chosen value.
 */
export function renderFacets(container: HTMLElement, counts: FilterCounts, state: SearchState): void {
  const focused = document.activeElement instanceof HTMLInputElement && container.contains(document.activeElement) ? document.activeElement : null;
  const openBefore = new Set([...container.querySelectorAll<HTMLDetailsElement>('details.facet-more[open]')].map((more) => more.dataset.filter));
  const fieldsets: HTMLFieldSetElement[] = [];
  for (const key of FILTER_KEYS) {
    const values = facetValues(key, counts[key], state.filters[key]);
    if (values.length === 0) continue;
    const fieldset = element('fieldset', 'facet');
    fieldset.append(element('legend', undefined, FILTER_LABELS[key]), facetList(key, values.slice(0, FACET_SHOWN), state));
    const rest = values.slice(FACET_SHOWN);
    if (rest.length > 0) {
      const more = element('details', 'facet-more');
      more.dataset.filter = key;
      more.open = openBefore.has(key) || rest.some(({ value }) => state.filters[key].includes(value) || (focused?.name === key && focused.value === value));
      more.append(element('summary', undefined, `${formatCount(rest.length)} more`), facetList(key, rest, state));
      fieldset.append(more);
    }
    fieldsets.push(fieldset);
  }
  container.replaceChildren(...fieldsets);
  // Re-rendering must not throw a keyboard user's focus back to the top of the page.
  if (focused) {
    const again = [...container.querySelectorAll<HTMLInputElement>('input')].find((input) => input.name === focused.name && input.value === focused.value);
    again?.focus();
  }
}

/** Tick the checkboxes the state names (used when back/forward changes the URL). */
export function syncFacets(container: HTMLElement, state: SearchState): void {
  for (const input of container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
    const key = input.name as FilterKey;
    input.checked = state.filters[key]?.includes(input.value) ?? false;
  }
}

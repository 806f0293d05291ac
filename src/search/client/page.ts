/**
 * The search page: reads the state from the URL, runs it through the search
 * index, renders results and facets, and writes every change back to the URL
 * (pushState for deliberate steps, replaceState while typing) so links
 * reproduce a search and back/forward walk through it.
 *
 * A plain query shows its results as soon as its words' shards and the first
 * results' fragments are in; the filter counts follow once the filter columns
 * are (they are fetched then, or at once when the URL has filters or a sort).
 *
 * The script runs from the page's head, before the body is parsed: it opens
 * the index from the manifest before it and asks for the URL's query's shards
 * at once, then waits for the rest of the page (a search link shows its
 * results without waiting for the browser to lay the page out first).
 */
import { SearchIndex } from './engine.ts';
import { excerpt } from './excerpt.ts';
import { MANIFEST_ELEMENT_ID, SEARCH_INDEX_DIR, type Manifest } from '../format.ts';
import { describeResults, emptyHint, filterCount, renderFacets, resultItem, syncFacets } from './render.ts';
import { hasFilters, isBlank, isFilterKey, parseSort, stateFromParams, stateToSearch, withFilter, type SearchState } from './state.ts';

const PAGE_SIZE = 20;
/** Words of an excerpt. */
const EXCERPT_WORDS = 36;
const TYPING_DELAY_MS = 250;
/** The bundle folder's URL. */
const BUNDLE = `${import.meta.env.BASE_URL}${SEARCH_INDEX_DIR}/`;

function urlState(): SearchState {
  return stateFromParams(new URLSearchParams(location.search));
}

/**
 * The index, opened from the manifest the build put in the page before this script (a page the indexer never saw
 * has none: the manifest is then fetched). Opened before the rest of the page is parsed, and the URL's query's
 * shards asked for at once; a failure is shown by start().
 */
const opening = (async () => {
  const manifest = document.getElementById(MANIFEST_ELEMENT_ID)?.textContent;
  return manifest ? SearchIndex.open(BUNDLE, JSON.parse(manifest) as Manifest) : SearchIndex.load(BUNDLE);
})();
opening.then((opened) => opened.prefetch(urlState().query)).catch(() => {});
if (document.readyState === 'loading') await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));

function required<T extends Element>(selector: string): T {
  const node = document.querySelector<T>(selector);
  if (!node) throw new Error(`search page: ${selector} is missing`);
  return node;
}

const form = required<HTMLFormElement>('#search-form');
const queryInput = required<HTMLInputElement>('#search-query');
const sortSelect = required<HTMLSelectElement>('#search-sort');
const facetBox = required<HTMLElement>('#search-facets');
const status = required<HTMLElement>('#search-status');
const empty = required<HTMLElement>('#search-empty');
const hint = required<HTMLElement>('#search-hint');
const filterCountLabel = required<HTMLElement>('#search-filter-count');
const list = required<HTMLOListElement>('#search-results');
const more = required<HTMLButtonElement>('#search-more');
const baseTitle = document.title;

let index: SearchIndex | undefined;
/** Each run gets a number; a slower earlier run never overwrites a later one. */
let currentRun = 0;
let results: number[] = [];
let highlighted = new Set<string>();
let shown = 0;
/** While typing, the history entry is replaced instead of adding one per keystroke. */
let typing = false;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

/** Put a state from the URL into the controls (on load and on back/forward). */
function showState(state: SearchState): void {
  queryInput.value = state.query;
  sortSelect.value = state.sort;
  syncFacets(facetBox, state);
  filterCountLabel.textContent = filterCount(state);
}

/**
 * What the controls ask for: query and sort as typed and chosen, filters as
 * the URL has them (facet checkboxes are drawn from results, so they may not
 * exist yet; a change to one is applied with `withFilter`).
 */
function controlsState(): SearchState {
  return { ...urlState(), query: queryInput.value.trim(), sort: parseSort(sortSelect.value) };
}

async function showMore(run: number): Promise<void> {
  if (!index) return;
  const source = index;
  const page = results.slice(shown, shown + PAGE_SIZE);
  const fragments = page.map((record) => source.fragment(record));
  // A newer search may stop waiting on these; their failures are then nobody's to report.
  for (const fragment of fragments) fragment.catch(() => {});
  // Each result appears as soon as it and those above it have arrived.
  for (const fragment of fragments) {
    const entry = await fragment;
    if (run !== currentRun) return;
    list.append(resultItem(entry, excerpt(entry.content, highlighted, EXCERPT_WORDS, entry.meta.title), location.origin));
  }
  shown += page.length;
  more.hidden = shown >= results.length;
}

/** Run a search and show it; a failure (say, an index file that cannot be fetched) is shown, not thrown. */
async function run(state: SearchState): Promise<void> {
  const thisRun = ++currentRun;
  try {
    await search(state, thisRun);
  } catch (error) {
    if (thisRun !== currentRun) return;
    status.textContent = 'The search failed. Reload the page to try again.';
    console.error('search: the search failed', error);
  }
}

async function search(state: SearchState, thisRun: number): Promise<void> {
  document.title = state.query ? `“${state.query}” · ${baseTitle}` : baseTitle;
  filterCountLabel.textContent = filterCount(state);
  // Still loading: start() runs whatever the URL says by then.
  const source = index;
  if (!source) return;
  // Counts always need the filter columns; filters, a date sort and a filter-only search need them first.
  const needsFacets = hasFilters(state) || state.sort === 'newest' || !state.query;
  // Otherwise they are fetched once the results are shown, so they never hold up the first results.
  if (needsFacets) await source.loadFacets();
  if (state.sort === 'upvotes') await source.loadUpvotes();
  if (thisRun !== currentRun) return;
  if (isBlank(state)) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    empty.hidden = true;
    renderFacets(facetBox, source.counts(state, Uint32Array.from({ length: source.records }, (_, i) => i)), state);
    status.textContent = 'Type words from a title or abstract, or choose a filter.';
    return;
  }
  const outcome = await source.search(state);
  if (thisRun !== currentRun) return;
  results = outcome.records;
  highlighted = outcome.words;
  shown = 0;
  list.replaceChildren();
  await showMore(thisRun);
  if (thisRun !== currentRun) return;
  hint.textContent = emptyHint(state);
  empty.hidden = results.length > 0;
  status.textContent = describeResults(results.length, state);
  await source.loadFacets();
  if (thisRun !== currentRun) return;
  renderFacets(facetBox, source.counts(state, outcome.matched), state);
}

/** Make `state` the page's state: a new history entry (`push`) or an update of this one. */
function commit(state: SearchState, push: boolean): void {
  const url = `${location.pathname}${stateToSearch(state)}`;
  if (url !== `${location.pathname}${location.search}`) {
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }
  void run(state);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  typing = false;
  commit(controlsState(), true);
});

queryInput.addEventListener('input', () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    commit(controlsState(), !typing);
    typing = true;
  }, TYPING_DELAY_MS);
});

// Facet checkboxes and the sort control are deliberate steps: each one is a history entry.
sortSelect.addEventListener('change', () => {
  typing = false;
  commit(controlsState(), true);
});
facetBox.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !isFilterKey(box.name)) return;
  typing = false;
  commit(withFilter(controlsState(), box.name, box.value, box.checked), true);
});

more.addEventListener('click', async () => {
  const firstNew = shown;
  await showMore(currentRun);
  // Keyboard users continue where the new results start.
  list.children[firstNew]?.querySelector('a')?.focus();
});

window.addEventListener('popstate', () => {
  typing = false;
  const state = urlState();
  showState(state);
  void run(state);
});

async function start(): Promise<void> {
  showState(urlState());
  try {
    index = await opening;
  } catch (error) {
    status.textContent = 'Search is unavailable: the search index could not be loaded. It is built by “npm run build”.';
    console.error('search: could not load the search index', error);
    return;
  }
  await run(urlState());
}

void start();

/**
 * Every internal link goes through these helpers so the site works under a
 * base path (`BASE_PATH=/archive/`). Paths are returned with a trailing slash,
 * matching `trailingSlash: 'always'`.
 */

function readBaseUrl(): string {
  // Vite replaces the exact expression `import.meta.env.BASE_URL` with the configured base at build
  // time (any other spelling is looked up at run time, in the process environment). Plain node
  // (scripts) has no import.meta.env: there the site root is "/".
  const base: string = import.meta.env ? import.meta.env.BASE_URL : '/';
  return base.endsWith('/') ? base : `${base}/`;
}

/** Read once: every link of every page asks for it (millions of times in a large archive's build). */
const BASE_URL = readBaseUrl();

/** Prefix a site-relative path ("topics/", "/rss.xml") with the base path. */
export function withBase(path: string): string {
  return `${BASE_URL}${path.startsWith('/') ? path.replace(/^\/+/, '') : path}`;
}

/** Ids may hold "/" (old arXiv ids like `hep-th/9901001`): each segment is encoded on its own. */
function encodeSegments(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

export function paperPath(id: string): string {
  return withBase(`papers/${encodeSegments(id)}/`);
}

/** `2024-10-25` → `/2024/10/25/`. */
export function dayPath(date: string): string {
  return withBase(`${date.replaceAll('-', '/')}/`);
}

/** `2024-10` → `/2024/10/`. */
export function monthPath(month: string): string {
  return withBase(`${month.replace('-', '/')}/`);
}

export function yearPath(year: string): string {
  return withBase(`${year}/`);
}

/**
 * A topic's newest papers at `/topics/<slug>/`, its older pages at `/topics/<slug>/<n>/`, counted from the oldest
 * (src/lib/site/list-pages.ts): `page` 0 is the front page.
 */
export function topicPath(slug: string, page = 0): string {
  return withBase(page > 0 ? `topics/${encodeURIComponent(slug)}/${page}/` : `topics/${encodeURIComponent(slug)}/`);
}

/** An organisation's papers, paged like a topic's: `/orgs/<slug>/`, then `/orgs/<slug>/<n>/` counted from the oldest. */
export function orgPath(slug: string, page = 0): string {
  return withBase(page > 0 ? `orgs/${encodeURIComponent(slug)}/${page}/` : `orgs/${encodeURIComponent(slug)}/`);
}

export function digestsPath(page = 1): string {
  return withBase(page > 1 ? `digests/${page}/` : 'digests/');
}

export function digestPath(slug: string): string {
  return withBase(`digests/${encodeURIComponent(slug)}/`);
}

/** The search page, running a search for `query` (the page reads `q` from the URL). */
export function searchPath(query: string): string {
  return withBase(`search/?q=${encodeURIComponent(query)}`);
}

/**
 * Finds broken internal links in a built site: every href/src/action (and
 * meta-refresh target) of every HTML page must name a file in the output,
 * under the site's base path. Fragments on the same page must name an id.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';

export interface BrokenLink {
  /** The page, relative to the output folder. */
  page: string;
  href: string;
  reason: string;
}

export interface LinkReport {
  base: string;
  pages: number;
  checked: number;
  broken: BrokenLink[];
}

const LINK_ATTRIBUTES = [
  ['a[href]', 'href'],
  ['link[href]', 'href'],
  ['img[src]', 'src'],
  ['script[src]', 'src'],
  ['source[src]', 'src'],
  ['iframe[src]', 'src'],
  ['form[action]', 'action'],
] as const;

export function normaliseBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/** The address a page is served at: `a/b/index.html` → `/base/a/b/`. */
function pageUrl(page: string, base: string): string {
  const posix = page.split(path.sep).join('/');
  const route = posix.endsWith('index.html') ? posix.slice(0, -'index.html'.length) : posix;
  return `${base}${route}`;
}

/** A site path names a file when it is one, or a folder with index.html, or (extensionless) a .html file. */
function resolvesToFile(dir: string, sitePath: string): boolean {
  const target = path.join(dir, sitePath);
  if (!target.startsWith(path.resolve(dir))) return false;
  if (existsSync(target) && statSync(target).isFile()) return true;
  if (existsSync(path.join(target, 'index.html'))) return true;
  return !sitePath.endsWith('/') && existsSync(`${target}.html`);
}

/**
 * When no base is given: if every internal link starts with one folder that the
 * output does not contain, the site was built for that base path.
 */
export function inferBase(dir: string, internalPaths: string[]): string {
  const firsts = new Set(internalPaths.map((href) => href.split('/')[1] ?? ''));
  if (firsts.size !== 1) return '/';
  const [first] = [...firsts];
  return first && !existsSync(path.join(dir, first)) ? `/${first}/` : '/';
}

function refreshTarget(content: string): string | undefined {
  return /url\s*=\s*['"]?([^'"\s]+)/i.exec(content)?.[1];
}

export async function checkLinks(dir: string, baseOption?: string): Promise<LinkReport> {
  const root = path.resolve(dir);
  const pages = await htmlFiles(root);
  const found: { page: string; href: string; ids: Set<string> }[] = [];
  for (const page of pages) {
    const $ = cheerio.load(await readFile(path.join(root, page), 'utf8'));
    const ids = new Set($('[id]').map((_, element) => $(element).attr('id') ?? '').get());
    for (const [selector, attribute] of LINK_ATTRIBUTES) {
      $(selector).each((_, element) => {
        found.push({ page, href: $(element).attr(attribute) ?? '', ids });
      });
    }
    $('meta[http-equiv="refresh" i]').each((_, element) => {
      const target = refreshTarget($(element).attr('content') ?? '');
      if (target) found.push({ page, href: target, ids });
    });
  }

  const internal = found.filter((link) => !isExternal(link.href));
  const base = baseOption
    ? normaliseBase(baseOption)
    : inferBase(root, internal.map((link) => link.href).filter((href) => href.startsWith('/')));
  const broken: BrokenLink[] = [];
  for (const link of internal) {
    const reason = problemWith(root, base, link.page, link.href, link.ids);
    if (reason) broken.push({ page: link.page, href: link.href, reason });
  }
  return { base, pages: pages.length, checked: internal.length, broken };
}

function problemWith(root: string, base: string, page: string, href: string, ids: Set<string>): string | undefined {
  if (href === '') return 'empty link';
  if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    return id === '' || ids.has(id) ? undefined : `no element with id "${id}" on the page`;
  }
  const url = new URL(href, `http://site.invalid${pageUrl(page, base)}`);
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return 'malformed percent-encoding';
  }
  if (!pathname.startsWith(base)) return `outside the base path ${base}`;
  return resolvesToFile(root, pathname.slice(base.length)) ? undefined : `no file for ${pathname}`;
}

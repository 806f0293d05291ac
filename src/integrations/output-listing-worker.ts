/**
 * The worker thread of keep-output's `listOutputFiles`: lists the files below
 * `workerData.dir` (paths relative to it, "/"-separated as on every system
 * Astro builds on), but not those of the top-level folders `workerData.keep`
 * names. Plain synchronous calls: on metadata the kernel has cached they are
 * several times cheaper than promises through Node's thread pool, and this
 * thread has nothing else to do. The leaf pages of `workerData.manifest` (a
 * page-cache manifest, src/lib/site/page-cache.ts), pages with nothing listed
 * below them, are taken as their index.html without reading their folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export interface OutputListingJob {
  dir: string;
  keep: string[];
  /** The page manifest of the build that wrote `dir`; '' when unknown. */
  manifest: string;
  /** That build's route files that are not a page's index.html (`topics/x/rss.xml`). */
  routeFiles?: readonly string[];
}

/** The folders (as "a/b/") that are pages of the manifest with nothing else listed below them. */
function leafPagesOf(manifest: string, routeFiles: readonly string[] | undefined): Set<string> {
  const leafPages = new Set<string>();
  if (!manifest || !routeFiles) return leafPages;
  let pathnames: string[];
  try {
    const pages = Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { pages: Record<string, unknown> }).pages);
    pathnames = pages.map((pathname) => pathname.split('/').map(decodeURIComponent).join('/')).concat(routeFiles);
  } catch {
    return leafPages; // Unreadable: every folder is read.
  }
  const parents = new Set<string>();
  for (const pathname of pathnames) {
    for (let slash = pathname.lastIndexOf('/', pathname.length - 2); slash > 0; slash = pathname.lastIndexOf('/', slash - 1)) {
      parents.add(pathname.slice(0, slash + 1));
    }
  }
  for (const pathname of pathnames) if (pathname.endsWith('/') && !parents.has(pathname)) leafPages.add(pathname);
  return leafPages;
}

function listFiles({ dir, keep, manifest, routeFiles }: OutputListingJob): string[] {
  const leafPages = leafPagesOf(manifest, routeFiles);
  const files: string[] = [];
  const visit = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (prefix === '' && keep.includes(entry.name)) continue;
      if (!entry.isDirectory()) files.push(prefix + entry.name);
      else if (leafPages.has(`${prefix}${entry.name}/`)) files.push(`${prefix}${entry.name}/index.html`);
      else visit(`${folder}/${entry.name}`, `${prefix}${entry.name}/`);
    }
  };
  visit(dir, '');
  return files;
}

parentPort?.postMessage(listFiles(workerData as OutputListingJob));

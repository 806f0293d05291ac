/** The Markdown files of a content folder, as the ingest, the site and the build all list them. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Every `.md` file below `folder` (sub-folders included, hidden files and folders left out),
 * sorted so that every run sees them in the same order; none when the folder is missing.
 * Walked folder by folder: Node's own recursive listing took ten times as long (0.5-0.7 s
 * for 50,000 papers, and the papers are listed by several steps of every build).
 */
export function listMarkdownFiles(folder: string): string[] {
  const files: string[] = [];
  const visit = (dir: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (top && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      // Joined by hand: path.join, normalising each of 50,000 paths again, cost more than the listing.
      if (entry.isDirectory()) visit(`${dir}${path.sep}${entry.name}`, false);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(`${dir}${path.sep}${entry.name}`);
    }
  };
  const top = path.join(folder);
  visit(top.length > 1 && top.endsWith(path.sep) ? top.slice(0, -1) : top, true);
  return files.sort();
}

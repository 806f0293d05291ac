/** Reads what Pagefind indexed straight from a built bundle, no browser needed. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Fragment {
  url: string;
  content: string;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
}

/** Pagefind fragments are gzipped JSON behind a "pagefind_dcd" signature. */
export async function readFragments(bundleDir: string): Promise<Fragment[]> {
  const dir = path.join(bundleDir, 'fragment');
  const fragments: Fragment[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const text = gunzipSync(await readFile(path.join(dir, name))).toString('utf8');
    fragments.push(JSON.parse(text.replace(/^pagefind_dcd/, '')) as Fragment);
  }
  return fragments.sort((a, b) => a.url.localeCompare(b.url));
}

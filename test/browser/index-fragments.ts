/**
 * Reads what the search index holds straight from a built bundle, no browser
 * needed (the file keeps its old name: test/site imports it).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MANIFEST_FILE, type Fragment, type Manifest } from '../../src/search/format.ts';

export type { Fragment };

export async function readManifest(bundleDir: string): Promise<Manifest> {
  return JSON.parse(gunzipSync(await readFile(path.join(bundleDir, MANIFEST_FILE))).toString('utf8')) as Manifest;
}

/** Every indexed record, sorted by URL. */
export async function readFragments(bundleDir: string): Promise<Fragment[]> {
  const dir = path.join(bundleDir, 'f');
  const fragments: Fragment[] = [];
  for (const name of (await readdir(dir)).sort()) {
    fragments.push(...(JSON.parse(gunzipSync(await readFile(path.join(dir, name))).toString('utf8')) as Fragment[]));
  }
  return fragments.sort((a, b) => a.url.localeCompare(b.url));
}

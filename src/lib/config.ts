/** Build-time settings read from the environment and the content folder (see README, "Configuration"). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readSiteSettings } from './site-settings.ts';

/** Where the Markdown archive lives; `CONTENT_DIR` overrides `content/`. */
export const contentDir = path.resolve(process.env.CONTENT_DIR || 'content');

/** The archive that comes with the project: its taxonomy is every new archive's default. */
export const bundledContentDir = path.resolve('content');

/**
 * The taxonomy the site uses: the content folder's `topics/`, or the bundled one when it has none
 * (`fallback` true: an archive made by an import or a fetch alone). An empty `topics/` means no topics.
 */
export function taxonomyDir(dir: string, bundled = bundledContentDir): { dir: string; fallback: boolean } {
  const own = path.join(dir, 'topics');
  const fallback = !existsSync(own) && existsSync(path.join(bundled, 'topics'));
  return { dir: fallback ? path.join(bundled, 'topics') : own, fallback };
}

export const topics = taxonomyDir(contentDir);

/** The site's title, description and URL: `site.yaml` in the content folder, `SITE_URL` overriding its URL. */
export const site = readSiteSettings(contentDir, process.env.SITE_URL);

/**
 * The site's own settings, in `site.yaml` at the top of the content folder:
 * its title, description and public URL. Read once by src/lib/config.ts; every
 * page, feed and meta tag takes them from there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { httpUrl } from './schema.ts';

export const SITE_SETTINGS_FILE = 'site.yaml';

export const siteSettingsSchema = z.strictObject({
  /** The site's name: the home page's heading, every page title's suffix, the feeds' titles. */
  title: z.string().trim().min(1, 'expected the site name'),
  /** One or two sentences: the home page's description for search engines and link previews. */
  description: z.string().trim().min(1, 'expected a sentence or two about the site'),
  /** Where the site is published (canonical links, feeds, sitemap); the `SITE_URL` environment variable overrides it. */
  url: httpUrl.optional(),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

/** What a content folder without `site.yaml` gets: the bundled archive's own settings. */
export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  title: 'Daily Papers Archive',
  description: 'An archive of Hugging Face Daily Papers, by day, topic and organisation.',
};

/** A settings file that cannot be used; the message names the file, the line and the field. */
export class SiteSettingsError extends Error {
  override name = 'SiteSettingsError';
}

/** Parses and validates the text of a settings file; `file` is only for the messages. */
export function parseSiteSettings(text: string, file: string): SiteSettings {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? '' : `:${lines.linePos(offset).line}`);
  const [syntax] = document.errors;
  if (syntax) throw new SiteSettingsError(`${file}${lineOf(syntax.pos[0])}: not valid YAML: ${syntax.message.split('\n')[0]}`);
  const result = siteSettingsSchema.safeParse(document.toJS() ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path : 'keys' in issue ? [issue.keys[0]!] : [];
    const node = where.length ? document.getIn(where, true) : undefined;
    const range = node && typeof node === 'object' && 'range' in node ? (node.range as [number, number, number] | undefined) : undefined;
    const field = where.length ? `${where.join('.')}: ` : '';
    return `${file}${lineOf(range?.[0])}: ${field}${issue.message}`;
  });
  throw new SiteSettingsError(problems.join('\n'));
}

/**
 * The settings of the content folder: its `site.yaml`, else the defaults (`missing` is then true).
 * A non-empty `siteUrl` (the `SITE_URL` environment variable) replaces the file's `url`.
 */
export function readSiteSettings(contentDir: string, siteUrl?: string): SiteSettings & { file: string; missing: boolean } {
  const file = path.join(contentDir, SITE_SETTINGS_FILE);
  const missing = !existsSync(file);
  const settings = missing ? DEFAULT_SITE_SETTINGS : parseSiteSettings(readFileSync(file, 'utf8'), file);
  const url = siteUrl?.trim() || settings.url;
  return { ...settings, ...(url ? { url } : {}), file, missing };
}

/** The text `npm run new` writes: the settings with a comment on each. */
export function siteSettingsFile(settings: SiteSettings): string {
  const quote = (value: string) => JSON.stringify(value);
  return [
    '# The site\'s settings (see README, "Your own archive").',
    '# The name in every page title, the home page heading and the feeds:',
    `title: ${quote(settings.title)}`,
    '# The home page\'s description for search engines and link previews:',
    `description: ${quote(settings.description)}`,
    '# Where the site is published; the SITE_URL environment variable overrides it:',
    settings.url ? `url: ${quote(settings.url)}` : '# url: "https://example.github.io/my-archive"',
    '',
  ].join('\n');
}

/** site.yaml: one place for the site's title, description and URL; bad settings name the file, line and field. `npm run new`. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { taxonomyDir } from '../../src/lib/config.ts';
import { createArchive, runNew } from '../../src/lib/new-archive.ts';
import { DEFAULT_SITE_SETTINGS, parseSiteSettings, readSiteSettings } from '../../src/lib/site-settings.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const bundledTopics = path.join(projectRoot, 'content/topics');

test('the bundled archive keeps its name and description in its site.yaml', () => {
  const settings = readSiteSettings(path.join(projectRoot, 'content'));
  expect(settings.missing).toBe(false);
  expect({ title: settings.title, description: settings.description }).toEqual(DEFAULT_SITE_SETTINGS);
});

test('a bad setting is reported with its file, line and field', () => {
  expect(() => parseSiteSettings('title: "Mine"\ndescription: ""\n', 'my/site.yaml')).toThrow('my/site.yaml:2: description: expected a sentence or two about the site');
  expect(() => parseSiteSettings('title: Mine\ndescription: Notes.\nurl: "ftp://x.org"\n', 'site.yaml')).toThrow('site.yaml:3: url: expected an http or https URL');
  expect(() => parseSiteSettings('title: Mine\ndescription: Notes.\ntitel: typo\n', 'site.yaml')).toThrow(/site\.yaml:3: titel: /);
  expect(() => parseSiteSettings('description: Notes.\n', 'site.yaml')).toThrow(/site\.yaml: title: /);
  expect(() => parseSiteSettings('title: [unclosed\n', 'site.yaml')).toThrow(/^site\.yaml:\d+: not valid YAML/);
});

test('SITE_URL overrides the url of site.yaml; a folder without site.yaml gets the defaults', async () => {
  const dir = await makeTempDir('site-settings-');
  expect(readSiteSettings(dir)).toMatchObject({ ...DEFAULT_SITE_SETTINGS, missing: true });
  await writeFile(path.join(dir, 'site.yaml'), 'title: Mine\ndescription: Notes.\nurl: https://mine.example/\n');
  expect(readSiteSettings(dir).url).toBe('https://mine.example/');
  expect(readSiteSettings(dir, 'https://other.example').url).toBe('https://other.example');
  expect(readSiteSettings(dir, '').url).toBe('https://mine.example/');
});

test('a content folder without topics/ uses the bundled taxonomy; an empty topics/ is respected', async () => {
  const dir = await makeTempDir('taxonomy-');
  expect(taxonomyDir(dir, path.join(projectRoot, 'content'))).toEqual({ dir: bundledTopics, fallback: true });
  await mkdir(path.join(dir, 'topics'));
  expect(taxonomyDir(dir, path.join(projectRoot, 'content'))).toEqual({ dir: path.join(dir, 'topics'), fallback: false });
});

test('npm run new: an archive with the default taxonomy and site.yaml; a non-empty folder is refused and left as it was', async () => {
  const parent = await makeTempDir('new-archive-');
  const dir = path.join(parent, 'mine');
  const lines: string[] = [];
  expect(runNew([dir], bundledTopics, { log: (line) => lines.push(line), error: (line) => lines.push(line) })).toBe(0);
  expect((await readdir(path.join(dir, 'topics'))).sort()).toEqual((await readdir(bundledTopics)).sort());
  expect(readSiteSettings(dir)).toMatchObject({ ...DEFAULT_SITE_SETTINGS, missing: false });
  expect((await readdir(dir)).sort()).toEqual(['days', 'digests', 'papers', 'site.yaml', 'topics']);
  expect(lines.join('\n')).toContain(`npm run fetch -- --content ${dir} --days 7`);

  const errors: string[] = [];
  await writeFile(path.join(dir, 'site.yaml'), 'title: Changed\ndescription: By hand.\n');
  expect(runNew([dir], bundledTopics, { log: () => {}, error: (line) => errors.push(line) })).toBe(1);
  expect(errors.join('\n')).toMatch(/is not empty .*nothing was written/);
  expect(await readFile(path.join(dir, 'site.yaml'), 'utf8')).toBe('title: Changed\ndescription: By hand.\n');
  // An empty folder is fine, and nothing is left beside it.
  const empty = path.join(parent, 'empty');
  await mkdir(empty);
  createArchive(empty, bundledTopics);
  expect((await readdir(parent)).sort()).toEqual(['empty', 'mine']);
  expect(runNew([], bundledTopics, { log: () => {}, error: () => {} })).toBe(2);
});

/**
 * The fixture sites several test files read, each built once per test run.
 *
 * A shared build is named by what it is (content, BASE_PATH and environment).
 * The first test file that asks for it builds it; every later one, in any
 * worker, reads the same output. The run's folder for them comes from the
 * global setup (test/helpers/global-setup.ts), which removes it when the run
 * ends. A test that changes content, rebuilds or expects a build to fail
 * builds a site of its own with `buildSite`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import { writeFixtureArchive } from '../site/fixture.ts';
import { withLock } from './build-lock.ts';
import { buildSite, projectRoot, type BuildOptions } from './build-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's shared builds are kept. */
    sharedBuildsDir: string;
  }
}

export const SEARCH_FIXTURE = path.join(projectRoot, 'test/fixtures/search/content');

/** Each shared build's options; `dir` is a folder of its own for content it generates. */
const recipes = {
  /** The site fixture with its generated bulk (test/site/fixture.ts), at the site root. */
  'site-root': async (dir: string) => ({ contentDir: await writeFixtureArchive(dir) }),
  /** The same under /archive/. */
  'site-archive': async (dir: string) => ({ contentDir: await writeFixtureArchive(dir), basePath: '/archive/' }),
  /** The search fixture at the site root and under /archive/. */
  'search-root': async () => ({ contentDir: SEARCH_FIXTURE, basePath: '/' }),
  'search-archive': async () => ({ contentDir: SEARCH_FIXTURE, basePath: '/archive/' }),
  /** The sample archive that comes with the project. */
  bundled: async () => ({ contentDir: path.join(projectRoot, 'content') }),
} satisfies Record<string, (dir: string) => Promise<BuildOptions>>;

export type SharedSite = keyof typeof recipes;

/** A shared build's result; its output is read-only and removed after the run. */
export interface SharedBuild {
  outDir: string;
  exitCode: number;
  output: string;
}

const started = new Map<SharedSite, Promise<SharedBuild>>();

export function sharedBuild(name: SharedSite): Promise<SharedBuild> {
  let build = started.get(name);
  if (!build) {
    build = buildOnce(name);
    started.set(name, build);
  }
  return build;
}

async function buildOnce(name: SharedSite): Promise<SharedBuild> {
  const root = inject('sharedBuildsDir');
  if (!root) throw new Error('no folder for shared builds: run the tests with a vitest config whose globalSetup is test/helpers/global-setup.ts');
  const dir = path.join(root, name);
  const record = path.join(dir, 'build.json');
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(record)) return JSON.parse(await readFile(record, 'utf8')) as SharedBuild;
    await mkdir(dir, { recursive: true });
    const options: BuildOptions = await recipes[name](path.join(dir, 'content'));
    const outDir = path.join(dir, 'dist');
    const result = await buildSite({ ...options, env: { ...options.env, OUT_DIR: outDir, ASTRO_CACHE_DIR: path.join(dir, 'cache') } });
    // Removes only the build's own empty work folder: its output is in `dir`.
    await result.dispose();
    const build: SharedBuild = { outDir, exitCode: result.exitCode, output: result.output };
    await writeFile(record, JSON.stringify(build));
    return build;
  });
}

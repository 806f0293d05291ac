/**
 * Builds the real site from a fixture content folder into a temporary folder,
 * the way a user would with `CONTENT_DIR=... BASE_PATH=... npm run build`.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { withBuildLock } from './build-lock.ts';

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export interface BuildOptions {
  contentDir: string;
  /** e.g. `/archive/`; the site root when absent. */
  basePath?: string;
  siteUrl?: string;
  env?: Record<string, string>;
  /** The folder the build is started from (`astro build --root <project>`); the project when absent. */
  cwd?: string;
}

export interface BuildResult {
  outDir: string;
  exitCode: number;
  /** stdout and stderr together, for error assertions. */
  output: string;
  /** Removes the build's output and cache. */
  dispose: () => Promise<void>;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  // Inside the project on purpose: Astro stages the pages of a build whose output lies outside the
  // project in one shared `.astro/.prerender/`, where concurrent builds would overwrite each other.
  // node_modules/.cache is git-ignored.
  const parent = path.join(projectRoot, 'node_modules/.cache/site-builds');
  await mkdir(parent, { recursive: true });
  const work = await mkdtemp(path.join(parent, 'build-'));
  // A test may choose the output folder (say, outside the project); then that is the one returned.
  const outDir = options.env?.OUT_DIR ?? path.join(work, 'dist');
  const env = {
    ...process.env,
    CONTENT_DIR: options.contentDir,
    BASE_PATH: options.basePath ?? '',
    SITE_URL: options.siteUrl ?? 'https://example.org',
    OUT_DIR: outDir,
    ASTRO_CACHE_DIR: path.join(work, 'cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  const astroBin = path.join(projectRoot, 'node_modules/astro/bin/astro.mjs');
  // process.execPath is the Node 22 that `npm test` runs vitest on.
  let output = '';
  const exitCode = await withBuildLock(() => {
    const child = spawn(process.execPath, [astroBin, 'build', '--root', projectRoot], { cwd: options.cwd ?? projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  });
  return { outDir, exitCode, output, dispose: () => rm(work, { recursive: true, force: true }) };
}

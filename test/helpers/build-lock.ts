/**
 * Locks across test workers: a folder made with `mkdir`, which exactly one
 * process can make. `withBuildLock` runs one Astro build at a time: every build
 * of this project writes the generated `.astro/` folder in the project root
 * (content module lists, types), whatever OUT_DIR and ASTRO_CACHE_DIR say, so
 * two builds of different content at once can bundle each other's files.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const buildLockDir = path.join(projectRoot, 'node_modules/.cache/build-lock');
/** A lock older than this was left by a killed run. */
const STALE_MS = 15 * 60_000;

async function acquire(lockDir: string): Promise<void> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir); // atomic: exactly one process succeeds
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lockDir).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (since > STALE_MS) await rm(lockDir, { recursive: true, force: true });
      else await sleep(100);
    }
  }
}

/** Runs `work` while holding the lock folder `lockDir`, waiting for any other holder first. */
export async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  await acquire(lockDir);
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

export function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  return withLock(buildLockDir, work);
}

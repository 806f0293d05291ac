/**
 * Temporary folders for tests, removed when the test file ends: every test run
 * used to leave hundreds of folders in the system's temporary folder.
 *
 * Importing this module registers one `afterAll` on the importing test file
 * (vitest evaluates modules once per test file), which removes every folder
 * made through `makeTempDir` in that file, whether its tests passed or failed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/** A new empty folder `<tmpdir>/<prefix>XXXXXX`, removed after the test file's last test. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders made so far; also what the `afterAll` below runs. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

afterAll(removeTempDirs);

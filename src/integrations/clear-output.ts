/**
 * Clears the previous build's output without holding up the build.
 *
 * Astro empties the output folder before it builds, one synchronous delete
 * after another: for a 50,000-paper site that is 110,000 files and folders,
 * most of a minute on a small runner's disk, during which the main build
 * process does nothing else. This integration moves the old output aside (one
 * rename per top-level entry, into a folder beside it) before Astro looks, and
 * deletes it in another process while the pages are rendered; the build waits for the deletion
 * before it ends, so nothing is left behind and no work escapes the timing.
 * A `.git` folder in the output (a deploy checkout) stays, as Astro keeps it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';

const KEEP = new Set(['.git']);

/** The folder beside `outDir` that receives its old entries: same file system, so a rename. */
export function asideFolder(outDir: string, id: string | number): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}-previous-${id}`);
}

/** Folders an interrupted earlier build left beside `outDir`. */
async function leftovers(outDir: string): Promise<string[]> {
  const prefix = path.basename(asideFolder(outDir, ''));
  const parent = path.dirname(outDir);
  const names = await readdir(parent).catch(() => []);
  return names.filter((name) => name.startsWith(prefix)).map((name) => path.join(parent, name));
}

/**
 * Moves every entry of `outDir` (but `.git`) into a new folder beside it and
 * returns the folders to delete (that one and any left by an interrupted
 * build). An entry that cannot be moved (another file system, say) stays for
 * Astro to delete as usual.
 */
export async function moveOutputAside(outDir: string, id: string | number = process.pid): Promise<string[]> {
  const toDelete = await leftovers(outDir);
  if (!existsSync(outDir)) return toDelete;
  const entries = (await readdir(outDir)).filter((name) => !KEEP.has(name));
  if (entries.length === 0) return toDelete;
  const aside = asideFolder(outDir, id);
  await mkdir(aside, { recursive: true });
  toDelete.push(aside);
  for (const name of entries) {
    try {
      await rename(path.join(outDir, name), path.join(aside, name));
    } catch {
      return toDelete;
    }
  }
  return toDelete;
}

/** Deletes every folder in a process of its own, at low priority, and resolves once it is done. */
function deleteAll(folders: string[], logger: AstroIntegrationLogger): Promise<void> {
  if (folders.length === 0) return Promise.resolve();
  // Not in this process: a recursive delete keeps Node's few file-system threads busy for as long as it runs,
  // and the build's own reads and writes (Vite's bundling first) would queue behind it.
  const child = spawn(process.execPath, ['-e', DELETE_SCRIPT, ...folders], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Lowering the priority is a courtesy to the build; without the right to, the delete still runs.
  }
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve) => {
    const fail = (reason: string) => {
      logger.warn(`could not delete the previous output (${folders.join(', ')}): ${reason}`);
      resolve();
    };
    child.on('error', (error) => fail(error.message));
    child.on('close', (code) => (code === 0 ? resolve() : fail(errors.trim() || `exit ${code}`)));
  });
}

const DELETE_SCRIPT = `for (const folder of process.argv.slice(1)) require('node:fs').rmSync(folder, { recursive: true, force: true, maxRetries: 3 });`;

export default function clearOutput(): AstroIntegration {
  let outDir = '';
  let deletion: Promise<void> = Promise.resolve();
  return {
    name: 'clear-output',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': async ({ logger }) => {
        deletion = deleteAll(await moveOutputAside(outDir), logger);
      },
      'astro:build:done': async () => {
        await deletion;
      },
    },
  };
}

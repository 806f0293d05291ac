/**
 * Has Astro write the pages with synchronous calls.
 *
 * Astro writes each page with `fs.promises.mkdir` then `fs.promises.writeFile`: three or four round trips through
 * Node's thread pool per page, each a wake-up of a pool thread and of the build's own. On this project's 2-core VM
 * that cost about 310 µs of CPU per page against 135 µs for the same calls made synchronously (most of which is
 * the kernel creating the folder and the file), about 10 CPU seconds of a 50,000-paper build whose two cores are
 * both busy throughout: the full build took 65 s instead of 70 s. There is no option for it, so for the
 * length of the build (`astro:build:start` to `astro:build:generated`) the two functions are replaced by ones that
 * make the synchronous call for a path inside the output folder, and hand any other path to the originals.
 */
import fs, { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { isStrictlyInside } from '../lib/atomic-write.ts';

type Promises = typeof fs.promises;

/** A path as Node's file functions take it, resolved, or undefined for a file descriptor or a file handle. */
function resolvedPath(target: unknown): string | undefined {
  if (target instanceof URL) return target.protocol === 'file:' ? fileURLToPath(target) : undefined;
  if (typeof target === 'string' || Buffer.isBuffer(target)) return path.resolve(target.toString());
  return undefined;
}

/** The call's result as a promise, its exception as a rejection: what the promise API's callers expect. */
function settled<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * Makes `fs.promises.mkdir` and `fs.promises.writeFile` synchronous for paths inside `dir`, until the returned
 * function puts the originals back.
 */
export function writeSynchronouslyInside(dir: string): () => void {
  const promises = fs.promises;
  const { mkdir, writeFile } = promises;
  const root = path.resolve(dir);
  const inside = (target: unknown) => {
    const file = resolvedPath(target);
    return file !== undefined && isStrictlyInside(root, file);
  };
  promises.mkdir = ((target: fs.PathLike, options?: fs.MakeDirectoryOptions) =>
    inside(target) ? settled(() => mkdirSync(target, options)) : mkdir(target, options)) as Promises['mkdir'];
  promises.writeFile = ((target: Parameters<Promises['writeFile']>[0], data: string | NodeJS.ArrayBufferView, options?: fs.WriteFileOptions) =>
    inside(target) ? settled(() => writeFileSync(target as fs.PathLike, data, options)) : writeFile(target, data, options as Parameters<Promises['writeFile']>[2])) as Promises['writeFile'];
  return () => {
    promises.mkdir = mkdir;
    promises.writeFile = writeFile;
  };
}

export default function pageWrites(): AstroIntegration {
  let outDir = '';
  let restore: (() => void) | undefined;
  return {
    name: 'papers-archive:page-writes',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        restore = writeSynchronouslyInside(outDir);
      },
      'astro:build:generated': () => {
        restore?.();
        restore = undefined;
      },
    },
  };
}

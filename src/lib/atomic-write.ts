/**
 * Writes that never leave a half-written file and never land outside their root folder.
 *
 * Synchronous on purpose: these are small files, and on this kind of machine each
 * trip through libuv's thread pool (what `fs/promises` does for every open, write,
 * close and rename) costs ten times the system call itself, which made file I/O most
 * of an import's time. The store yields to the event loop between batches instead.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Both paths absolute and normalised (as `path.resolve` gives them). */
export function isStrictlyInside(root: string, file: string): boolean {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return file.length > prefix.length && file.startsWith(prefix);
}

function assertLexicallyInside(root: string, file: string): void {
  if (!isStrictlyInside(path.resolve(root), path.resolve(file))) throw new Error(`refusing to write ${file}: it is outside ${root}`);
}

/** Throws unless `file` is inside `root`, also after resolving symlinked folders on the way. */
export function assertInside(root: string, file: string): void {
  assertLexicallyInside(root, file);
  const realRoot = realpathSync(root);
  const realFolder = realpathSync(path.dirname(file));
  if (!isStrictlyInside(realRoot, path.join(realFolder, path.basename(file)))) {
    throw new Error(`refusing to write ${file}: it resolves outside ${root}`);
  }
}

/** Folders already created and checked in this process: checking once per folder keeps bulk imports fast. */
const checkedFolders = new Set<string>();

/** Unique per process and write, without a random draw per file. */
const runTag = `${process.pid}-${randomBytes(4).toString('hex')}`;
let temporaryCounter = 0;

/**
 * `<file>.<pid>-<run>-<n>.tmp`: ends in `.tmp`, so the project's `.gitignore` keeps a file a killed
 * process left behind out of a commit, and names its process, so a later run can tell it is stale.
 */
export function temporaryPathFor(file: string): string {
  return `${file}.${runTag}-${(temporaryCounter += 1)}.tmp`;
}

/** A temporary file's process and run, in today's form and in the `<file>.tmp-<pid>-<run>-<n>` of older versions. */
const TEMPORARY_NAME = /\.(\d+)-([0-9a-f]{8})-\d+\.tmp$|\.tmp-(\d+)-([0-9a-f]{8})-\d+$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a temporary file's writer is gone: another run of this process id, or a process no longer running. */
function isStale(name: string): boolean {
  const match = TEMPORARY_NAME.exec(name);
  if (!match) return false;
  const pid = Number(match[1] ?? match[3]);
  const tag = `${pid}-${match[2] ?? match[4]}`;
  return tag !== runTag && (pid === process.pid || !isRunning(pid));
}

/**
 * Removes the temporary files that writes of killed runs left anywhere below `root` (those of a
 * run still going are kept); returns their paths. The import and the fetch call it on start.
 */
export function removeStaleTemporaryFiles(root: string): string[] {
  const removed: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const entryPath = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(entryPath);
      else if (entry.isFile() && isStale(entry.name)) {
        rmSync(entryPath, { force: true });
        removed.push(entryPath);
      }
    }
  };
  visit(path.resolve(root));
  return removed;
}

/**
 * Write a temporary file (see `temporaryPathFor`) in the same folder, then rename it over `file`. `data`: text,
 * or pieces of bytes written one after another (a large file made of parts is not first copied into one buffer).
 */
export function writeFileAtomic(root: string, file: string, data: string | readonly Uint8Array[]): void {
  assertLexicallyInside(root, file);
  const folder = path.dirname(path.resolve(file));
  if (!checkedFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    assertInside(root, file);
    checkedFolders.add(folder);
  }
  const temporary = temporaryPathFor(file);
  try {
    writeTemporary(root, file, temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    // Never leave the temporary file behind, and never hide why the write failed behind a failed clean-up.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The original error says more.
    }
    throw error;
  }
}

function writeData(file: string, data: string | readonly Uint8Array[]): void {
  if (typeof data === 'string') {
    writeFileSync(file, data, 'utf8');
    return;
  }
  const fd = openSync(file, 'w');
  try {
    for (const piece of data) {
      for (let written = 0; written < piece.length; ) written += writeSync(fd, piece, written);
    }
  } finally {
    closeSync(fd);
  }
}

function writeTemporary(root: string, file: string, temporary: string, data: string | readonly Uint8Array[]): void {
  const folder = path.dirname(path.resolve(file));
  try {
    writeData(temporary, data);
  } catch (error) {
    // The folder was checked earlier in this process but has since been removed (a content or
    // cache folder deleted and made again): forget it, create it once more and retry.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !checkedFolders.delete(folder)) throw error;
    mkdirSync(folder, { recursive: true });
    assertInside(root, file);
    checkedFolders.add(folder);
    writeData(temporary, data);
  }
}

export function removeInside(root: string, file: string): void {
  assertInside(root, file);
  unlinkSync(file);
}


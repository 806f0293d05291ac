/**
 * One writer at a time per content folder. The store keeps an index of the
 * folder in memory and merges each paper from its file, so two runs at once
 * (two fetches, a fetch and an import) would each write over the other's
 * papers. A run holds `<content>/.papers-archive.lock` (git-ignored) while it
 * reads and writes; another run waits for it, saying who holds it. A lock
 * whose process has died (killed, crashed) is taken over, with a note.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

export const LOCK_FILE_NAME = '.papers-archive.lock';

const holderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  command: z.string(),
  since: z.string(),
});

type Holder = z.infer<typeof holderSchema>;

export interface ContentLock {
  file: string;
  /** Removes the lock file if it is still this run's. */
  release(): void;
}

export interface LockOptions {
  /** A line for the person running the command: why it waits, or which dead run's lock it took over. */
  note: (line: string) => void;
  /** How often to look again while another run holds the lock. */
  pollMs?: number;
}

export async function lockContent(contentDir: string, { note, pollMs = 200 }: LockOptions): Promise<ContentLock> {
  mkdirSync(contentDir, { recursive: true });
  const file = path.join(contentDir, LOCK_FILE_NAME);
  const mine = `${JSON.stringify(currentHolder())}\n`;
  const lock: ContentLock = {
    file,
    release: () => {
      if (readText(file) === mine) rmSync(file, { force: true });
    },
  };
  let toldWaiting = false;
  let seenEmpty = false;
  for (;;) {
    if (createExclusive(file, mine)) return lock;
    const text = readText(file);
    if (text === undefined) continue; // Released between the two calls: try again at once.
    const holder = parseHolder(text);
    if (holder && !isRunning(holder)) {
      if (takeOver(file, text, mine)) {
        note(`${file} was left by pid ${describe(holder)}, which is no longer running: taken over`);
        return lock;
      }
      continue;
    }
    // An empty file is a lock being written this instant: it is reported only if it is still empty a moment later.
    if (!toldWaiting && (text !== '' || seenEmpty)) {
      note(
        holder
          ? `${file} is held by pid ${describe(holder)}: waiting for that run to finish (if no such run is going on, delete the file)`
          : `${file} is held by a run this command cannot identify: waiting for it (if no such run is going on, delete the file)`,
      );
      toldWaiting = true;
    }
    seenEmpty = text === '';
    await sleep(pollMs);
  }
}

function currentHolder(): Holder {
  const command = [path.basename(process.argv[1] ?? 'node'), ...process.argv.slice(2)].join(' ');
  return { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
}

function describe(holder: Holder): string {
  return `${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`;
}

function parseHolder(text: string): Holder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A process on another machine (a shared folder) cannot be checked: it counts as running. */
function isRunning(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces a dead run's lock, only if it is still the one that was read: under
 * a second, short-lived lock, so that two runs finding the same dead lock do
 * not both take it (the second would otherwise remove the first one's new lock).
 */
function takeOver(file: string, deadText: string, mine: string): boolean {
  const guard = `${file}.takeover`;
  if (!createExclusive(guard, mine)) {
    // Another run is taking over. Its guard lives for a few system calls; one whose run died is cleared.
    const guardHolder = parseHolder(readText(guard) ?? '');
    if (guardHolder && !isRunning(guardHolder)) rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readText(file) !== deadText) return false;
    rmSync(file, { force: true });
    return createExclusive(file, mine);
  } finally {
    rmSync(guard, { force: true });
  }
}

/** True when this call created `file`; false when it already existed. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

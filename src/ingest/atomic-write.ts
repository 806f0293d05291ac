/** Writes that never leave a half-written file and never land outside their root folder. */
import { randomUUID } from 'node:crypto';
import { mkdir, realpath, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

function isStrictlyInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function assertLexicallyInside(root: string, file: string): void {
  if (!isStrictlyInside(path.resolve(root), path.resolve(file))) throw new Error(`refusing to write ${file}: it is outside ${root}`);
}

/** Throws unless `file` is inside `root`, also after resolving symlinked folders on the way. */
export async function assertInside(root: string, file: string): Promise<void> {
  assertLexicallyInside(root, file);
  const [realRoot, realFolder] = await Promise.all([realpath(root), realpath(path.dirname(file))]);
  if (!isStrictlyInside(realRoot, path.join(realFolder, path.basename(file)))) {
    throw new Error(`refusing to write ${file}: it resolves outside ${root}`);
  }
}

/** Folders already created and checked in this process: checking once per folder keeps bulk imports fast. */
const checkedFolders = new Set<string>();

/** Write `<file>.tmp-<random>` in the same folder, then rename it over `file`. */
export async function writeFileAtomic(root: string, file: string, text: string): Promise<void> {
  assertLexicallyInside(root, file);
  const folder = path.dirname(path.resolve(file));
  if (!checkedFolders.has(folder)) {
    await mkdir(folder, { recursive: true });
    await assertInside(root, file);
    checkedFolders.add(folder);
  }
  const temporary = `${file}.tmp-${randomUUID()}`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function removeInside(root: string, file: string): Promise<void> {
  await assertInside(root, file);
  await unlink(file);
}

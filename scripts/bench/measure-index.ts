/**
 * Builds a search index from a records file in a process of its own and
 * measures it: wall time, CPU seconds of the whole process tree (the Pagefind
 * API's binary included), the peak resident memory of its largest single
 * process (as measure-build.ts measures a build), and the bytes written.
 * The own index runs through the build's own indexer process
 * (src/search/indexer-process.ts), Pagefind through
 * scripts/bench/pagefind-index.ts, on the same file.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sampleTreeMemory } from './measure-build.ts';

export const ENGINES = ['own', 'pagefind'] as const;
export type Engine = (typeof ENGINES)[number];

export interface IndexMeasurement {
  indexSeconds: number;
  indexCpuSeconds: number;
  indexPeakMemoryMB: number;
  /** Every file a search may fetch (Pagefind's optional UI files left out). */
  indexBytes: number;
  indexFiles: number;
}

const projectRoot = path.resolve(import.meta.dirname, '../..');
/** Kernel clock ticks per second, the unit of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;
/** Pagefind's ready-made interfaces, not needed by its search API. */
const PAGEFIND_UI = /-ui\.(js|css)$|^pagefind-highlight\.js$/;

/**
 * CPU seconds of this process's children that have ended and been waited for (and of theirs, waited for by them):
 * the 16th and 17th fields of /proc/self/stat.
 */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields counted from the state (the 3rd field) on: cutime is the 16th, cstime the 17th.
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / TICKS_PER_SECOND;
}

/** The bundle a search reads: the own index's folder, or Pagefind's without its UI files. */
export async function bundleSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || PAGEFIND_UI.test(entry.name)) continue;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    files += 1;
  }
  return { bytes, files };
}

/** Where each engine's bundle is under the folder it is written to. */
export function bundleDirOf(engine: Engine, outDir: string): string {
  return path.join(outDir, engine === 'own' ? 'search-index' : 'pagefind');
}

/**
 * Indexes `recordsFile` with `engine` into `outDir` (`bundleDirOf`). No other child of this process may run
 * meanwhile: the CPU figure is what this process's ended children used.
 */
export async function measureIndex(engine: Engine, recordsFile: string, outDir: string): Promise<IndexMeasurement> {
  const args =
    engine === 'own'
      ? [path.join(projectRoot, 'src/search/indexer-process.ts'), recordsFile, bundleDirOf('own', outDir)]
      : [path.join(projectRoot, 'scripts/bench/pagefind-index.ts'), recordsFile, outDir];
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const sampler = sampleTreeMemory(child.pid!);
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  // The own indexer waits for the build's word that the records are on disk (here they already are).
  child.stdin.end('begin\n');
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const indexSeconds = (performance.now() - started) / 1000;
  const peakKb = await sampler.stop();
  if (exitCode !== 0) throw new Error(`${engine} index of ${recordsFile} failed (exit ${exitCode}):\n${log.slice(-4000)}`);
  const { bytes, files } = await bundleSize(bundleDirOf(engine, outDir));
  return {
    indexSeconds,
    indexCpuSeconds: childrenCpuSeconds() - cpuBefore,
    indexPeakMemoryMB: Math.round(peakKb / 1024),
    indexBytes: bytes,
    indexFiles: files,
  };
}

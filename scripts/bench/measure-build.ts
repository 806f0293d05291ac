/**
 * Runs the real `astro build` on a content folder and measures it: wall time,
 * the pages and index phases from the build's own log, and the peak resident
 * memory of the largest single process in the build's process tree.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

export interface BuildPaths {
  projectRoot: string;
  contentDir: string;
  outDir: string;
  cacheDir: string;
}

export interface BuildMeasurement extends BuildPhases {
  /** Pages left as the previous build wrote them (Astro logs each as "(cached)" or "(restored)"); 0 on a first build. */
  reusedPages: number;
  /** Wall time of the whole `astro build` process, start to exit. */
  buildSeconds: number;
  peakMemoryMB: number;
  log: string;
}

const SAMPLE_INTERVAL_MS = 100;

/** Astro's getTimeStat prints "850ms", "12.34s" or, from a minute on, "5m 7s". */
const DURATION = String.raw`(\d+m \d+s|[\d.]+ms|[\d.]+s)\b`;

export function parseDuration(text: string): number {
  const minutes = /^(\d+)m (\d+)s$/.exec(text);
  if (minutes) return Number(minutes[1]) * 60 + Number(minutes[2]);
  return text.endsWith('ms') ? Number(text.slice(0, -2)) / 1000 : Number(text.slice(0, -1));
}

/**
 * The phases of an Astro 7 build log. Astro's "N page(s) built in X" is the
 * whole build including the integrations' build:done hooks; the search index
 * runs beside the pages, so its figure overlaps the others.
 */
export interface BuildPhases {
  /** Astro's total: content sync, bundling, rendering, then build:done hooks (sitemap, search index). */
  astroSeconds: number | null;
  /** "Collecting build info… ✓ Completed in X": content sync and type generation. */
  contentSeconds: number | null;
  /** "generating static routes … ✓ Completed in X": rendering every page to HTML. */
  renderSeconds: number | null;
  /**
   * "[papers-search] indexed N records into DIR in Xs" from src/integrations/search.ts: the indexer's time
   * from its start (once the archive is loaded) to its end, beside the pages, not after them.
   */
  indexSeconds: number | null;
}

export function parseBuildPhases(log: string): BuildPhases {
  // Astro colours the figures; the phase lines are matched on the plain text.
  const lines = stripVTControlCharacters(log).split('\n');
  const find = (pattern: RegExp, after = 0) => {
    for (let i = after; i < lines.length; i += 1) {
      const match = pattern.exec(lines[i]!);
      if (match) return parseDuration(match[1]!);
    }
    return null;
  };
  const astroSeconds = find(new RegExp(`page\\(s\\) built in ${DURATION}`));
  const collecting = lines.findIndex((line) => line.includes('Collecting build info'));
  const contentSeconds = collecting === -1 ? null : find(new RegExp(`\\[build\\] ✓ Completed in ${DURATION}`), collecting);
  const generating = lines.findIndex((line) => line.includes('generating static routes'));
  const renderSeconds = generating === -1 ? null : find(new RegExp(`✓ Completed in ${DURATION}`), generating);
  const indexSeconds = find(/\[papers-search\] indexed \d+ records .* in ([\d.]+s)\b/);
  return { astroSeconds, contentSeconds, renderSeconds, indexSeconds };
}

/**
 * The process tree under `root`, from the kernel's per-thread child lists
 * (cheaper than scanning every /proc/<pid>/stat, which matters 10 times a second).
 */
function treeOf(root: number): number[] {
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    tree.push(pid);
    try {
      for (const thread of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process or thread ended while being read.
    }
  }
  return tree;
}

/** VmHWM is the kernel's own high-water mark of a process's RSS, so a sample between peaks still sees them. */
function highWaterMarkKb(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Samples the tree under `root` until `stop()`; resolves the largest single-process high-water mark in KB. */
export function sampleTreeMemory(root: number): { stop: () => Promise<number> } {
  let peakKb = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const pid of treeOf(root)) peakKb = Math.max(peakKb, highWaterMarkKb(pid));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peakKb;
    },
  };
}

/** Runs `npm run build` on `paths`; `extraNodeArgs` (e.g. --cpu-prof) are added to its Node's options. */
export async function measureBuild(paths: BuildPaths, extraNodeArgs: string[] = []): Promise<BuildMeasurement> {
  const env = {
    ...process.env,
    CONTENT_DIR: paths.contentDir,
    OUT_DIR: paths.outDir,
    ASTRO_CACHE_DIR: paths.cacheDir,
    ASTRO_TELEMETRY_DISABLED: '1',
    BASE_PATH: '',
    SITE_URL: 'https://bench.example.org',
  };
  const started = performance.now();
  // Exactly the README's build command. Extra Node flags (--cpu-prof, which Node refuses in NODE_OPTIONS) go to
  // what it runs, scripts/build.ts, which passes them on to the build.
  const [command, args]: [string, string[]] = extraNodeArgs.length > 0 ? [process.execPath, [...extraNodeArgs, 'scripts/build.ts']] : ['npm', ['run', '--silent', 'build']];
  const child = spawn(command, args, { cwd: paths.projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = sampleTreeMemory(child.pid!);
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const buildSeconds = (performance.now() - started) / 1000;
  const peakKb = await sampler.stop();
  if (exitCode !== 0) throw new Error(`astro build on ${paths.contentDir} failed (exit ${exitCode}):\n${log.slice(-4000)}`);
  return {
    buildSeconds,
    ...parseBuildPhases(log),
    reusedPages: (log.match(/\((?:cached|restored)\)/g) ?? []).length,
    peakMemoryMB: Math.round(peakKb / 1024),
    log,
  };
}

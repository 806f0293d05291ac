/**
 * `npm run bench -- --papers N [--keep] [--out FILE] [--skip-browser] [--cpu-prof DIR]`
 *   Synthesizes N papers, runs the real build on them, times a rebuild after one
 *   more day, measures search in headless Chromium, and prints one JSON line
 *   (also appended to FILE with --out).
 * `npm run bench -- --chart RESULTS.jsonl [--svg FILE]`
 *   Draws build time and peak memory against N from collected JSON lines
 *   (default docs/bench/scale.svg).
 */
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseResults, renderChart } from './bench/chart.ts';
import { measureBuild } from './bench/measure-build.ts';
import type { BuildPaths } from './bench/measure-build.ts';
import { measureSearch } from './bench/measure-search.ts';
import { LAST_DAY, PAPERS_PER_DAY, loadCorpus, nextWeekday, synthesizeContent, writeDay } from './bench/synthesize.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');
const DEFAULT_CHART = path.join(projectRoot, 'docs/bench/scale.svg');

const USAGE = `usage: npm run bench -- --papers N [--keep] [--out FILE] [--skip-browser] [--cpu-prof DIR]
       npm run bench -- --chart RESULTS.jsonl [--svg FILE]`;

async function sizeOfTree(dir: string): Promise<{ bytes: number; htmlFiles: number }> {
  let bytes = 0;
  let htmlFiles = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    if (entry.name.endsWith('.html')) htmlFiles += 1;
  }
  return { bytes, htmlFiles };
}

async function fileBytes(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    throw new Error(`${file}: expected this page in the build, it is missing`);
  }
}

async function firstPaperOf(contentDir: string, day: string): Promise<string> {
  const text = await readFile(path.join(contentDir, 'days', `${day}.md`), 'utf8');
  const id = /^\s+- "?([^"\n]+)"?$/m.exec(text)?.[1];
  if (!id) throw new Error(`${contentDir}/days/${day}.md: no paper listed`);
  return id;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundOrNull = (value: number | null) => (value === null ? null : round(value));

interface BenchOptions {
  keep: boolean;
  skipBrowser: boolean;
  /** Runs the first build under `node --cpu-prof` into this folder (its figures then include the profiler's cost). */
  cpuProfDir?: string;
}

async function runBenchmark(papers: number, options: BenchOptions) {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-site-'));
  // Inside the project: Astro stages the pages of an outside outDir in the shared .astro/.prerender.
  const outParent = path.join(projectRoot, 'node_modules/.cache/bench');
  await mkdir(outParent, { recursive: true });
  const outWork = await mkdtemp(path.join(outParent, 'build-'));
  const paths: BuildPaths = {
    projectRoot,
    contentDir: path.join(work, 'content'),
    outDir: path.join(outWork, 'dist'),
    cacheDir: path.join(outWork, 'cache'),
  };
  try {
    process.stderr.write(`bench: synthesizing ${papers} papers into ${paths.contentDir}\n`);
    const corpus = await loadCorpus(path.join(projectRoot, 'content/papers'));
    const days = await synthesizeContent(paths.contentDir, papers, path.join(projectRoot, 'content/topics'), corpus);
    process.stderr.write(`bench: building into ${paths.outDir}\n`);
    const profiling = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.cpuProfDir)] : [];
    const build = await measureBuild(paths, profiling);
    const { htmlFiles } = await sizeOfTree(paths.outDir);
    const { bytes: indexBytes } = await sizeOfTree(path.join(paths.outDir, 'search-index'));
    const lastDay = LAST_DAY.toISOString().slice(0, 10);
    const dayPageBytes = await fileBytes(path.join(paths.outDir, ...lastDay.split('-'), 'index.html'));
    const paperPageBytes = await fileBytes(path.join(paths.outDir, 'papers', await firstPaperOf(paths.contentDir, lastDay), 'index.html'));

    const search = options.skipBrowser ? null : await measureSearch(paths.outDir);

    process.stderr.write('bench: adding one day and rebuilding over the previous output\n');
    await writeDay(paths.contentDir, corpus, nextWeekday(days.at(-1)!), days.length, PAPERS_PER_DAY);
    const rebuild = await measureBuild(paths);
    if (options.keep) {
      await writeFile(path.join(outWork, 'build.log'), build.log);
      await writeFile(path.join(outWork, 'rebuild.log'), rebuild.log);
    }

    return {
      papers,
      pages: htmlFiles,
      buildSeconds: round(build.buildSeconds),
      indexSeconds: roundOrNull(build.indexSeconds),
      contentSeconds: roundOrNull(build.contentSeconds),
      renderSeconds: roundOrNull(build.renderSeconds),
      pagesPerSecond: round(htmlFiles / build.buildSeconds, 1),
      peakMemoryMB: build.peakMemoryMB,
      buildProcesses: build.processes,
      indexBytes,
      dayPageBytes,
      paperPageBytes,
      rebuildSeconds: round(rebuild.buildSeconds),
      // Pages the rebuild left as the first build wrote them (src/lib/site/page-cache.ts).
      rebuildReusedPages: rebuild.reusedPages,
      rebuildPeakMemoryMB: rebuild.peakMemoryMB,
      ...(search ?? {}),
      node: process.version,
      cpus: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      // Other work on the machine slows every figure: a load above the core count means they are inflated.
      loadAverage: round(os.loadavg()[0]!, 1),
      date: new Date().toISOString(),
      ...(options.keep ? { contentDir: paths.contentDir, outDir: paths.outDir, logs: outWork } : {}),
      ...(options.cpuProfDir ? { profiled: true } : {}),
    };
  } finally {
    if (!options.keep) {
      await rm(work, { recursive: true, force: true });
      await rm(outWork, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      'skip-browser': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      chart: { type: 'string' },
      svg: { type: 'string' },
    },
  });
  if (values.chart) {
    const points = parseResults(await readFile(values.chart, 'utf8'), values.chart);
    const svgFile = path.resolve(values.svg ?? DEFAULT_CHART);
    await mkdir(path.dirname(svgFile), { recursive: true });
    await writeFile(svgFile, renderChart(points));
    process.stderr.write(`bench: wrote ${svgFile} from ${points.length} results\n`);
    return;
  }
  const papers = Number(values.papers);
  if (!Number.isInteger(papers) || papers < 1) throw new Error(`--papers must be a positive whole number, got ${values.papers ?? 'nothing'}\n${USAGE}`);
  const result = await runBenchmark(papers, { keep: values.keep, skipBrowser: values['skip-browser'], cpuProfDir: values['cpu-prof'] });
  if (phasesMissing(result)) {
    process.stderr.write('bench: the build log did not show its phases (rendering, search index); those figures are null\n');
  }
  const line = JSON.stringify(result);
  console.log(line);
  if (values.out) await appendFile(values.out, `${line}\n`);
}

function phasesMissing(result: { renderSeconds: number | null; indexSeconds: number | null }): boolean {
  return result.indexSeconds === null || result.renderSeconds === null;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * `npm run bench -- --papers N [--keep] [--out FILE] [--skip-browser] [--cpu-prof DIR] [--compare pagefind]`
 *   Synthesizes N papers, runs the real build on them, times a rebuild after one
 *   more day, measures search in headless Chromium, and prints one JSON line
 *   (also appended to FILE with --out). With `--compare pagefind`, Pagefind
 *   indexes the very records the build's own index was built from, both
 *   engines are measured alike (docs/benchmarks.md, "Against Pagefind") and scored on the
 *   judged query set, and a second line gives Pagefind's figures.
 * `npm run bench -- --relevance [--record]`
 *   Scores both engines on the judged query set (test/fixtures/relevance/) and
 *   prints a line per engine; `--record` writes the scores the tests hold the
 *   own engine to (test/fixtures/relevance/scores.json).
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
import type { IndexMeasurement } from './bench/measure-index.ts';
import { compareWithPagefind, measureRelevance, type RelevanceSummary } from './bench/compare.ts';
import { SEARCH_QUERIES, measureSearch } from './bench/measure-search.ts';
import { LAST_DAY, PAPERS_PER_DAY, loadCorpus, nextWeekday, synthesizeContent, writeDay } from './bench/synthesize.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');
const DEFAULT_CHART = path.join(projectRoot, 'docs/bench/scale.svg');

const SCORES_FILE = path.join(projectRoot, 'test/fixtures/relevance/scores.json');
/** The engines `--compare` knows. */
const COMPARED = ['pagefind'];

const USAGE = `usage: npm run bench -- --papers N [--keep] [--out FILE] [--skip-browser] [--cpu-prof DIR] [--compare pagefind]
       npm run bench -- --relevance [--record]
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
  /** Measures Pagefind on the same records, and both engines' relevance. */
  compare: boolean;
}

/** Where the build left the records its indexer read (src/integrations/search.ts keeps them in the build memo's folder). */
function recordsFileOf(paths: BuildPaths): string {
  return path.join(paths.cacheDir, 'build-memo', 'search-records.jsonl');
}

/** Pagefind's version as installed (package.json pins it). */
async function pagefindVersion(): Promise<string> {
  return (JSON.parse(await readFile(path.join(projectRoot, 'node_modules/pagefind/package.json'), 'utf8')) as { version: string }).version;
}

const relevanceFigures = (summary: RelevanceSummary) => ({ ndcg10: summary.ndcg10, recall5: summary.recall5, ndcg10ByKind: summary.ndcg10ByKind });

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
    let comparison: Awaited<ReturnType<typeof compareWithPagefind>> | undefined;
    let relevance: Awaited<ReturnType<typeof measureRelevance>> | undefined;
    if (options.compare) {
      const recordsFile = recordsFileOf(paths);
      await stat(recordsFile).catch(() => {
        throw new Error(`${recordsFile}: the build left no search records to give Pagefind`);
      });
      // The oldest day's year: at 5,000 papers and more, a year that holds part of the archive.
      const year = days[0]!.slice(0, 4);
      comparison = await compareWithPagefind(recordsFile, paths.outDir, path.join(outWork, 'compare'), SEARCH_QUERIES, year);
      relevance = await measureRelevance(path.join(outWork, 'relevance'));
    }

    process.stderr.write('bench: adding one day and rebuilding over the previous output\n');
    await writeDay(paths.contentDir, corpus, nextWeekday(days.at(-1)!), days.length, PAPERS_PER_DAY);
    const rebuild = await measureBuild(paths);
    if (options.keep) {
      await writeFile(path.join(outWork, 'build.log'), build.log);
      await writeFile(path.join(outWork, 'rebuild.log'), rebuild.log);
    }

    const machine = () => ({
      node: process.version,
      cpus: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      // Other work on the machine slows every figure: a load above the core count means they are inflated.
      loadAverage: round(os.loadavg()[0]!, 1),
      date: new Date().toISOString(),
    });
    const own = {
      ...(comparison ? { engine: 'own' } : {}),
      papers,
      pages: htmlFiles,
      buildSeconds: round(build.buildSeconds),
      indexSeconds: roundOrNull(build.indexSeconds),
      contentSeconds: roundOrNull(build.contentSeconds),
      renderSeconds: roundOrNull(build.renderSeconds),
      pagesPerSecond: round(htmlFiles / build.buildSeconds, 1),
      peakMemoryMB: build.peakMemoryMB,
      indexBytes,
      dayPageBytes,
      paperPageBytes,
      rebuildSeconds: round(rebuild.buildSeconds),
      // Pages the rebuild left as the first build wrote them (Astro's incremental build logs them as cached).
      rebuildReusedPages: rebuild.reusedPages,
      rebuildPeakMemoryMB: rebuild.peakMemoryMB,
      ...(search ?? {}),
      ...(comparison && relevance ? comparedFigures(comparison.own, relevance.own) : {}),
      ...machine(),
      ...(options.keep ? { contentDir: paths.contentDir, outDir: paths.outDir, logs: outWork } : {}),
      ...(options.cpuProfDir ? { profiled: true } : {}),
    };
    const pagefind =
      comparison && relevance
        ? { engine: 'pagefind', version: await pagefindVersion(), papers, ...comparedFigures(comparison.pagefind, relevance.pagefind), ...machine() }
        : undefined;
    return { own, pagefind };
  } finally {
    if (!options.keep) {
      await rm(work, { recursive: true, force: true });
      await rm(outWork, { recursive: true, force: true });
    }
  }
}

/** The figures both engines' lines share, measured alike. */
function comparedFigures<T extends IndexMeasurement>(measured: T, relevance: RelevanceSummary) {
  const { indexSeconds, indexCpuSeconds, indexPeakMemoryMB, indexBytes, indexFiles, ...search } = measured;
  return {
    indexAloneSeconds: round(indexSeconds),
    indexCpuSeconds: round(indexCpuSeconds),
    indexPeakMemoryMB,
    indexBytes,
    indexFiles,
    ...search,
    ...relevanceFigures(relevance),
  };
}

async function runRelevance(record: boolean): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-relevance-'));
  try {
    const { own, pagefind, perQuery } = await measureRelevance(work);
    for (const [i, query] of perQuery.own.queries.entries()) {
      const other = perQuery.pagefind.queries[i]!;
      process.stderr.write(`${query.kind.padEnd(13)}${query.query.padEnd(42)}own ${query.ndcg10.toFixed(3)}  pagefind ${other.ndcg10.toFixed(3)}\n`);
    }
    const version = await pagefindVersion();
    console.log(JSON.stringify({ ...own, date: new Date().toISOString() }));
    console.log(JSON.stringify({ ...pagefind, version, date: new Date().toISOString() }));
    if (record) {
      const scores = {
        about: 'Scores of test/fixtures/relevance/queries.json, from npm run bench -- --relevance --record: test/bench/relevance.test.ts fails when the own engine scores lower.',
        own: { ndcg10: own.ndcg10, recall5: own.recall5 },
        pagefind: { version, ndcg10: pagefind.ndcg10, recall5: pagefind.recall5 },
      };
      await writeFile(SCORES_FILE, `${JSON.stringify(scores, null, 2)}\n`);
      process.stderr.write(`bench: recorded the scores in ${SCORES_FILE}\n`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
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
      compare: { type: 'string' },
      relevance: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
    },
  });
  if (values.relevance) {
    await runRelevance(values.record);
    return;
  }
  if (values.compare !== undefined && !COMPARED.includes(values.compare)) {
    throw new Error(`--compare takes ${COMPARED.join(', ')}, got ${values.compare}\n${USAGE}`);
  }
  if (values.compare && values['skip-browser']) throw new Error(`--compare measures search in Chromium: it cannot go with --skip-browser\n${USAGE}`);
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
  const { own, pagefind } = await runBenchmark(papers, {
    keep: values.keep,
    skipBrowser: values['skip-browser'],
    cpuProfDir: values['cpu-prof'],
    compare: values.compare !== undefined,
  });
  if (phasesMissing(own)) {
    process.stderr.write('bench: the build log did not show its phases (rendering, search index); those figures are null\n');
  }
  const lines = [own, ...(pagefind ? [pagefind] : [])].map((result) => JSON.stringify(result));
  console.log(lines.join('\n'));
  if (values.out) await appendFile(values.out, lines.map((line) => `${line}\n`).join(''));
}

function phasesMissing(result: { renderSeconds: number | null; indexSeconds: number | null }): boolean {
  return result.indexSeconds === null || result.renderSeconds === null;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

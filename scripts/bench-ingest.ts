/**
 * `npm run bench:ingest -- [--days N[,N...]] [--per-day M]`: synthesizes N API
 * days in memory and runs them through the same path as a fetch (paging,
 * parsing, store) into a temporary content folder, then prints papers per
 * second and peak memory. Each N runs in a fresh process, so its RSS
 * high-water mark is its own and flat memory shows as a flat column. The
 * target is judged on the ingest alone: wall clock without the synthesis.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fetchDays } from '../src/fetch/fetch-days.ts';
import { writeFileAtomic } from '../src/lib/atomic-write.ts';
import { API_PAGE_LIMIT } from '../src/fetch/source-urls.ts';
import { openStore } from '../src/ingest/index.ts';
import { mulberry32 as random } from './bench/random.ts';

const TARGET_PAPERS_PER_SECOND = 5_000;
const CHILD_FLAG = '--measure-one';
/** Given by the parent, which removes every run's folder at the end; a child run by hand removes its own. */
const LEAVE_FLAG = '--leave-content';
/** Bare files created (temp file + rename, as the store does) to measure the disk just before each run. */
const CALIBRATION_FILES = 2_000;

interface Measurement {
  days: number;
  papers: number;
  seconds: number;
  synthesisSeconds: number;
  /** CPU time of the synthesis alone (it runs on the main thread), so that CPU figures exclude it even on a busy machine. */
  synthesisCpuSeconds: number;
  /** User + system CPU time of the run: on a shared machine, wall time mostly measures the neighbours. */
  cpuSeconds: number;
  /** System CPU time alone: mostly the kernel creating files, which depends on the file system's state. */
  systemSeconds: number;
  peakRssMb: number;
  /**
   * Bare temp+rename file creations per second in the same folder just before the run: every new paper is
   * one, and on this kind of disk their cost depends on what else runs, so this bounds what the ingest can reach.
   */
  diskCreatesPerSecond: number;
  /** The heap still in use after a full collection, once the run is measured: what the store really keeps (its index). */
  liveHeapMb: number;
  /** Removed by the parent once every run is measured: deleting thousands of files slows the next run's file creation. */
  contentDir: string;
}

function measureInChild(days: number, papersPerDay: number): Measurement {
  const child = spawnSync(
    process.execPath,
    [import.meta.filename, CHILD_FLAG, LEAVE_FLAG, '--days', String(days), '--per-day', String(papersPerDay)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`the measurement of ${days} days failed (exit ${child.status})`);
  return JSON.parse(child.stdout) as Measurement;
}

async function measure(days: number, papersPerDay: number, leaveContent: boolean): Promise<Measurement> {
  const contentDir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
  let measured = false;
  try {
    const diskCreatesPerSecond = measureFileCreation(path.join(contentDir, 'calibration'));
    const store = await openStore(contentDir);
    const dayNames = Array.from({ length: days }, (_, index) => new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10));
    let synthesisMs = 0;
    let synthesisCpuMicros = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const summary = await fetchDays({
      days: dayNames,
      source: 'api',
      baseUrl: 'https://bench.invalid',
      store,
      readPage: async ({ day, page }) => {
        const before = performance.now();
        const cpuBeforeSynthesis = process.threadCpuUsage();
        const dayIndex = dayNames.indexOf(day);
        const first = page * API_PAGE_LIMIT;
        const count = Math.max(0, Math.min(API_PAGE_LIMIT, papersPerDay - first));
        const bytes = Buffer.from(JSON.stringify(Array.from({ length: count }, (_, i) => synthesizeItem(day, dayIndex * papersPerDay + first + i))));
        const synthesisCpu = process.threadCpuUsage(cpuBeforeSynthesis);
        synthesisCpuMicros += synthesisCpu.user + synthesisCpu.system;
        synthesisMs += performance.now() - before;
        return bytes;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (summary.failed > 0) throw new Error(`${summary.failed} synthetic days failed: ${JSON.stringify(summary.days.find((d) => !d.ok))}`);
    measured = true;
    return {
      contentDir,
      days,
      papers: summary.new,
      seconds,
      synthesisSeconds: synthesisMs / 1000,
      synthesisCpuSeconds: synthesisCpuMicros / 1e6,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      systemSeconds: cpu.system / 1e6,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      diskCreatesPerSecond,
      liveHeapMb: liveHeapBytes() / 1e6,
    };
  } finally {
    if (!measured || !leaveContent) await rm(contentDir, { recursive: true, force: true });
  }
}

/** Files of a paper's size created per second in `folder`, the way the store creates them; they are left for the parent to remove. */
function measureFileCreation(folder: string): number {
  const text = `---\n${'title: x\n'.repeat(40)}---\n${'word '.repeat(400)}\n`;
  const started = performance.now();
  for (let i = 0; i < CALIBRATION_FILES; i++) writeFileAtomic(folder, path.join(folder, `${i}.md`), text);
  return CALIBRATION_FILES / ((performance.now() - started) / 1000);
}

/** Heap in use after a full garbage collection (measured after the timed run, so it costs the run nothing). */
function liveHeapBytes(): number {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

function printTable(rows: Measurement[]): void {
  const ingestRate = (row: Measurement) => Math.round(row.papers / (row.seconds - row.synthesisSeconds));
  const header = ['days', 'papers', 'seconds', 'synthesis s', 'ingest papers/s', 'end to end papers/s', 'papers per CPU s', 'system CPU s', 'disk creates/s', 'peak RSS MB', 'live heap MB'];
  const lines = rows.map((row) => [
    String(row.days),
    String(row.papers),
    row.seconds.toFixed(2),
    row.synthesisSeconds.toFixed(2),
    String(ingestRate(row)),
    Math.round(row.papers / row.seconds).toString(),
    Math.round(row.papers / (row.cpuSeconds - row.synthesisCpuSeconds)).toString(),
    row.systemSeconds.toFixed(2),
    Math.round(row.diskCreatesPerSecond).toString(),
    row.peakRssMb.toFixed(0),
    row.liveHeapMb.toFixed(1),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  for (const line of [header, ...lines]) process.stdout.write(`${line.map((cell, column) => cell.padStart(widths[column]!)).join('  ')}\n`);
  // Judge the ingest alone (wall clock without the time spent making up the data) on the largest run: the small ones mostly measure warm-up.
  const largest = rows.reduce((best, row) => (row.papers > best.papers ? row : best));
  const rate = ingestRate(largest);
  const load = os.loadavg()[0]!.toFixed(2);
  process.stdout.write(
    `Target ${TARGET_PAPERS_PER_SECOND} papers/s for the ingest (wall clock, synthesis excluded): ${rate >= TARGET_PAPERS_PER_SECOND ? 'met' : 'NOT met'} ` +
      `(${rate} papers/s over ${largest.papers} papers; load average ${load} on ${os.availableParallelism()} cores; ` +
      `the disk created ${Math.round(largest.diskCreatesPerSecond)} bare files/s just before).\n`,
  );
}

function positiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    process.stderr.write(`bench:ingest: ${flag} expects whole numbers of at least 1, got "${text}"\n`);
    process.exit(2);
  }
  return Number(text);
}

// --- Synthetic but realistic API items: deterministic, so runs compare. ---

const words = (
  'model language vision diffusion transformer agent reasoning benchmark dataset scaling training inference ' +
  'multimodal retrieval alignment reinforcement learning video generation efficient sparse attention memory ' +
  'robust evaluation instruction tuning preference optimization token latent representation policy reward ' +
  'graph neural quantization distillation speech audio 3D scene geometry planning tool code mathematical'
).split(' ');
const givenNames = 'Wei Ana Jun Maria Omar Priya Lukas Yuki Chen Sara Diego Fatima Ivan Mei Tomás Aisha Noah Li'.split(' ');
const familyNames = 'Zhang García Kim Müller Okafor Rossi Tanaka Nguyen Smith Haddad Kowalski Silva Ivanova Wang Dubois'.split(' ');
const organizations = [
  { name: 'google', fullname: 'Google' },
  { name: 'MicrosoftResearch', fullname: 'Microsoft Research' },
  { name: 'ByteDance-Seed', fullname: 'ByteDance Seed' },
];


function synthesizeItem(day: string, serial: number): object {
  const next = random(serial + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const phrase = (count: number) => Array.from({ length: count }, () => pick(words)).join(' ');
  const title = `${phrase(1).replace(/^./, (c) => c.toUpperCase())}-${serial}: ${phrase(6 + Math.floor(next() * 6))}`;
  // Abstracts wrap like arXiv's, with hard line breaks every few words.
  const sentences = Array.from({ length: 7 + Math.floor(next() * 6) }, () => `${phrase(14 + Math.floor(next() * 10))}.`);
  const summary = sentences.join(' ').replace(/((?:\S+ ){11}\S+) /g, '$1\n');
  const authors = Array.from({ length: 2 + Math.floor(next() * 10) }, (_, i) => ({
    _id: `${serial}-${i}`,
    name: `${pick(givenNames)} ${pick(familyNames)}`,
    hidden: false,
  }));
  const arxiv = `${day.slice(2, 4)}${day.slice(5, 7)}.${String(serial % 100_000).padStart(5, '0')}`;
  const organization = next() < 0.4 ? pick(organizations) : undefined;
  return {
    paper: {
      id: arxiv,
      authors,
      publishedAt: `${day}T17:59:30.000Z`,
      submittedOnDailyAt: `${day}T01:00:00.000Z`,
      title,
      summary,
      upvotes: Math.floor(next() * 200),
      discussionId: `d${serial}`,
      ...(next() < 0.5 && { githubRepo: `https://github.com/example/repo-${serial}` }),
      ...(next() < 0.3 && { projectPage: `https://example.org/p/${serial}` }),
      ai_summary: phrase(20),
      ai_keywords: Array.from({ length: 5 }, () => phrase(2)),
      ...(organization && { organization: { _id: 'o', ...organization } }),
    },
    publishedAt: `${day}T01:00:00.000Z`,
    title,
    numComments: Math.floor(next() * 5),
    ...(organization && { organization: { _id: 'o', ...organization } }),
  };
}

// --- Entry point, last: the tables above must exist before the top-level await runs. ---

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '20,80,320' },
    'per-day': { type: 'string', default: '50' },
    [CHILD_FLAG.slice(2)]: { type: 'boolean', default: false },
    [LEAVE_FLAG.slice(2)]: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`Usage: npm run bench:ingest -- [--days N[,N...]] [--per-day M]

  --days N[,N...]  days to synthesize; each count runs in its own process (default: 20,80,320)
  --per-day M      papers per day; above ${API_PAGE_LIMIT} a day spans several API pages (default: 50)
`);
  process.exit(0);
}

const dayCounts = values.days.split(',').map((text) => positiveInteger(text, '--days'));
const perDay = positiveInteger(values['per-day'], '--per-day');

if (values[CHILD_FLAG.slice(2)]) {
  process.stdout.write(JSON.stringify(await measure(dayCounts[0]!, perDay, values[LEAVE_FLAG.slice(2)] === true)));
} else {
  const rows: Measurement[] = [];
  try {
    for (const days of dayCounts) rows.push(measureInChild(days, perDay));
    printTable(rows);
  } finally {
    await Promise.all(rows.map((row) => rm(row.contentDir, { recursive: true, force: true })));
  }
}

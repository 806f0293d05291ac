/**
 * npm run screenshots -- [DIR] [--out docs/screenshots] [--day YYYY-MM-DD] [--paper ID] [--width 1280] [--height 1400]
 * Serves an existing build (default dist/; run `npm run build` first) on
 * 127.0.0.1 and photographs a day page and a paper page in headless Chromium:
 * <out>/day.png and <out>/paper.png. Builds nothing itself.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inferBase, normaliseBase } from '../src/lib/site/link-check.ts';
import { CHROMIUM_PATH, launchChromium } from './lib/chromium.ts';
import { serveStatic } from './lib/static-server.ts';

interface DayExport {
  date: string;
  papers: { id: string; title: string; abstract: string }[];
}

function fail(message: string): never {
  console.error(`screenshots: ${message}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'docs/screenshots' },
    day: { type: 'string' },
    paper: { type: 'string' },
    base: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '1400' },
  },
});
const dir = positionals[0] ?? 'dist';
const apiDays = path.join(dir, 'api/days');
if (!existsSync(path.join(dir, 'index.html')) || !existsSync(apiDays)) fail(`${dir} holds no built site; run npm run build first`);
if (!existsSync(CHROMIUM_PATH)) fail(`${CHROMIUM_PATH} not found; install Chromium (apt-get install chromium)`);
const width = Number(values.width);
const height = Number(values.height);
if (!Number.isInteger(width) || !Number.isInteger(height) || width < 320 || height < 320) fail('--width and --height take whole numbers of pixels, at least 320');

const dayFiles = (await readdir(apiDays)).filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort();
if (values.day && !dayFiles.includes(`${values.day}.json`)) fail(`no page for day ${values.day} in ${dir}`);
const readDay = async (file: string) => JSON.parse(await readFile(path.join(apiDays, file), 'utf8')) as DayExport;
const days = await Promise.all((values.day ? [`${values.day}.json`] : dayFiles).map(readDay));
// A full day shows the design best: the latest day with a handful of papers, else the busiest day.
const busiest = days.reduce<DayExport | undefined>((best, candidate) => (!best || candidate.papers.length >= best.papers.length ? candidate : best), undefined);
const day = days.findLast((candidate) => candidate.papers.length >= 5) ?? busiest;
if (!day) fail(`${dir} has no day pages`);
// Show TeX rendering: a paper with math in its title, preferably from that day; else the day's top paper.
const hasMath = (paper: DayExport['papers'][number]) => /\$[^$\s][^$]*\$/.test(paper.title);
const paperId = values.paper ?? (day.papers.find(hasMath) ?? days.flatMap((candidate) => candidate.papers).findLast(hasMath) ?? day.papers[0])?.id;
if (!paperId) fail(`day ${day.date} has no papers`);

const indexHtml = await readFile(path.join(dir, 'index.html'), 'utf8');
const rootLinks = [...indexHtml.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1] ?? '');
const base = values.base ? normaliseBase(values.base) : inferBase(dir, rootLinks);

const server = await serveStatic(dir, { base });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
  await mkdir(values.out, { recursive: true });
  const shots = [
    { name: 'day.png', route: `${day.date.replaceAll('-', '/')}/` },
    { name: 'paper.png', route: `papers/${paperId.split('/').map(encodeURIComponent).join('/')}/` },
  ];
  for (const shot of shots) {
    const url = `${server.url}${shot.route}`;
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response?.ok()) fail(`${url} answered ${response?.status() ?? 'nothing'}`);
    await page.evaluate(() => document.fonts.ready);
    const target = path.join(values.out, shot.name);
    const temporary = `${target}.${process.pid}.tmp.png`;
    await page.screenshot({ path: temporary });
    await rename(temporary, target);
    console.log(`screenshots: ${url} → ${target}`);
  }
} finally {
  await browser.close();
  await server.close();
}

/**
 * npm run check:site -- [DIR] [--base /x/] [--only vnu,axe,lighthouse]
 * Judges a built site (default dist/; run `npm run build` first) with the clients
 * readers and auditors use: the Nu HTML checker on every page, axe-core in both
 * colour schemes and Lighthouse's mobile preset on the pages a reader opens most.
 * Prints what each found; exit 1 when a target is missed, 2 on bad usage.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inferBase, normaliseBase } from '../src/lib/site/link-check.ts';
import { CHROMIUM_PATH, launchChromium } from './lib/chromium.ts';
import { serveStatic } from './lib/static-server.ts';
import { checkAccessibility } from './site-checks/axe.ts';
import { runLighthouse } from './site-checks/lighthouse.ts';
import { checkMarkup } from './site-checks/vnu.ts';

/** The targets (issue: the reader's archive): Lighthouse mobile on each page, axe and the Nu checker on the site. */
const TARGETS = { performance: 95, accessibility: 100, cumulativeLayoutShift: 0.05 };
const CHECKS = ['vnu', 'axe', 'lighthouse'] as const;
type Check = (typeof CHECKS)[number];

function usage(message: string): never {
  console.error(`check:site: ${message}\nUsage: npm run check:site -- [DIR] [--base /x/] [--only ${CHECKS.join(',')}]`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { base: { type: 'string' }, only: { type: 'string' } } });
} catch (error) {
  usage((error as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length > 1) usage(`expected one folder, got ${positionals.length}`);
const dir = path.resolve(positionals[0] ?? 'dist');
if (!existsSync(path.join(dir, 'index.html')) || !existsSync(path.join(dir, 'api/days'))) usage(`${dir} holds no built site; run npm run build first`);
const only = values.only?.split(',').map((name) => name.trim()) ?? [...CHECKS];
const unknown = only.filter((name) => !(CHECKS as readonly string[]).includes(name));
if (unknown.length > 0) usage(`--only: unknown check ${unknown.join(', ')}`);
const runs = (check: Check) => only.includes(check);
if ((runs('axe') || runs('lighthouse')) && !existsSync(CHROMIUM_PATH)) usage(`${CHROMIUM_PATH} not found; install Chromium (apt-get install chromium)`);

const indexHtml = await readFile(path.join(dir, 'index.html'), 'utf8');
const base = values.base ? normaliseBase(values.base) : inferBase(dir, [...indexHtml.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1] ?? ''));

/** Site-relative paths of the pages a reader opens most: home, the busiest day, a paper, a week, a search. */
async function readerPages(): Promise<string[]> {
  const days = await Promise.all(
    (await readdir(path.join(dir, 'api/days')))
      .filter((name) => name.endsWith('.json'))
      .map(async (name) => JSON.parse(await readFile(path.join(dir, 'api/days', name), 'utf8')) as { date: string; papers: { id: string }[] }),
  );
  const busiest = days.reduce((best, day) => (day.papers.length > best.papers.length ? day : best), days[0]!);
  const [year, month, dayOfMonth] = busiest.date.split('-');
  const pages = ['', `${year}/${month}/${dayOfMonth}/`];
  if (busiest.papers[0]) pages.push(`papers/${busiest.papers[0].id}/`);
  const week = (await readdir(path.join(dir, year!)).catch(() => [])).find((name) => /^W\d{2}$/.test(name));
  if (week) pages.push(`${year}/${week}/`);
  pages.push('search/?q=diffusion');
  return pages;
}

/** Further pages axe reads: one of each other kind. */
const otherPages = ['topics/', 'orgs/', 'digests/', '404.html'];

const failures: string[] = [];
if (runs('vnu')) {
  const errors = await checkMarkup(dir);
  console.log(`Nu HTML checker: ${errors.length} error(s) in ${dir}`);
  for (const error of errors) console.log(`  ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}`);
  if (errors.length > 0) failures.push(`${errors.length} markup error(s)`);
}
if (runs('axe') || runs('lighthouse')) {
  const server = await serveStatic(dir, { base });
  try {
    const pages = await readerPages();
    if (runs('axe')) {
      const browser = await launchChromium();
      try {
        let count = 0;
        for (const page of [...pages, ...otherPages]) {
          const violations = await checkAccessibility(browser, server.url + page);
          count += violations.length;
          for (const violation of violations) console.log(`  axe ${violation.scheme} /${page}: ${violation.rule} (${violation.help}) at ${violation.targets.join(', ')}`);
        }
        console.log(`axe-core: ${count} violation(s) on ${pages.length + otherPages.length} pages, light and dark`);
        if (count > 0) failures.push(`${count} accessibility violation(s)`);
      } finally {
        await browser.close();
      }
    }
    if (runs('lighthouse')) {
      console.log('Lighthouse (mobile): performance, accessibility, CLS, TBT, LCP');
      for (const page of pages) {
        const scores = await runLighthouse(server.url + page);
        const missed = [
          scores.performance < TARGETS.performance && `performance ${scores.performance} < ${TARGETS.performance}`,
          scores.accessibility < TARGETS.accessibility && `accessibility ${scores.accessibility} < ${TARGETS.accessibility}`,
          !(scores.cumulativeLayoutShift < TARGETS.cumulativeLayoutShift) && `CLS ${scores.cumulativeLayoutShift.toFixed(3)} >= ${TARGETS.cumulativeLayoutShift}`,
        ].filter((text): text is string => typeof text === 'string');
        console.log(
          `  /${page}: ${scores.performance}, ${scores.accessibility}, ${scores.cumulativeLayoutShift.toFixed(3)}, ` +
            `${Math.round(scores.totalBlockingTimeMs)} ms, ${Math.round(scores.largestContentfulPaintMs)} ms${missed.length ? `  MISSED: ${missed.join('; ')}` : ''}`,
        );
        failures.push(...missed.map((text) => `/${page}: ${text}`));
      }
    }
  } finally {
    await server.close();
  }
}
if (failures.length > 0) {
  console.error(`check:site: ${failures.length} target(s) missed: ${failures.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('check:site: every target met');
}

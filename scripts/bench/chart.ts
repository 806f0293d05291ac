/**
 * Turns the benchmark's JSON lines into an SVG chart: build seconds (the whole
 * build, the main process's rendering, the search index) and peak memory
 * against the number of papers.
 * Plain SVG text, so the chart needs no dependency and diffs like code.
 */
import { z } from 'zod';

export const chartPointSchema = z.looseObject({
  papers: z.number().int().positive(),
  buildSeconds: z.number().nonnegative(),
  /** Older results have no rendering figure. */
  renderSeconds: z.number().nonnegative().nullable().optional(),
  indexSeconds: z.number().nonnegative().nullable(),
  peakMemoryMB: z.number().nonnegative(),
});

export type ChartPoint = z.infer<typeof chartPointSchema>;

/** Parses JSON lines; a bad line is an error naming `origin` and the line number. */
export function parseResults(text: string, origin: string): ChartPoint[] {
  const points: ChartPoint[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`${origin}:${index + 1}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    // `--compare pagefind` adds another engine's line beside the build's: the chart is of the build.
    if (typeof json === 'object' && json !== null && 'engine' in json && json.engine !== 'own') return;
    const parsed = chartPointSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${origin}:${index + 1}: not a benchmark result: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
    points.push(parsed.data);
  });
  if (points.length === 0) throw new Error(`${origin}: no benchmark results to chart`);
  return points.sort((a, b) => a.papers - b.papers);
}

const WIDTH = 360;
const HEIGHT = 240;
const MARGIN = { top: 36, right: 30, bottom: 44, left: 56 };

interface Series {
  label: string;
  colour: string;
  values: (number | null)[];
}

/** 1, 2, 5 × 10^k steps, so axis labels stay round. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10;
  return step * power;
}

function panel(title: string, unit: string, papers: number[], series: Series[], offsetX: number): string {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxX = Math.max(...papers);
  const maxValue = Math.max(...series.flatMap((s) => s.values.filter((v): v is number => v !== null)), 1);
  const yStep = niceStep(maxValue, 4);
  const maxY = Math.ceil(maxValue / yStep) * yStep;
  const xStep = niceStep(maxX, 4);
  const x = (value: number) => MARGIN.left + (value / maxX) * innerWidth;
  const y = (value: number) => MARGIN.top + innerHeight - (value / maxY) * innerHeight;
  const parts: string[] = [`<g transform="translate(${offsetX} 0)">`, `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-weight="600">${title}</text>`];
  for (let value = 0; value <= maxY; value += yStep) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(value) + 4}" text-anchor="end">${value}</text>`);
  }
  for (let value = 0; value <= maxX; value += xStep) {
    parts.push(`<text x="${x(value)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${value.toLocaleString('en')}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + innerWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">papers</text>`);
  parts.push(`<text transform="translate(14 ${MARGIN.top + innerHeight / 2}) rotate(-90)" text-anchor="middle">${unit}</text>`);
  series.forEach((s, index) => {
    const points = papers.flatMap((n, i) => (s.values[i] == null ? [] : [`${x(n).toFixed(1)},${y(s.values[i]!).toFixed(1)}`]));
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    for (const point of points) {
      const [cx, cy] = point.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.colour}"/>`);
    }
    const legendY = MARGIN.top + 4 + index * 16;
    parts.push(`<rect x="${MARGIN.left + 8}" y="${legendY - 8}" width="10" height="10" fill="${s.colour}"/>`);
    parts.push(`<text x="${MARGIN.left + 22}" y="${legendY + 1}">${s.label}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

export function renderChart(points: ChartPoint[]): string {
  const papers = points.map((p) => p.papers);
  const time = panel('Build time', 'seconds', papers, [
    { label: 'whole build', colour: '#1f5fa8', values: points.map((p) => p.buildSeconds) },
    { label: 'rendering (main process)', colour: '#2e8b57', values: points.map((p) => p.renderSeconds ?? null) },
    { label: 'search index', colour: '#c05a00', values: points.map((p) => p.indexSeconds) },
  ], 0);
  const memory = panel('Peak memory of one process', 'MB', papers, [
    { label: 'peak RSS', colour: '#8b1e5a', values: points.map((p) => p.peakMemoryMB) },
  ], WIDTH);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH * 2}" height="${HEIGHT}" viewBox="0 0 ${WIDTH * 2} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="11" role="img" aria-labelledby="chart-title">`,
    '<title id="chart-title">Build time and peak memory against the number of papers</title>',
    `<rect width="${WIDTH * 2}" height="${HEIGHT}" fill="#fff"/>`,
    time,
    memory,
    '</svg>',
    '',
  ].join('\n');
}

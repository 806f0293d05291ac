/**
 * Measures search as a visitor meets it: the built site served on 127.0.0.1,
 * headless Chromium opening /search/?q=… for the first query and typing the
 * later ones into the box. Bytes are counted by the server, so they are the
 * sum of every response the page needed (HTML, scripts, Pagefind chunks).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const SEARCH_QUERIES = ['diffusion video generation', 'speculative decoding', 'robot manipulation benchmark'] as const;

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const RESULT_TIMEOUT_MS = 30_000;
const QUIET_MS = 500;

export interface SearchMeasurement {
  firstQueryKB: number;
  firstQueryMs: number;
  laterQueryKB: number[];
  laterQueryMs: number[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

interface CountingServer {
  origin: string;
  takeBytes: () => number;
  /** Resolves once no request has arrived for QUIET_MS: late chunk fetches are then counted. */
  waitForQuiet: () => Promise<void>;
  close: () => Promise<void>;
}

/** A static server for `root` that counts the body bytes it sends. */
async function serveCounting(root: string): Promise<CountingServer> {
  let bytes = 0;
  let lastRequestAt = performance.now();
  const server = createServer(async (request, response) => {
    lastRequestAt = performance.now();
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    let file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const size = (await stat(file)).size;
      bytes += size;
      // Pagefind's chunks and Astro's assets are fingerprinted; a real host lets the browser keep them.
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'public, max-age=3600',
      });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    takeBytes: () => {
      const taken = bytes;
      bytes = 0;
      return taken;
    },
    waitForQuiet: async () => {
      while (performance.now() - lastRequestAt < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 5));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const kilobytes = (bytes: number) => Math.round(bytes / 102.4) / 10;

export async function measureSearch(outDir: string, queries: readonly string[] = SEARCH_QUERIES): Promise<SearchMeasurement> {
  const [first, ...later] = queries;
  if (!first) throw new Error('measureSearch needs at least one query');
  const server = await serveCounting(path.resolve(outDir));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    server.takeBytes();
    let started = performance.now();
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(first)}`);
    await page.waitForSelector('#search-results li', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
    const firstQueryMs = Math.round(performance.now() - started);
    // Let fetches that finish after the first result (facet data, further chunks) count towards the first query.
    await server.waitForQuiet();
    const firstQueryKB = kilobytes(server.takeBytes());

    const laterQueryKB: number[] = [];
    const laterQueryMs: number[] = [];
    for (const query of later) {
      // Results of the previous query are marked, so the wait below sees only the new query's results.
      await page.$$eval('#search-results li', (items) => items.forEach((item) => item.setAttribute('data-bench-old', '')));
      started = performance.now();
      await page.fill('#search-query', query);
      await page.press('#search-query', 'Enter');
      await page.waitForSelector('#search-results li:not([data-bench-old])', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
      laterQueryMs.push(Math.round(performance.now() - started));
      await server.waitForQuiet();
      laterQueryKB.push(kilobytes(server.takeBytes()));
    }
    return { firstQueryKB, firstQueryMs, laterQueryKB, laterQueryMs };
  } finally {
    await browser.close();
    await server.close();
  }
}

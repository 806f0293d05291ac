import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';

/** A built site as the tests, screenshots and benchmarks serve it: pages, assets, a 404 page, gzipped index files. */
async function site(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'static-server-'));
  const dir = path.join(root, 'dist');
  await mkdir(path.join(dir, 'papers', '2401.00001'), { recursive: true });
  await mkdir(path.join(dir, 'search-index'), { recursive: true });
  await writeFile(path.join(root, 'secret.txt'), 'outside the site');
  await writeFile(path.join(dir, 'index.html'), '<h1>Home</h1>');
  await writeFile(path.join(dir, '404.html'), '<h1>Not here</h1>');
  await writeFile(path.join(dir, 'papers', '2401.00001', 'index.html'), '<h1>A paper</h1>');
  await writeFile(path.join(dir, 'style.css'), 'h1 { color: red }');
  await writeFile(path.join(dir, 'search-index', 'manifest.json.gz'), gzipSync('{"build":1}'));
  return dir;
}

describe('the static server of the browser tests and benchmarks', () => {
  let dir: string;
  let plain: StaticServer;
  let labelling: StaticServer;
  const sizes: number[] = [];

  beforeAll(async () => {
    dir = await site();
    plain = await serveStatic(dir, { base: '/archive/', maxAge: 3600, onResponse: (bytes) => sizes.push(bytes) });
    labelling = await serveStatic(dir, { base: '/archive/', gzipEncoding: true });
  });

  afterAll(async () => {
    await plain?.close();
    await labelling?.close();
  });

  it('serves pages and assets under the base path with their types, and the 404 page with status 404 elsewhere', async () => {
    const home = await fetch(plain.url);
    expect([home.status, home.headers.get('content-type'), await home.text()]).toEqual([200, 'text/html;charset=utf-8', '<h1>Home</h1>']);
    expect(home.headers.get('cache-control')).toBe('public,max-age=3600');
    const paper = await fetch(`${plain.url}papers/2401.00001/`);
    expect([paper.status, await paper.text()]).toEqual([200, '<h1>A paper</h1>']);
    const css = await fetch(`${plain.url}style.css`);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css']);
    for (const url of [`${plain.url}nothing/`, `${plain.origin}/index.html`, `${plain.url}%2e%2e/secret.txt`, `${plain.url}../secret.txt`]) {
      const missing = await fetch(url);
      expect([url, missing.status, await missing.text()]).toEqual([url, 404, '<h1>Not here</h1>']);
    }
    expect(sizes).toEqual([13, 16, 17, 17, 17, 17, 17]);
  });

  it('sends a .gz file as its gzip bytes, or labels it Content-Encoding: gzip as Vite\'s preview server does', async () => {
    const raw = await fetch(`${plain.url}search-index/manifest.json.gz`);
    expect(raw.headers.get('content-type')).toBe('application/gzip');
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 2)]).toEqual([0x1f, 0x8b]);
    const labelled = await fetch(`${labelling.url}search-index/manifest.json.gz`);
    expect([labelled.headers.get('content-encoding'), labelled.headers.get('content-type')]).toEqual(['gzip', 'application/json']);
    // fetch decodes what the server labels, as a browser does.
    expect(await labelled.text()).toBe('{"build":1}');
  });

  it('answers 404 in plain text when the site has no 404 page', async () => {
    const bare = await serveStatic(path.join(dir, 'papers'));
    try {
      const missing = await fetch(`${bare.url}nothing`);
      expect([missing.status, await missing.text()]).toEqual([404, 'not found: /nothing']);
    } finally {
      await bare.close();
    }
  });
});

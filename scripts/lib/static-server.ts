/**
 * A small static file server for a built site on 127.0.0.1, serving it under its
 * base path the way a static host or `astro preview` would. Used by the
 * screenshots script, the browser tests and the search benchmark.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface StaticServerOptions {
  /** The site's base path, e.g. `/archive/`; requests outside it get 404. */
  base?: string;
  /** Sent with every file, e.g. to let a browser cache fingerprinted assets the way a real host does. */
  cacheControl?: string;
  /** Called with each request's response body size (0 for a 404 without a page). */
  onResponse?: (bytes: number) => void;
  /**
   * Labels `.gz` files `Content-Encoding: gzip`, as Vite's preview server and many hosts and CDNs do: the browser
   * then hands the page the decoded body.
   */
  gzipEncoding?: boolean;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The site's home: origin plus base path. */
  url: string;
  close(): Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/** The file a URL path names under `root`, or undefined; never a file outside `root`. */
async function fileFor(root: string, base: string, pathname: string): Promise<string | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (!relative.startsWith(base)) return undefined;
  const target = path.resolve(root, `.${path.posix.sep}${relative.slice(base.length)}`);
  if (target !== root && !target.startsWith(`${root}${path.sep}`)) return undefined;
  if (await isFile(target)) return target;
  const index = path.join(target, 'index.html');
  return (await isFile(index)) ? index : undefined;
}

export async function serveStatic(dir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  const base = options.base ?? '/';
  const notFoundPage = path.join(root, '404.html');
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    void (async () => {
      const found = await fileFor(root, base, pathname);
      const body = found ?? ((await isFile(notFoundPage)) ? notFoundPage : undefined);
      if (!body) {
        options.onResponse?.(0);
        response.writeHead(404, { 'Content-Type': TYPES['.txt']! }).end(`not found: ${pathname}`);
        return;
      }
      const { size } = await stat(body);
      options.onResponse?.(size);
      response.writeHead(found ? 200 : 404, {
        'Content-Type': TYPES[path.extname(body)] ?? 'application/octet-stream',
        'Content-Length': size,
        ...(options.gzipEncoding && body.endsWith('.gz') ? { 'Content-Encoding': 'gzip' } : {}),
        ...(options.cacheControl ? { 'Cache-Control': options.cacheControl } : {}),
      });
      createReadStream(body).pipe(response);
    })().catch((error: Error) => response.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${base}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A minimal static file server for a built site, for screenshots and browser checks on 127.0.0.1. */
import { createReadStream, existsSync, statSync } from 'node:fs';
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
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

function fileFor(root: string, base: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith(base)) return undefined;
  const target = path.join(root, decoded.slice(base.length));
  if (!target.startsWith(root)) return undefined;
  if (existsSync(target) && statSync(target).isFile()) return target;
  const index = path.join(target, 'index.html');
  return existsSync(index) ? index : undefined;
}

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234/archive/` */
  url: string;
  close: () => Promise<void>;
}

export async function serveStatic(dir: string, base = '/'): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = http.createServer((request, response) => {
    const file = fileFor(root, base, new URL(request.url ?? '/', 'http://localhost').pathname);
    const notFound = path.join(root, '404.html');
    const status = file ? 200 : 404;
    const body = file ?? (existsSync(notFound) ? notFound : undefined);
    response.writeHead(status, { 'Content-Type': TYPES[path.extname(body ?? '.txt')] ?? 'application/octet-stream' });
    if (body) createReadStream(body).pipe(response);
    else response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

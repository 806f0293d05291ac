/**
 * A built site served on 127.0.0.1 by sirv (the file server of Vite's preview), under its base path the way a
 * static host or `astro preview` would. Used by the screenshots script, the browser tests and the search
 * benchmark. The files are listed once, when the server starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

export interface StaticServerOptions {
  /** The site's base path, e.g. `/archive/`; requests outside it get 404. */
  base?: string;
  /** Seconds a browser may keep every file, e.g. to cache fingerprinted assets the way a real host does. */
  maxAge?: number;
  /** Called with each request's response body size (0 for a 404 without a page). */
  onResponse?: (bytes: number) => void;
  /**
   * Labels `.gz` files `Content-Encoding: gzip`, as Vite's preview server and many hosts and CDNs do: the browser
   * then hands the page the decoded body. Without it they are sent as the gzip bytes they are, as GitHub Pages does.
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

export async function serveStatic(dir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = options.base ?? '/';
  const notFoundFile = path.join(dir, '404.html');
  const notFoundPage = existsSync(notFoundFile) ? readFileSync(notFoundFile) : undefined;
  const notFound = (response: http.ServerResponse, pathname: string) => {
    options.onResponse?.(notFoundPage?.length ?? 0);
    if (notFoundPage) response.writeHead(404, { 'Content-Type': 'text/html;charset=utf-8' }).end(notFoundPage);
    else response.writeHead(404, { 'Content-Type': 'text/plain;charset=utf-8' }).end(`not found: ${pathname}`);
  };
  const serve = sirv(dir, {
    maxAge: options.maxAge,
    setHeaders: (response, pathname, stats) => {
      options.onResponse?.(stats.size);
      // sirv labels every `.gz` file gzip-encoded; `identity` is HTTP's word for no encoding, which browsers pass through.
      if (!options.gzipEncoding && pathname.endsWith('.gz')) {
        response.setHeader('Content-Type', 'application/gzip');
        response.setHeader('Content-Encoding', 'identity');
      }
    },
  });
  const server = http.createServer((request, response) => {
    const { pathname, search } = new URL(request.url ?? '/', 'http://localhost');
    if (!pathname.startsWith(base)) return notFound(response, pathname);
    request.url = `${pathname.slice(base.length - 1)}${search}`;
    serve(request, response, () => notFound(response, pathname));
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

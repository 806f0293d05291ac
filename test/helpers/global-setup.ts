/**
 * Vitest global setup: one folder per test run for the shared fixture builds
 * (test/helpers/shared-builds.ts), handed to the test files with `provide`
 * and removed when the run ends.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from './build-site.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Inside the project, like every test build (test/helpers/build-site.ts says why).
  const parent = path.join(projectRoot, 'node_modules/.cache/site-builds');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'shared-'));
  project.provide('sharedBuildsDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}

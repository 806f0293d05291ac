/**
 * Test files that build a site or drive a browser run first. Builds go one at
 * a time (test/helpers/build-lock.ts): started early, they overlap the many
 * quick files on the other worker instead of queueing at the end of the run.
 * Otherwise Vitest's order (slowest known first, then largest).
 */
import { readFile } from 'node:fs/promises';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const HEAVY = /\b(buildSite|sharedBuild|launchChromium|withBuildLock)\(/;

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const heavy = new Set<TestSpecification>();
    await Promise.all(sorted.map(async (spec) => HEAVY.test(await readFile(spec.moduleId, 'utf8')) && heavy.add(spec)));
    return [...sorted.filter((spec) => heavy.has(spec)), ...sorted.filter((spec) => !heavy.has(spec))];
  }
}

/**
 * `npm ci` (the README's install step) refuses a lock that lacks an entry for any
 * optional dependency. A registry mirror that serves only Linux builds makes
 * `npm install` drop the macOS/Windows/ARM builds of Astro's compiler and
 * Pagefind from the lock; this catches that before a fresh clone does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { missingOptionalEntries, platformOf } from '../../scripts/fix-lockfile.ts';
import { projectRoot } from '../helpers/build-site.ts';

describe('package-lock.json', () => {
  test('has an entry for every optional dependency, so npm ci accepts it (else: node scripts/fix-lockfile.ts)', () => {
    const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8'));
    expect(missingOptionalEntries(lock.packages).map(([key]) => key)).toEqual([]);
  });

  test('the fixer finds a missing platform build and gives it the constraints that make npm skip it elsewhere', () => {
    const packages = {
      '': { optionalDependencies: {} },
      'node_modules/pagefind': { version: '1.6.0', optionalDependencies: { '@pagefind/darwin-arm64': '1.6.0', '@pagefind/linux-x64': '1.6.0' } },
      'node_modules/@pagefind/linux-x64': { version: '1.6.0', optional: true, os: ['linux'], cpu: ['x64'] },
    };
    expect(missingOptionalEntries(packages)).toEqual([
      ['node_modules/@pagefind/darwin-arm64', { version: '1.6.0', optional: true, os: ['darwin'], cpu: ['arm64'] }],
    ]);
    expect(platformOf('@astrojs/compiler-binding-linux-arm64-musl')).toEqual({ os: ['linux'], cpu: ['arm64'], libc: ['musl'] });
    expect(platformOf('@astrojs/compiler-binding-wasm32-wasi')).toEqual({ cpu: ['wasm32'] });
    expect(platformOf('@pagefind/windows-x64')).toEqual({ os: ['win32'], cpu: ['x64'] });
  });
});

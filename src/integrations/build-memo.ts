/**
 * Decides whether the memos the previous build left (src/lib/site/build-memo.ts) may be taken: only when its
 * fingerprint, a digest of the source code, dependencies and settings, is this build's. The previous build's
 * record is removed before anything is read, and this build's written only once the build is done, so a build
 * that fails half way leaves none and the next one computes everything. Deleting the cache folder
 * (`ASTRO_CACHE_DIR`, node_modules/.astro by default) does the same.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { site, taxonomyDir } from '../lib/config.ts';
import { BUILD_MEMO_ENV, type BuildMemo } from '../lib/site/build-memo.ts';
import { removeOtherRelatedLists } from '../lib/site/related-memo.ts';

/** Besides src/, the files whose change may change what a memo holds. */
const CODE_FILES = ['astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

interface BuildRecord {
  fingerprint: string;
  run: string;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A digest of the site's code and of the settings that reach its pages. */
export function buildFingerprint(root: string, settings: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  const files = [...filesBelow(path.join(root, 'src')), ...CODE_FILES.map((file) => path.join(root, file))].filter((file) => existsSync(file));
  for (const file of files.sort()) hash.update(`\0${path.relative(root, file)}\0`).update(readFileSync(file));
  return hash.digest('base64url');
}

function readRecord(file: string): BuildRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
}

export default function buildMemo(options: { contentDir: string }): AstroIntegration {
  let recordFile = '';
  let record: BuildRecord | undefined;
  return {
    name: 'build-memo',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        if (command !== 'build') return;
        const dir = path.join(fileURLToPath(config.cacheDir), 'build-memo');
        recordFile = path.join(dir, 'build.json');
        record = {
          fingerprint: buildFingerprint(fileURLToPath(config.root), {
            site: config.site,
            base: config.base,
            trailingSlash: config.trailingSlash,
            title: site.title,
            description: site.description,
            taxonomy: taxonomyDir(options.contentDir).dir,
          }),
          run: randomUUID(),
        };
        const previous = readRecord(recordFile);
        const trusted = previous?.fingerprint === record.fingerprint;
        if (previous && !trusted) logger.info('the code or settings changed since the previous build: nothing it computed is reused');
        rmSync(recordFile, { force: true });
        const previousRun = trusted ? previous.run : '';
        // What older builds than the previous one kept is of no more use.
        removeOtherRelatedLists(dir, previousRun);
        process.env[BUILD_MEMO_ENV] = JSON.stringify({ dir, trusted, run: record.run, previousRun } satisfies BuildMemo);
      },
      'astro:build:done': () => {
        if (record) writeFileAtomic(path.dirname(recordFile), recordFile, JSON.stringify(record));
      },
    },
  };
}

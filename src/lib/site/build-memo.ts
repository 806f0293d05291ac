/**
 * What a build leaves for the next one besides its pages: the topics it matched (topic-memo.ts), the related lists
 * and their term counts (related-memo.ts), the search records and word counts (search-indexing.ts), in one folder
 * of Astro's cache. They are taken only when the previous build ran the same code with the same settings
 * (src/integrations/build-memo.ts decides).
 *
 * The decision reaches the pages through the environment, not through a module: Astro's incremental build hashes
 * the code of every module a page imports, and a value that changes from one build to the next would make every
 * page look changed.
 */
/** Set by the build-memo integration: `BuildMemo` as JSON. */
export const BUILD_MEMO_ENV = 'PAPERS_ARCHIVE_BUILD_MEMO';

export interface BuildMemo {
  /** The folder the memos are kept in. */
  dir: string;
  /** Whether the memos in `dir` were left by a build of the same code and settings. */
  trusted: boolean;
  /** This build's name, for the files it leaves (src/lib/site/related-memo.ts). */
  run: string;
  /** The previous build's, when trusted (else ''). */
  previousRun: string;
}

/** This build's memo settings; undefined outside a build (`astro dev`, tests). */
export function buildMemo(): BuildMemo | undefined {
  const value = process.env[BUILD_MEMO_ENV];
  return value ? (JSON.parse(value) as BuildMemo) : undefined;
}

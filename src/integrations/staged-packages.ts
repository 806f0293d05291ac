/**
 * Lets the site be written to any folder (`OUT_DIR`), inside the project or not.
 *
 * Astro bundles the pages into a module it stages in `<outDir>/.prerender/`
 * when the output folder's path starts with the working folder's (a plain
 * string test: `/work/papers-site` "starts with" `/work/papers`), else in
 * `<cwd>/.astro/.prerender/`, and imports it from there. The module imports
 * packages by bare name, which Node resolves from the module's own folder
 * upwards: staged outside the project, it finds no `node_modules` and the build
 * fails with `Cannot find package 'piccolore'`. Each bare import of the staged
 * module is written as the file the project itself resolves it to instead, so
 * the module runs wherever it is staged.
 */
import type { AstroIntegration } from 'astro';

/** `piccolore`, `@scope/name/sub`: not relative, not absolute, not a `node:` or other URL scheme. */
const BARE = /^(?![./]|[a-z][a-z0-9+.-]*:)/i;

/** The file URL the project resolves a bare import to; anything else (or an unknown package) as it is. */
export function projectImport(id: string): string {
  if (!BARE.test(id)) return id;
  try {
    // Resolved from src/integrations/: the same node_modules folders as from the project's root.
    return import.meta.resolve(id);
  } catch {
    return id;
  }
}

export default function stagedPackages(): AstroIntegration {
  return {
    name: 'staged-packages',
    hooks: {
      'astro:build:setup': ({ vite }) => {
        const build = vite.environments?.prerender?.build;
        if (!build) return;
        const options = (build.rolldownOptions ??= {});
        const output = options.output ?? {};
        options.output = Array.isArray(output) ? output.map((one) => ({ ...one, paths: projectImport })) : { ...output, paths: projectImport };
      },
    },
  };
}

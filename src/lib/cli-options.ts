/** What the commands' argument parsing shares. */
import type { parseArgs } from 'node:util';

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * The first option given more than once, as `--name`. Node's parseArgs keeps the last of a repeated option, so
 * `--date A --date B` would silently use B: the commands refuse it instead.
 */
export function repeatedOption(tokens: readonly Token[]): string | undefined {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) return `--${token.name}`;
    seen.add(token.name);
  }
  return undefined;
}

/**
 * npm run check:links -- [DIR] [--base /archive/]
 * Reports every broken internal link of a built site (default dist/), with the
 * page it is on; exits 1 when there is any, 2 on bad usage.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkLinks } from '../src/lib/site/link-check.ts';

const usage = 'usage: npm run check:links -- [DIR] [--base /sub/path/]';

function main(): Promise<number> | number {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { base: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`check-links: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(`${usage}\n\nDIR defaults to dist/. Without --base, the base path is inferred from the links.`);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    console.error(`check-links: one folder at most\n${usage}`);
    return 2;
  }
  const dir = parsed.positionals[0] ?? 'dist';
  if (!existsSync(dir)) {
    console.error(`check-links: ${dir} does not exist; build the site first (npm run build)`);
    return 2;
  }
  return checkLinks(dir, parsed.values.base).then((report) => {
    for (const link of report.broken) console.error(`${link.page}: broken link "${link.href}": ${link.reason}`);
    const summary = `${report.pages} pages, ${report.checked} internal links, base ${report.base}`;
    if (report.broken.length > 0) {
      console.error(`check-links: ${report.broken.length} broken (${summary})`);
      return 1;
    }
    console.log(`check-links: no broken links (${summary})`);
    return 0;
  });
}

process.exitCode = await main();

/** `npm run new -- DIR` (see src/lib/new-archive.ts): an empty archive with the project's taxonomy. */
import path from 'node:path';
import { runNew } from '../src/lib/new-archive.ts';

process.exitCode = runNew(process.argv.slice(2), path.join(import.meta.dirname, '../content/topics'), {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
});

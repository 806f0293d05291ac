/** `npm run import -- [--content DIR] [--as-of YYYY-MM-DD] FILE...` (see src/ingest/import-command.ts). */
import { runImport } from '../src/ingest/import-command.ts';

process.exitCode = await runImport(process.argv.slice(2), {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
});

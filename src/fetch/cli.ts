/** The `npm run fetch` command line, kept apart from the script so tests can run it in-process. */
import { parseFetchArgs, UsageError, usage } from './cli-args.ts';
import { DateRangeError } from './dates.ts';
import type { Output } from './report.ts';
import { runFetch } from './run.ts';

/** Exit status: 0 all days ok, 1 a day or the content failed, 2 the command line needs fixing. */
export async function main(argv: readonly string[], output: Output): Promise<number> {
  try {
    const command = parseFetchArgs(argv);
    if (command === 'help') {
      output.stdout.write(usage);
      return 0;
    }
    return await runFetch(command, output);
  } catch (error) {
    if (error instanceof UsageError || error instanceof DateRangeError) {
      output.stderr.write(`fetch: ${error.message}\nRun "npm run fetch -- --help" for the options.\n`);
      return 2;
    }
    output.stderr.write(`fetch: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

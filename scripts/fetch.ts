/** `npm run fetch -- --help` lists the options; the work happens in src/fetch/. */
import { main } from '../src/fetch/cli.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stderr.isTTY === true,
});

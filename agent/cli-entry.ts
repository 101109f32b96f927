// Entry point of the bundled agent (dist/cli-entry.mjs): `node dist/cli-entry.mjs run`.
import { runCli } from './cli.ts';

runCli(process.argv.slice(2));

import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../shared/clock.ts';
import { isAppError } from '../shared/errors.ts';
import { REPORT_AVAILABILITY_USAGE, runReportAvailabilityCommand } from './commands/report-availability.ts';
import { runReportCommand } from './commands/report-quotas.ts';
import { runServersCommand } from './commands/servers.ts';
import { SERVERS_LIFECYCLE_USAGE } from './commands/servers-lifecycle.ts';
import { ENROLMENT_COMMANDS, ENROLMENT_USAGE } from './commands/enrolment-commands.ts';
import { SILENCES_USAGE, runSilencesCommand } from './commands/silences.ts';
import { STORE_USAGE, runStoreCommand } from './commands/store-copy.ts';
import { loadCollectorConfig } from './config.ts';
import { startCollector } from './main.ts';
import { openStore } from './storage/open-store.ts';
import type { Store } from './storage/store.ts';

const USAGE = `usage: vigie-collector [--config <file.yaml>] <command>
commands:
  run                                         start the collector (default)
  servers add <UAI> <machine> --name "<libellé>" [--academie <ac-…>] [--rotate]
  servers list
${SERVERS_LIFECYCLE_USAGE}
${SILENCES_USAGE}
${ENROLMENT_USAGE}
  report quotas [--uai <UAI>] [--format csv|json|html] [--since YYYY-MM-DD] [--section users|schools|spaces] [--out <file>]
  ${REPORT_AVAILABILITY_USAGE.replace('usage: vigie-collector ', '')}
${STORE_USAGE}`;

/** Runs `fn` on the configured store, closing it afterwards. */
async function withStore<T>(config: { readonly databasePath: string; readonly databaseUrl?: string | undefined }, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ databasePath: config.databasePath, databaseUrl: config.databaseUrl });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Entry point of the `vigie-collector` command. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { config: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const configFile = typeof values.config === 'string' ? values.config : undefined;
  const config = loadCollectorConfig({ file: configFile, env: process.env });
  const rest = argv.filter((a, i) => a !== '--config' && argv[i - 1] !== '--config' && !a.startsWith('--config='));
  const [command = 'run', ...args] = rest;
  const out = (line: string) => process.stdout.write(`${line}\n`);

  if (command === 'run') {
    const running = await startCollector(config);
    const stop = (signal: string) => {
      running.app.log.info({ signal }, 'stopping');
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return -1; // keep running
  }
  if (command === 'servers') {
    await withStore(config, (store) =>
      runServersCommand(args, { store, clock: systemClock, io: { out }, actor: `cli:${userInfo().username}`, enrolment: config.enrolment }),
    );
    return 0;
  }
  const enrolmentCommand = ENROLMENT_COMMANDS[command];
  if (enrolmentCommand !== undefined) {
    return withStore(config, (store) => enrolmentCommand(args, { store, clock: systemClock, io: { out }, actor: `cli:${userInfo().username}` }));
  }
  if (command === 'silences') {
    await withStore(config, (store) => runSilencesCommand(args, { store, clock: systemClock, io: { out } }));
    return 0;
  }
  if (command === 'report') {
    await withStore(config, async (store) => {
      const io = { out, write: (text: string) => process.stdout.write(text) };
      if (args[0] === 'availability') await runReportAvailabilityCommand(args, { store, liveness: config.livenessSettings, clock: systemClock, io });
      else await runReportCommand(args, { store, config, clock: systemClock, io });
    });
    return 0;
  }
  // The copy opens its own source and target (not the configured store).
  if (command === 'store') return runStoreCommand(args, { io: { out }, clock: systemClock });
  process.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
  void positionals;
  return 2;
}

/** Runs `main` and turns expected errors into a one-line message and exit code 2. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      if (isAppError(err)) {
        process.stderr.write(`vigie-collector: ${err.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`vigie-collector: ${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 1;
      }
    },
  );
}

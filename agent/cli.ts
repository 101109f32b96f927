import { parseArgs } from 'node:util';
import { isAppError } from '../shared/errors.ts';
import { loadAgentConfig } from './config.ts';
import { ENROL_OPTIONS, runEnrolCommand } from './enrol/enrol-command.ts';
import { creoleGet, DEFAULT_CONFIG_EOL } from './identity/creole-get-command.ts';
import { createLogger, printOnce, printScanOnce, runAgent } from './main.ts';

const USAGE = `usage: vigie-agent [--config <file.yaml>] <command>
commands:
  run            run the daemon: heartbeats and life-cycle events (default)
  once --print   print the heartbeat JSON this server would send, without network
  once --print --scan
                 run the quota and spaces scan now and print the report, without network
  scan           run the quota and spaces scan now and send the report (through the spool: if the
                 collector cannot take it now, the daemon sends it later)
  enrol --key <enrolment key> [--collector <url>] [--token-file <path>] [--owner <uid[:gid]>]
                 get this server's token from the collector and write it to tokenFile (0600)
  creole-get [--file <config.eol>] <variable>
                 print a Creole variable of config.eol (default ${DEFAULT_CONFIG_EOL}), one value per
                 line; exits 2 when it has none (for the EOLE hooks, where CreoleGet is missing)`;

/** Entry point of the `vigie-agent` command. Returns an exit code, or -1 while the daemon runs. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      print: { type: 'boolean', default: false },
      scan: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...ENROL_OPTIONS,
      file: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = positionals[0] ?? 'run';
  if (command === 'creole-get') {
    // Needs no agent configuration: the EOLE hooks call it before agent.yaml is complete.
    const variable = positionals[1];
    if (variable === undefined || positionals.length > 2) {
      process.stderr.write(`vigie-agent: 'creole-get' needs one variable name\n${USAGE}\n`);
      return 2;
    }
    for (const value of creoleGet(values.file ?? DEFAULT_CONFIG_EOL, variable)) process.stdout.write(`${value}\n`);
    return 0;
  }
  if (command === 'enrol') {
    const config = loadAgentConfig({ file: values.config, env: process.env, readToken: false });
    for (const line of await runEnrolCommand(config, values, process.env)) process.stdout.write(`${line}\n`);
    return 0;
  }
  const config = loadAgentConfig({ file: values.config, env: process.env });
  if (command === 'once') {
    if (!values.print) {
      process.stderr.write(`vigie-agent: 'once' needs --print\n${USAGE}\n`);
      return 2;
    }
    const text = values.scan ? await printScanOnce(config, createLogger(config.logLevel)) : await printOnce(config);
    process.stdout.write(`${text}\n`);
    return 0;
  }
  if (command === 'scan') {
    const { scanAndSend } = await import('./scan-command.ts');
    const result = await scanAndSend(config, createLogger(config.logLevel), process.env);
    process.stdout.write(
      result.flush === 'empty'
        ? `report ${result.messageId} sent\n`
        : `report ${result.messageId} kept in the spool (${config.stateDir}/spool): the collector could not take it now, the agent will send it\n`,
    );
    return 0;
  }
  if (command !== 'run') {
    process.stderr.write(`vigie-agent: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel);
  const agent = await runAgent(config, logger);
  const stop = (signal: NodeJS.Signals) => {
    // SIGTERM is what the system sends on shutdown: announce it so the collector records "arrêt annoncé".
    agent.stop({ announce: signal }).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}

/** Runs `main`, printing expected errors as one line and exiting 2. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      const message = isAppError(err) ? err.message : ((err as Error).stack ?? String(err));
      process.stderr.write(`vigie-agent: ${message}\n`);
      process.exitCode = isAppError(err) ? 2 : 1;
    },
  );
}

// Real agent processes for the HA tests: each has its own school identity (its EOLE config names it), a
// configuration file listing several collector URLs (tried in order, sticking to the one that answers), and
// keeps its state dir, so a restart is "the same server".
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeAgentRoot, startAgentProcess, type RunningProcess } from './processes.ts';

export interface HaAgent {
  readonly uai: string;
  readonly machine: string;
  readonly collectorUrls: readonly string[];
  readonly process: RunningProcess | undefined;
  start(): void;
  /** `kill -9` (nothing announced: an outage). */
  kill(): Promise<void>;
}

/** An agent for server `uai/machine` with `token`, pushing to `collectorUrls` in that order of preference. */
export function haAgent(opts: { uai: string; machine: string; token: string; collectorUrls: readonly string[]; heartbeatSeconds?: number }): HaAgent {
  const rootDir = makeAgentRoot();
  const eol = join(rootDir, 'etc/eole/config.eol');
  writeFileSync(
    eol,
    readFileSync(eol, 'utf8')
      .replace('"0860021f"', JSON.stringify(opts.uai.toLowerCase()))
      .replace('"nom_machine": {"owner": "gen_config", "val": "scribe"}', `"nom_machine": {"owner": "gen_config", "val": ${JSON.stringify(opts.machine)}}`),
  );
  const stateDir = mkdtempSync(join(tmpdir(), 'vigie-ha-agent-state-'));
  const configFile = join(mkdtempSync(join(tmpdir(), 'vigie-ha-agent-')), 'agent.yaml');
  writeFileSync(configFile, stringify({ collectorUrls: [...opts.collectorUrls] }));
  let proc: RunningProcess | undefined;
  const seconds = opts.heartbeatSeconds ?? 1;
  return {
    uai: opts.uai,
    machine: opts.machine,
    collectorUrls: opts.collectorUrls,
    get process() {
      return proc;
    },
    start() {
      if (proc !== undefined) throw new Error(`agent ${opts.uai} already running`);
      proc = startAgentProcess({
        collectorUrl: opts.collectorUrls[0]!,
        token: opts.token,
        rootDir,
        stateDir,
        args: ['--config', configFile],
        env: {
          // The list of the file, not the one URL of the environment (an empty variable is no override).
          VIGIE_COLLECTOR_URL: '',
          VIGIE_HEARTBEAT_INTERVAL_SECONDS: String(seconds),
          VIGIE_REQUEST_TIMEOUT_MS: String(Math.min(900, seconds * 1000 - 100)),
          VIGIE_SCAN_ENABLED: 'false',
        },
      });
    },
    async kill() {
      const p = proc;
      proc = undefined;
      await p?.stop('SIGKILL');
    },
  };
}

/**
 * Reads the UPS at each heartbeat with NUT's `upsc` (through the command runner: absolute path, no shell,
 * `timeoutMs` at most per run), discovering it with `upsc -l [host]` when `ups.name` is not configured.
 * Never throws and never blocks a heartbeat longer than two upsc runs (a discovery, rarely, then a read):
 * any failure means "no UPS field in this heartbeat". Each distinct problem is logged once, not every beat.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/clock.ts';
import { isAppError } from '../../../shared/errors.ts';
import type { UpsReading } from '../../../shared/protocol/index.ts';
import type { CommandRunner } from '../../system/command-runner.ts';
import { parseUpscList, parseUpscReading } from './parse-upsc.ts';
import { upsMode, type UpsConfig } from './ups-config.ts';
import { NO_DISCOVERY, discoveredName, upsTarget, type DiscoveryState } from './ups-target.ts';

export interface UpsProbeDeps {
  readonly config: UpsConfig;
  readonly commands: Pick<CommandRunner, 'run'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface UpsProbe {
  /** The UPS now, or undefined when there is none, it is disabled, or it could not be read. */
  read(): Promise<UpsReading | undefined>;
}

function isMissing(err: unknown): boolean {
  return isAppError(err, 'ERR_COMMAND_NOT_FOUND');
}

export function createUpsProbe(deps: UpsProbeDeps): UpsProbe {
  const { config, commands, clock, logger } = deps;
  let discovery: DiscoveryState = NO_DISCOVERY;
  /** The last problem logged, so a lasting one is said once. */
  let lastProblem: string | null = null;

  function problem(key: string, level: 'debug' | 'warn', fields: Record<string, unknown>, msg: string): void {
    if (lastProblem === key) return;
    lastProblem = key;
    logger[level](fields, msg);
  }

  async function upsc(args: string[]): Promise<string> {
    return (await commands.run(config.upscPath, args, { timeoutMs: config.timeoutMs })).stdout;
  }

  async function discover(nowMs: number): Promise<void> {
    try {
      const names = parseUpscList(await upsc(config.host === undefined ? ['-l'] : ['-l', config.host]));
      discovery = { atMs: nowMs, found: discoveredName(names, config.host), upscMissing: false };
      if (discovery.found !== null) logger.info({ ups: discovery.found }, 'UPS found with upsc -l');
    } catch (err) {
      discovery = { atMs: nowMs, found: null, upscMissing: isMissing(err) };
      if (!discovery.upscMissing) logger.debug({ err: (err as Error).message }, 'upsc -l found no UPS');
    }
  }

  return {
    async read() {
      const nowMs = clock.now().getTime();
      let target = upsTarget(config, discovery, nowMs);
      if (target.action === 'discover') {
        await discover(nowMs);
        target = upsTarget(config, discovery, nowMs);
      }
      if (target.action === 'discover') return undefined; // a discovery just ran: cannot happen
      if (target.action === 'none') {
        if (target.why === 'upsc_missing') problem('missing', 'debug', { upscPath: config.upscPath }, 'upsc is not installed (Debian package nut-client): no UPS reading');
        else if (target.why === 'none_found') {
          problem('none', upsMode(config.enabled) === 'true' ? 'warn' : 'debug', { host: config.host ?? 'localhost' }, 'no UPS found with upsc -l');
        }
        return undefined;
      }
      try {
        const reading = parseUpscReading(target.name, await upsc([target.name]));
        if (reading === undefined) {
          problem(`unreadable:${target.name}`, 'warn', { ups: target.name }, 'upsc gave no ups.status');
          return undefined;
        }
        if (lastProblem !== null) logger.info({ ups: target.name }, 'UPS readable again');
        lastProblem = null;
        return reading;
      } catch (err) {
        if (isMissing(err)) {
          discovery = { atMs: nowMs, found: null, upscMissing: true };
          problem('missing', 'debug', { upscPath: config.upscPath }, 'upsc is not installed (Debian package nut-client): no UPS reading');
        } else {
          problem(`failed:${target.name}`, 'warn', { ups: target.name, err: (err as Error).message }, 'UPS could not be read with upsc');
        }
        return undefined;
      }
    },
  };
}

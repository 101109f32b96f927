// The quota probe: runs repquota per configured mount (CSV with raw grace first, the plain table on older
// quota-tools), parses it, and answers a QuotaSection. "Quotas not enabled" is an answer, not an error.
import type { Clock } from '../../../shared/clock.ts';
import { isAppError } from '../../../shared/errors.ts';
import type { QuotaFilesystem, QuotaSection } from '../../../shared/protocol/quota-section.ts';
import type { CommandRunner } from '../../system/command-runner.ts';
import { parseProcMounts } from '../../system/proc-mounts.ts';
import type { Probe } from '../probe.ts';
import { parseRepquota, type RepquotaReport } from './parse-repquota.ts';
import { toQuotaUser } from './quota-users.ts';

export interface QuotaProbeConfig {
  /** Absolute path of repquota. Default `/usr/sbin/repquota`. */
  repquotaPath: string;
  /** Mount points to report on (default `['/home']`), or `'all'` for `repquota -a` (plain table, names devices). */
  mounts: readonly string[] | 'all';
  /** Timeout of one repquota run. Default 60 s. */
  timeoutMs: number;
  /** Pass `-n` (numeric ids, no LDAP lookups): logins become `#uid`. Default false. */
  numericIds: boolean;
}

export const DEFAULT_QUOTA_PROBE_CONFIG: QuotaProbeConfig = {
  repquotaPath: '/usr/sbin/repquota',
  mounts: ['/home'],
  timeoutMs: 60_000,
  numericIds: false,
};

export interface QuotaProbeDeps {
  runner: Pick<CommandRunner, 'run'>;
  clock: Clock;
  config: QuotaProbeConfig;
  /** Text of the mount table (`/proc/mounts`), to name the device of a CSV report. Optional. */
  readMountTable?: () => Promise<string>;
}

/** Argument sets, best first: CSV + raw grace, then the plain table with raw grace, then the bare table. */
const VARIANTS: ReadonlyArray<readonly string[]> = [['-O', 'csv', '-p'], ['-p'], []];
const UNSUPPORTED = /invalid option|unrecognized option|unknown option|Unknown output format/i;
const NOT_ENABLED = /has no quota enabled|Cannot find any quota file|No filesystems with quota|not using quota|quota.*not (enabled|turned on)/i;

function stderrOf(err: unknown): string {
  return isAppError(err) && typeof err.details?.['stderr'] === 'string' ? err.details['stderr'] : '';
}

/** Device of a mount point from /proc/mounts text (the last line for it, as a mount over another wins). */
export function deviceForMount(mountTable: string, mount: string): string | undefined {
  return parseProcMounts(mountTable).filter((e) => e.mountPoint === mount).at(-1)?.device;
}

type MountOutcome = { kind: 'ok'; filesystems: QuotaFilesystem[] } | { kind: 'not_enabled' } | { kind: 'error'; message: string };

export function createQuotaProbe(deps: QuotaProbeDeps): Probe<QuotaSection, 'quota'> {
  const { runner, config } = deps;
  const base = ['-u', ...(config.numericIds ? ['-n'] : [])];

  async function run(args: readonly string[], signal: AbortSignal): Promise<string> {
    const out = await runner.run(config.repquotaPath, args, { timeoutMs: config.timeoutMs, signal });
    return out.stdout;
  }

  function toFilesystems(report: RepquotaReport, mount: string | undefined, device: string | undefined): QuotaFilesystem[] {
    const now = deps.clock.now();
    return report.blocks.map((b) => {
      const fs: QuotaFilesystem = {
        device: b.device ?? device ?? mount ?? 'unknown',
        format: report.format,
        users: b.entries.map((e) => toQuotaUser(e, now)),
      };
      if (mount !== undefined) fs.mountpoint = mount;
      return fs;
    });
  }

  async function oneMount(mount: string, startAt: number, signal: AbortSignal): Promise<MountOutcome & { variant?: number }> {
    for (let v = startAt; v < VARIANTS.length; v += 1) {
      let stdout: string;
      try {
        stdout = await run([...base, ...(VARIANTS[v] ?? []), mount], signal);
      } catch (err) {
        const stderr = stderrOf(err);
        if (isAppError(err, 'ERR_COMMAND_FAILED') && UNSUPPORTED.test(stderr)) continue;
        if (isAppError(err, 'ERR_COMMAND_FAILED') && NOT_ENABLED.test(stderr)) return { kind: 'not_enabled', variant: v };
        return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      }
      try {
        const report = parseRepquota(stdout);
        const table = deps.readMountTable ? await deps.readMountTable().catch(() => '') : '';
        return { kind: 'ok', filesystems: toFilesystems(report, mount, deviceForMount(table, mount)), variant: v };
      } catch (err) {
        return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      }
    }
    return { kind: 'error', message: `${config.repquotaPath}: none of the known option sets is supported` };
  }

  async function allMounts(signal: AbortSignal): Promise<MountOutcome> {
    for (const variant of [['-p'], []]) {
      let stdout: string;
      try {
        stdout = await run([...base, ...variant, '-a'], signal);
      } catch (err) {
        const stderr = stderrOf(err);
        if (isAppError(err, 'ERR_COMMAND_FAILED') && UNSUPPORTED.test(stderr)) continue;
        if (isAppError(err, 'ERR_COMMAND_FAILED') && NOT_ENABLED.test(stderr)) return { kind: 'not_enabled' };
        return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      }
      // `repquota -a` prints nothing (exit 0) when no filesystem has quotas on.
      if (stdout.trim() === '') return { kind: 'not_enabled' };
      try {
        return { kind: 'ok', filesystems: toFilesystems(parseRepquota(stdout), undefined, undefined) };
      } catch (err) {
        return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      }
    }
    return { kind: 'error', message: `${config.repquotaPath}: none of the known option sets is supported` };
  }

  return {
    name: 'quota',
    failureOf: (q) => (q.status === 'error' ? { errorCode: 'ERR_QUOTA_PROBE', errorMessage: q.error ?? '' } : undefined),
    async run(ctx) {
      const outcomes: MountOutcome[] = [];
      if (config.mounts === 'all') {
        outcomes.push(await allMounts(ctx.signal));
      } else {
        let startAt = 0;
        for (const mount of config.mounts) {
          const outcome = await oneMount(mount, startAt, ctx.signal);
          if (outcome.variant !== undefined) startAt = outcome.variant; // don't retry unsupported options per mount
          outcomes.push(outcome);
        }
      }
      const filesystems = outcomes.flatMap((o) => (o.kind === 'ok' ? o.filesystems : []));
      const errors = outcomes.flatMap((o) => (o.kind === 'error' ? [o.message] : []));
      if (errors.length > 0) return { status: 'error', error: errors.join('; '), filesystems };
      if (filesystems.length === 0) return { status: 'not_enabled', filesystems };
      return { status: 'ok', filesystems };
    },
  };
}

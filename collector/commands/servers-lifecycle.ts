import { chmodSync, closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import type { EnrolmentConfig } from '../config/enrolment-config.ts';
import { approveEnrolment, enrolFromInventory, rejectEnrolment, revokeServer, rotateServerToken } from '../enrolment/server-lifecycle.ts';
import type { AdminCommandDeps } from './inventory.ts';
import { parseDurationOption } from './parse-date.ts';

export const SERVERS_LIFECYCLE_USAGE = `  servers add --from-inventory --out <tokens.csv> [--uai-prefix <086>] [--machine scribe]
  servers pending
  servers approve <id> | reject <id>
  servers rotate <UAI> <machine> [--grace <7d|12h>]
  servers revoke <UAI> <machine>`;

export const SERVERS_LIFECYCLE_COMMANDS = new Set(['pending', 'approve', 'reject', 'rotate', 'revoke']);

const usage = (): never => {
  throw new AppError('ERR_USAGE', `usage:\n${SERVERS_LIFECYCLE_USAGE}`);
};

/** `servers pending|approve|reject|rotate|revoke` and `servers add --from-inventory`. */
export async function runServersLifecycleCommand(args: string[], deps: AdminCommandDeps & { readonly enrolment: EnrolmentConfig }): Promise<number> {
  const [sub, ...rest] = args;
  const now = deps.clock.now();
  const id = (): number => {
    const n = Number(rest[0]);
    return Number.isInteger(n) && n > 0 ? n : usage();
  };
  switch (sub ?? '') {
    case 'pending': {
      deps.io.out(['ID', 'KIND', 'UAI', 'MACHINE', 'NAME', 'REQUESTED (UTC)', 'FROM', 'KEY'].join('\t'));
      for (const p of await deps.store.pendingEnrolments.listPending()) {
        deps.io.out([String(p.id), p.kind, p.uai, p.machine, p.name, new Date(p.requestedAtMs).toISOString(), p.source ?? '-', p.keyId === null ? '-' : String(p.keyId)].join('\t'));
      }
      return 0;
    }
    case 'approve':
      deps.io.out(await approveEnrolment(deps.store, id(), deps.actor, now, deps.enrolment.reenrolApprovalHours));
      return 0;
    case 'reject':
      deps.io.out(await rejectEnrolment(deps.store, id(), deps.actor, now));
      return 0;
    case 'rotate': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { grace: { type: 'string' } } });
      const [uai, machine] = positionals;
      if (uai === undefined || machine === undefined) return usage();
      const graceMs = values.grace === undefined ? deps.enrolment.rotationGraceDays * 86_400_000 : parseDurationOption('--grace', values.grace);
      const { token, graceUntil } = await rotateServerToken(deps.store, uai, machine, graceMs, deps.actor, now);
      deps.io.out(`New token for ${uai.toUpperCase()}/${machine} (shown once); the old one works until the agent uses this one, at most until ${graceUntil.toISOString()}:`);
      deps.io.out(token);
      return 0;
    }
    case 'revoke': {
      const [uai, machine] = rest;
      if (uai === undefined || machine === undefined) return usage();
      await revokeServer(deps.store, uai, machine, deps.actor, now);
      deps.io.out(`Server ${uai.toUpperCase()}/${machine} revoked: its pushes are refused from now on.`);
      return 0;
    }
    case 'add': {
      const { values } = parseArgs({
        args: rest,
        options: { 'from-inventory': { type: 'boolean', default: false }, out: { type: 'string' }, 'uai-prefix': { type: 'string' }, machine: { type: 'string', default: 'scribe' } },
      });
      if (!values['from-inventory'] || values.out === undefined) return usage();
      const rows = await enrolFromInventory(deps.store, { uaiPrefix: values['uai-prefix'], machine: values.machine }, deps.actor, now);
      writePrivateFile(values.out, ['uai,machine,token', ...rows.map((r) => `${r.uai},${r.machine},${r.token}`)].join('\n') + '\n');
      deps.io.out(`Enrolled ${rows.length} server(s) from the inventory; tokens written to ${values.out} (mode 0600).`);
      return 0;
    }
    default:
      return usage();
  }
}

/** Creates (or replaces) a file readable by its owner only. */
function writePrivateFile(path: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
  } catch (err) {
    throw new AppError('ERR_USAGE', `--out is invalid, expected a writable file (actual: '${path}': ${(err as Error).message})`);
  }
  try {
    chmodSync(path, 0o600); // an existing file keeps its old mode otherwise
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

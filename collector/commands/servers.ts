import { parseArgs } from 'node:util';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { enrolServer } from '../enrolment.ts';
import type { Store } from '../storage/store.ts';
import type { EnrolmentConfig } from '../config/enrolment-config.ts';
import { SERVERS_LIFECYCLE_COMMANDS, runServersLifecycleCommand } from './servers-lifecycle.ts';

export interface CommandIo {
  readonly out: (line: string) => void;
}

/** `vigie-collector servers add <UAI> <machine> --name "…" [--academie ac-x] [--rotate]` and `servers list`. */
export async function runServersCommand(
  args: string[],
  deps: { store: Store; clock: Clock; io: CommandIo; actor?: string; enrolment?: EnrolmentConfig },
): Promise<void> {
  const [sub, ...rest] = args;
  if ((sub !== undefined && SERVERS_LIFECYCLE_COMMANDS.has(sub)) || (sub === 'add' && rest.includes('--from-inventory'))) {
    await runServersLifecycleCommand(args, { ...deps, actor: deps.actor ?? 'cli', enrolment: deps.enrolment ?? { rateLimit: { max: 10, windowSeconds: 60 }, rotationGraceDays: 7, reenrolApprovalHours: 72 } });
    return;
  }
  if (sub === 'add') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { name: { type: 'string' }, academie: { type: 'string' }, rotate: { type: 'boolean', default: false } },
    });
    const [uai, machine] = positionals;
    if (uai === undefined || machine === undefined || values.name === undefined) {
      throw new AppError('ERR_USAGE', 'usage: vigie-collector servers add <UAI> <machine> --name "<libellé>" [--academie <ac-…>] [--rotate]');
    }
    const res = await enrolServer(deps.store, { uai, machine, name: values.name, academie: values.academie, rotate: values.rotate }, deps.clock.now());
    deps.io.out(`Enrolled ${res.uai}/${machine}. Token (shown once, put it in the agent's configuration):`);
    deps.io.out(res.token);
    return;
  }
  if (sub === 'list') {
    const rows = await deps.store.servers.list();
    deps.io.out(['UAI', 'MACHINE', 'NAME', 'LAST SEEN (UTC)', 'STATUS'].join('\t'));
    for (const s of rows) {
      const seen = s.lastSeenAtMs === null ? '-' : new Date(s.lastSeenAtMs).toISOString();
      deps.io.out([s.uai, s.machine, s.name, seen, s.retiredAtMs === null ? 'enrolled' : 'retired'].join('\t'));
    }
    return;
  }
  throw new AppError('ERR_USAGE', 'usage: vigie-collector servers add|list …');
}

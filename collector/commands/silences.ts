import { parseArgs } from 'node:util';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { addSilence, listSilences, removeSilence } from '../services/silences-service.ts';
import type { Store } from '../storage/store.ts';
import type { CommandIo } from './servers.ts';

export const SILENCES_USAGE = `  silences add <UAI> [<machine>] --until <ISO date-time> --reason "<texte>" [--from <ISO>] [--by <name>]
  silences list
  silences remove <id>`;

/** `vigie-collector silences add|list|remove …` */
export async function runSilencesCommand(args: string[], deps: { store: Store; clock: Clock; io: CommandIo }): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { until: { type: 'string' }, from: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
    });
    const [uai, machine] = positionals;
    if (uai === undefined || values.until === undefined || values.reason === undefined) {
      throw new AppError('ERR_USAGE', `usage:\n${SILENCES_USAGE}`);
    }
    const s = await addSilence(
      deps.store,
      { uai, machine: machine ?? null, startsAt: values.from, endsAt: values.until, reason: values.reason, createdBy: values.by ?? 'cli' },
      deps.clock.now(),
    );
    deps.io.out(`Silence ${s.id}: ${s.uai}${s.machine === null ? ' (all servers)' : `/${s.machine}`} until ${s.endsAt} (${s.reason})`);
    return;
  }
  if (sub === 'list') {
    deps.io.out(['ID', 'UAI', 'MACHINE', 'FROM (UTC)', 'UNTIL (UTC)', 'BY', 'REASON'].join('\t'));
    for (const s of await listSilences(deps.store, deps.clock.now())) {
      deps.io.out([String(s.id), s.uai, s.machine ?? '*', s.startsAt, s.endsAt, s.createdBy, s.reason].join('\t'));
    }
    return;
  }
  if (sub === 'remove') {
    const id = Number(rest[0]);
    if (!Number.isInteger(id) || id < 1) throw new AppError('ERR_USAGE', `usage: vigie-collector silences remove <id> (actual id: '${rest[0] ?? ''}')`);
    await removeSilence(deps.store, id, deps.clock.now());
    deps.io.out(`Silence ${id} removed.`);
    return;
  }
  throw new AppError('ERR_USAGE', `usage:\n${SILENCES_USAGE}`);
}

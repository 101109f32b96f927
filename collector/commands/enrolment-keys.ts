import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import { createEnrolmentKey, keyState, revokeEnrolmentKey } from '../enrolment/enrolment-keys.ts';
import type { AdminCommandDeps } from './inventory.ts';
import { parseDateOption } from './parse-date.ts';

export const ENROLMENT_KEYS_USAGE = `  enrolment-keys create --expires <YYYY-MM-DD|ISO> [--academie <ac-…>] [--uai-prefix <086>] [--max-uses <N>] [--auto-approve]
  enrolment-keys list
  enrolment-keys revoke <id>`;

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

/** `vigie-collector enrolment-keys create|list|revoke …`. */
export async function runEnrolmentKeysCommand(args: string[], deps: AdminCommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  const now = deps.clock.now();
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        expires: { type: 'string' },
        academie: { type: 'string' },
        'uai-prefix': { type: 'string' },
        'max-uses': { type: 'string' },
        'auto-approve': { type: 'boolean', default: false },
      },
    });
    if (values.expires === undefined) throw new AppError('ERR_USAGE', `usage (--expires is required):\n${ENROLMENT_KEYS_USAGE}`);
    const maxUses = values['max-uses'] === undefined ? undefined : Number(values['max-uses']);
    const { id, key } = await createEnrolmentKey(
      deps.store,
      {
        expiresAt: parseDateOption('--expires', values.expires, 'end'),
        academie: values.academie,
        uaiPrefix: values['uai-prefix'],
        maxUses,
        autoApprove: values['auto-approve'],
      },
      deps.actor,
      now,
    );
    deps.io.out(`Enrolment key ${id} (shown once; on each Scribe run: vigie-agent enrol --key <key>):`);
    deps.io.out(key);
    return 0;
  }
  if (sub === 'list') {
    deps.io.out(['ID', 'STATE', 'ACADEMIE', 'UAI PREFIX', 'EXPIRES (UTC)', 'USES', 'AUTO-APPROVE', 'CREATED BY'].join('\t'));
    for (const k of await deps.store.enrolmentKeys.list()) {
      deps.io.out(
        [String(k.id), keyState(k, now.getTime()), k.academie ?? '*', k.uaiPrefix ?? '*', iso(k.expiresAtMs), `${k.uses}/${k.maxUses ?? '∞'}`, k.autoApprove ? 'yes' : 'no', k.createdBy].join('\t'),
      );
    }
    return 0;
  }
  if (sub === 'revoke') {
    const id = Number(rest[0]);
    if (!Number.isInteger(id) || id < 1) throw new AppError('ERR_USAGE', `usage: vigie-collector enrolment-keys revoke <id> (actual id: '${rest[0] ?? ''}')`);
    await revokeEnrolmentKey(deps.store, id, deps.actor, now);
    deps.io.out(`Enrolment key ${id} revoked.`);
    return 0;
  }
  throw new AppError('ERR_USAGE', `usage:\n${ENROLMENT_KEYS_USAGE}`);
}

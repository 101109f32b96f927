import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import type { AdminCommandDeps } from './inventory.ts';
import { parseDateOption } from './parse-date.ts';

export const AUDIT_USAGE = '  audit [--since <YYYY-MM-DD|ISO>] [--limit <N>] [--json]';

/** `vigie-collector audit [--since …]`: who did what and when, oldest first. */
export async function runAuditCommand(args: string[], deps: AdminCommandDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) throw new AppError('ERR_USAGE', `usage:\n${AUDIT_USAGE}`);
  const sinceMs = values.since === undefined ? 0 : parseDateOption('--since', values.since, 'start').getTime();
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new AppError('ERR_USAGE', `--limit is invalid, expected a positive integer (actual: '${values.limit}')`);
  const entries = await deps.store.audit.list(sinceMs, limit);
  if (values.json) {
    for (const e of entries) deps.io.out(JSON.stringify({ ...e, at: new Date(e.atMs).toISOString() }));
    return 0;
  }
  deps.io.out(['AT (UTC)', 'ACTOR', 'ACTION', 'TARGET', 'DETAILS'].join('\t'));
  for (const e of entries) {
    deps.io.out([new Date(e.atMs).toISOString(), e.actor, e.action, e.target ?? '-', e.details === null ? '' : JSON.stringify(e.details)].join('\t'));
  }
  return 0;
}

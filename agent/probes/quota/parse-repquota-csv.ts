// `repquota -O csv`: a header row per filesystem, then one row of 11 fields per user or group. The CSV form
// does not name the device, so blocks have `device: null` (the probe runs one filesystem per call).
import type { RepquotaBlock, RepquotaReport } from './parse-repquota.ts';
import { makeEntry, parseError } from './repquota-values.ts';

const HEADER_TAIL = 'BlockStatus,FileStatus,BlockUsed,BlockSoftLimit,BlockHardLimit,BlockGrace,FileUsed,FileSoftLimit,FileHardLimit,FileGrace';
const STATUS = new Set(['ok', 'soft', 'hard']);

export function parseRepquotaCsv(lines: readonly string[]): RepquotaReport {
  let kind: 'user' | 'group' | undefined;
  const blocks: RepquotaBlock[] = [];
  let current: RepquotaBlock | undefined;

  lines.forEach((line, index) => {
    const n = index + 1;
    if (line.trim() === '') return;
    if (line === `User,${HEADER_TAIL}` || line === `Group,${HEADER_TAIL}`) {
      const thisKind = line.startsWith('User,') ? 'user' : 'group';
      if (kind !== undefined && kind !== thisKind) throw parseError(n, 'mixes user and group reports');
      kind = thisKind;
      current = { device: null, entries: [] };
      blocks.push(current);
      return;
    }
    if (current === undefined) throw parseError(n, `expected the CSV header 'User,${HEADER_TAIL}'`);
    const f = line.split(',');
    if (f.length !== 11) throw parseError(n, `expected 11 comma-separated fields, got ${f.length}`);
    const [name = '', bstatus = '', fstatus = '', bused = '', bsoft = '', bhard = '', bgrace = '', fused = '', fsoft = '', fhard = '', fgrace = ''] = f;
    if (!STATUS.has(bstatus)) throw parseError(n, `BlockStatus must be ok, soft or hard (got '${bstatus}')`);
    if (!STATUS.has(fstatus)) throw parseError(n, `FileStatus must be ok, soft or hard (got '${fstatus}')`);
    current.entries.push(makeEntry(name, { bused, bsoft, bhard, bgrace, fused, fsoft, fhard, fgrace }, n));
  });

  if (kind === undefined) throw parseError(1, 'no CSV header found');
  return { format: 'csv', kind, blocks };
}

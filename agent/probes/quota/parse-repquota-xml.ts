// `repquota -O xml`: quota-tools prints one element per line; this reads exactly that shape, line by line.
import type { RepquotaBlock, RepquotaReport } from './parse-repquota.ts';
import { makeEntry, parseError } from './repquota-values.ts';

const REPORT_OPEN = /^<Report type='(user|group)' dev='([^']*)'>$/;
const QUOTA_OPEN = /^<Quota (user|group)='([^']*)'>$/;
const STATUS = /^<QuotaStatus block='(ok|soft|hard)' inode='(ok|soft|hard)' \/>$/;
const LIMITS = /^<(blockLimits|FileLimits) used='([^']*)' soft='([^']*)' hard='([^']*)' grace='([^']*)' \/>$/;
const GRACE_TIME = /^<(Block|Inode)GraceTime>[^<]*<\/(Block|Inode)GraceTime>$/;

function unescape(s: string): string {
  return s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface OpenQuota {
  name: string;
  line: number;
  block?: { used: string; soft: string; hard: string; grace: string };
  file?: { used: string; soft: string; hard: string; grace: string };
}

export function parseRepquotaXml(lines: readonly string[]): RepquotaReport {
  let kind: 'user' | 'group' | undefined;
  const blocks: RepquotaBlock[] = [];
  let report: RepquotaBlock | undefined;
  let quota: OpenQuota | undefined;
  let closed = false;

  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('<?xml') || line === '<repquota>') return;
    if (closed) throw parseError(n, `content after </repquota> (got '${line}')`);
    if (line === '</repquota>') {
      if (report !== undefined) throw parseError(n, '</repquota> while a <Report> is open');
      closed = true;
      return;
    }
    const open = REPORT_OPEN.exec(line);
    if (open !== null) {
      const thisKind = open[1] === 'group' ? 'group' : 'user';
      if (kind !== undefined && kind !== thisKind) throw parseError(n, 'mixes user and group reports');
      kind = thisKind;
      report = { device: unescape(open[2] ?? ''), entries: [] };
      blocks.push(report);
      return;
    }
    if (report === undefined) throw parseError(n, `expected <Report type='user' dev='…'> (got '${line}')`);
    if (line === '</Report>') {
      if (quota !== undefined) throw parseError(n, '</Report> while a <Quota> is open');
      report = undefined;
      return;
    }
    if (GRACE_TIME.test(line)) return;
    const q = QUOTA_OPEN.exec(line);
    if (q !== null) {
      if (quota !== undefined) throw parseError(n, 'nested <Quota>');
      quota = { name: unescape(q[2] ?? ''), line: n };
      return;
    }
    if (quota === undefined) throw parseError(n, `expected <Quota user='…'> (got '${line}')`);
    if (STATUS.test(line)) return;
    const lim = LIMITS.exec(line);
    if (lim !== null) {
      const v = { used: lim[2] ?? '', soft: lim[3] ?? '', hard: lim[4] ?? '', grace: lim[5] ?? '' };
      if (lim[1] === 'blockLimits') quota.block = v;
      else quota.file = v;
      return;
    }
    if (line === '</Quota>') {
      const { block, file } = quota;
      if (block === undefined || file === undefined) throw parseError(n, '<Quota> without both blockLimits and FileLimits');
      report.entries.push(
        makeEntry(
          quota.name,
          { bused: block.used, bsoft: block.soft, bhard: block.hard, bgrace: block.grace, fused: file.used, fsoft: file.soft, fhard: file.hard, fgrace: file.grace },
          quota.line,
        ),
      );
      quota = undefined;
      return;
    }
    throw parseError(n, `unexpected XML line (got '${line}')`);
  });

  if (kind === undefined) throw parseError(lines.length, 'no <Report> element found');
  if (!closed) throw parseError(lines.length, 'missing </repquota> (output truncated?)');
  return { format: 'xml', kind, blocks };
}

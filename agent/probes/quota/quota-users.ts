// Turns parsed repquota entries into the protocol's QuotaUser: status from the figures, grace end as an instant.
import type { QuotaStatus, QuotaUser } from '../../../shared/protocol/quota-section.ts';
import type { Grace, RepquotaEntry } from './repquota-values.ts';

/**
 * `over_hard` when a hard limit exists and usage is at or above it; else `over_soft` when a soft limit exists and
 * usage is above it (the kernel starts the grace period past the soft limit); else `ok`. Computed from the figures,
 * so every output format gives the same answer.
 */
export function quotaStatus(used: number, soft: number | null, hard: number | null): QuotaStatus {
  if (hard !== null && used >= hard) return 'over_hard';
  if (soft !== null && used > soft) return 'over_soft';
  return 'ok';
}

interface GraceFields {
  graceEndsAt?: string | null;
  graceExpired?: boolean;
}

function graceFields(grace: Grace, now: Date): GraceFields {
  switch (grace.kind) {
    case 'none':
      return {};
    case 'until':
      return grace.at.getTime() <= now.getTime()
        ? { graceEndsAt: grace.at.toISOString(), graceExpired: true }
        : { graceEndsAt: grace.at.toISOString(), graceExpired: false };
    case 'remaining':
      return { graceEndsAt: new Date(now.getTime() + grace.seconds * 1000).toISOString(), graceExpired: false };
    case 'expired':
      return { graceEndsAt: null, graceExpired: true };
  }
}

/** One entry → one QuotaUser. `now` turns the plain table's "time left" into an instant. */
export function toQuotaUser(entry: RepquotaEntry, now: Date): QuotaUser {
  const status = quotaStatus(entry.blockUsedBytes, entry.blockSoftBytes, entry.blockHardBytes);
  const user: QuotaUser = {
    login: entry.name,
    usedBytes: entry.blockUsedBytes,
    softLimitBytes: entry.blockSoftBytes,
    hardLimitBytes: entry.blockHardBytes,
    files: entry.fileUsed,
    fileSoftLimit: entry.fileSoft,
    fileHardLimit: entry.fileHard,
    status,
    fileStatus: quotaStatus(entry.fileUsed, entry.fileSoft, entry.fileHard),
  };
  if (entry.id !== undefined) user.uid = entry.id;
  if (status !== 'ok') Object.assign(user, graceFields(entry.blockGrace, now));
  return user;
}

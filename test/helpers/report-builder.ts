// Builders of valid protocol-v1 Reports for collector tests (quota/space figures with sensible defaults).
import { randomUUID } from 'node:crypto';
import type { QuotaUser, Report, Space, SpaceKind } from '../../shared/protocol/index.ts';
import { SCHEMA_VERSION } from '../../shared/protocol/index.ts';

const MIB = 1024 * 1024;

/** One quota line; `usedMiB`/`limitMiB` are convenience inputs (limit null = none). */
export function quotaUser(
  login: string,
  opts: Partial<QuotaUser> & { usedMiB?: number; limitMiB?: number | null } = {},
): QuotaUser {
  const { usedMiB, limitMiB, ...rest } = opts;
  const limit = limitMiB === undefined ? 200 * MIB : limitMiB === null ? null : limitMiB * MIB;
  return {
    login,
    profile: 'eleve',
    usedBytes: Math.round((usedMiB ?? 10) * MIB),
    softLimitBytes: limit,
    hardLimitBytes: limit,
    files: 100,
    fileSoftLimit: null,
    fileHardLimit: null,
    status: 'ok',
    ...rest,
  };
}

/** One space; `apparentMiB` sets apparent bytes (allocated = apparent rounded up to 4 KiB blocks). */
export function space(
  kind: SpaceKind,
  name: string,
  opts: Partial<Space> & { apparentMiB?: number; gt3yShare?: number; y1to3Share?: number } = {},
): Space {
  const { apparentMiB, gt3yShare, y1to3Share, ...rest } = opts;
  const apparent = Math.round((apparentMiB ?? 5) * MIB);
  const gt3y = Math.round(apparent * (gt3yShare ?? 0));
  const y1to3 = Math.round(apparent * (y1to3Share ?? 0));
  return {
    kind,
    name,
    path: defaultPath(kind, name),
    allocatedBytes: Math.ceil(apparent / 4096) * 4096,
    apparentBytes: apparent,
    files: 50,
    directories: 5,
    ageBytes: { lt1y: apparent - gt3y - y1to3, y1to3, gt3y },
    largestFiles: [],
    errorCount: 0,
    errors: [],
    truncated: false,
    ...rest,
  };
}

function defaultPath(kind: SpaceKind, name: string): string {
  const byKind: Partial<Record<SpaceKind, string>> = {
    perso: `/home/adhomes/${name}/perso`,
    mail: `/home/mail/${name}`,
    classe_donnees: `/home/workgroups/${name}/donnees`,
    classe_travail: `/home/workgroups/${name}/travail`,
    option_donnees: `/home/workgroups/${name}/donnees`,
    option_travail: `/home/workgroups/${name}/travail`,
    commun_travail: '/home/workgroups/commun/travail',
  };
  return byKind[kind] ?? `/home/workgroups/${name}`;
}

export interface BuildReportOptions {
  uai?: string;
  machine?: string;
  messageId?: string;
  finishedAt?: string;
  scanDurationMs?: number;
  users?: QuotaUser[];
  spaces?: Space[];
  quotaStatus?: 'ok' | 'not_enabled' | 'error';
  partial?: boolean;
  brokenPupilLinks?: Array<{ classe: string; count: number }>;
}

/** A complete valid Report (default: school 0860021F, machine `scribe`, finished 2025-07-10T02:30Z). */
export function buildReport(opts: BuildReportOptions = {}): Report {
  const finishedAt = opts.finishedAt ?? '2025-07-10T02:30:00.000Z';
  const durationMs = opts.scanDurationMs ?? 90_000;
  const startedAt = new Date(new Date(finishedAt).getTime() - durationMs).toISOString();
  const quotaStatus = opts.quotaStatus ?? 'ok';
  return {
    schemaVersion: SCHEMA_VERSION,
    messageId: opts.messageId ?? randomUUID(),
    sentAt: finishedAt,
    server: { uai: opts.uai ?? '0860021F', machine: opts.machine ?? 'scribe' },
    agentVersion: '0.1.0',
    startedAt,
    finishedAt,
    probes: [
      { probe: 'quota', ok: quotaStatus !== 'error', durationMs: 120 },
      { probe: 'spaces', ok: true, durationMs },
    ],
    quota: {
      status: quotaStatus,
      ...(quotaStatus === 'error' ? { error: 'repquota failed' } : {}),
      filesystems: quotaStatus === 'ok'
        ? [{ device: '/dev/mapper/scribe--vg-home', users: opts.users ?? defaultUsers() }]
        : [],
    },
    spaces: {
      partial: opts.partial ?? false,
      durationMs,
      spaces: opts.spaces ?? defaultSpaces(),
      brokenPupilLinks: opts.brokenPupilLinks ?? [],
    },
  };
}

/** A small school: two pupils (one over hard, one in grace), a teacher without limit, an ok pupil. */
export function defaultUsers(): QuotaUser[] {
  return [
    quotaUser('aduval', { usedMiB: 60, limitMiB: 200 }),
    quotaUser('bmartin', { usedMiB: 210, limitMiB: 200, status: 'over_soft', graceEndsAt: '2025-07-15T10:00:00.000Z' }),
    quotaUser('cpetit', { usedMiB: 200, limitMiB: 200, status: 'over_hard' }),
    quotaUser('prof.durand', { usedMiB: 1500, limitMiB: null, profile: 'enseignant' }),
  ];
}

/** Spaces matching {@link defaultUsers}, plus shares. */
export function defaultSpaces(): Space[] {
  return [
    space('perso', 'aduval', { apparentMiB: 50, profile: 'eleve' }),
    space('perso', 'bmartin', { apparentMiB: 190, gt3yShare: 0.5, profile: 'eleve' }),
    space('perso', 'cpetit', { apparentMiB: 180, profile: 'eleve' }),
    space('perso', 'prof.durand', { apparentMiB: 1200, gt3yShare: 0.25, profile: 'enseignant' }),
    space('classe_donnees', '3A', { apparentMiB: 300 }),
    space('classe_travail', '3A', { apparentMiB: 40 }),
    space('commun', 'commun', { apparentMiB: 800, y1to3Share: 0.5 }),
    space('commun_travail', 'commun', { apparentMiB: 100 }),
    space('mail', 'prof.durand', { apparentMiB: 30 }),
    space('recyclage', 'recyclage', { apparentMiB: 70, path: '/home/adhomes/adminrupn/perso/recyclage' }),
  ];
}

// The nightly reports of the demo's servers (pure, seeded): per school, pupils and teachers with quotas (a few
// over their limit), perso folders, class and option shares, commun, Mediaprof, a recyclage folder, teachers'
// mailboxes; ages spread so that « plus de 3 ans » means something. Sizes are those of a real Scribe, scaled down
// in the number of accounts so that 300 reports stay light.
import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type QuotaUser, type Report, type Space, type SpaceKind } from '../../shared/protocol/index.ts';
import { seededRandom } from '../sample-tree.ts';

const MIB = 1024 * 1024;

function aSpace(kind: SpaceKind, name: string, path: string, bytes: number, oldShare: number, extra: Partial<Space> = {}): Space {
  const apparent = Math.max(0, Math.round(bytes));
  const gt3y = Math.round(apparent * oldShare);
  const y1to3 = Math.round((apparent - gt3y) * 0.3);
  return {
    kind, name, path, allocatedBytes: Math.ceil(apparent / 4096) * 4096, apparentBytes: apparent, files: Math.max(1, Math.round(apparent / (400 * 1024))),
    directories: 1 + Math.round(apparent / (20 * MIB)), ageBytes: { lt1y: apparent - gt3y - y1to3, y1to3, gt3y }, largestFiles: [], errorCount: 0, errors: [],
    truncated: false, ...extra,
  };
}

export interface DemoReportInput {
  readonly uai: string;
  readonly machine: string;
  readonly finishedAt: Date;
  /** Seeds the school's figures. */
  readonly seed: number;
}

/** One complete, valid report for a server. */
export function demoReport(input: DemoReportInput): Report {
  const rnd = seededRandom(input.seed);
  const between = (a: number, b: number): number => a + rnd() * (b - a);
  const users: QuotaUser[] = [];
  const spaces: Space[] = [];
  const classes = Array.from({ length: 4 + Math.floor(rnd() * 10) }, (_, i) => `${6 - (i % 4)}${String.fromCharCode(97 + Math.floor(i / 4))}`);
  const addUser = (login: string, profile: 'eleve' | 'enseignant', limitMiB: number | null, usedMiB: number, oldShare: number): void => {
    const limit = limitMiB === null ? null : limitMiB * MIB;
    const used = Math.round(usedMiB * MIB);
    const status = limit === null || used < limit * 0.98 ? 'ok' : used >= limit * 1.05 ? 'over_hard' : 'over_soft';
    users.push({
      login, profile, usedBytes: used, softLimitBytes: limit, hardLimitBytes: limit === null ? null : Math.round(limit * 1.05), files: Math.round(usedMiB * 3),
      fileSoftLimit: null, fileHardLimit: null, status,
      ...(status === 'over_soft' ? { graceEndsAt: new Date(input.finishedAt.getTime() + 5 * 86_400_000).toISOString() } : {}),
    });
    spaces.push(aSpace('perso', login, `/home/adhomes/${login}/perso`, used * 0.92, oldShare, { profile }));
  };
  for (const c of classes) {
    for (let p = 0; p < 8 + Math.floor(rnd() * 14); p += 1) {
      const heavy = rnd() < 0.04;
      addUser(`e.${c}${p}`, 'eleve', 200, heavy ? between(195, 215) : between(2, 120), rnd() < 0.2 ? between(0.2, 0.8) : 0);
    }
    spaces.push(aSpace('classe_donnees', c, `/home/workgroups/${c}/donnees`, between(50, 900) * MIB, between(0, 0.5)));
    spaces.push(aSpace('classe_travail', c, `/home/workgroups/${c}/travail`, between(20, 400) * MIB, between(0, 0.3)));
  }
  for (const opt of ['latin', 'allemand', 'theatre'].slice(0, 1 + Math.floor(rnd() * 3))) {
    spaces.push(aSpace('option_donnees', opt, `/home/workgroups/${opt}/donnees`, between(10, 300) * MIB, between(0, 0.6)));
  }
  for (let t = 0; t < 6 + Math.floor(rnd() * 20); t += 1) {
    const login = `prof${t}`;
    const limited = rnd() < 0.6;
    const heavy = limited && rnd() < 0.08;
    addUser(login, 'enseignant', limited ? 2000 : null, heavy ? between(1950, 2150) : between(50, 1800), between(0.1, 0.7));
    spaces.push(aSpace('mail', login, `/home/mail/${login}`, between(5, 300) * MIB, 0.1));
  }
  spaces.push(aSpace('commun', 'commun', '/home/workgroups/commun', between(500, 8000) * MIB, between(0.2, 0.7)));
  spaces.push(aSpace('salle_des_profs', 'Salle_des_profs', '/home/workgroups/Salle_des_profs', between(100, 3000) * MIB, between(0.2, 0.6)));
  spaces.push(aSpace('mediaprof', 'Mediaprof', '/home/workgroups/Mediaprof', between(200, 12_000) * MIB, between(0.3, 0.8)));
  spaces.push(aSpace('recyclage', 'recyclage', '/home/adhomes/admin/perso/recyclage', between(50, 6000) * MIB, between(0.3, 0.9)));
  const finishedAt = input.finishedAt.toISOString();
  const durationMs = Math.round(between(60_000, 900_000));
  return {
    schemaVersion: SCHEMA_VERSION, messageId: randomUUID(), sentAt: finishedAt, server: { uai: input.uai, machine: input.machine }, agentVersion: '0.1.0',
    startedAt: new Date(input.finishedAt.getTime() - durationMs).toISOString(), finishedAt,
    probes: [{ probe: 'quota', ok: true, durationMs: 300 }, { probe: 'spaces', ok: true, durationMs }],
    quota: { status: 'ok', filesystems: [{ device: '/dev/mapper/scribe--vg-home', mountpoint: '/home', users }] },
    spaces: { partial: false, durationMs, spaces, brokenPupilLinks: [] },
  };
}

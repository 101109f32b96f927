/**
 * What is expected and what is watched: each open school of the inventory with its enrolled servers, and
 * whether it is watched (at least one enrolled server has reported), enrolled but never heard from, or has no
 * server at all — the schools that would go unwatched during the summer. Pure over the store's rows.
 */
import type { SchoolFields } from '../inventory/school.ts';
import type { SchoolRow } from '../storage/schools-repo.ts';
import type { ServerRow } from '../storage/servers-repo.ts';

export type CoverageStatus = 'watched' | 'never_heard' | 'no_server';

/** A school of the inventory (its fields as imported) and what watches it. */
export interface SchoolCoverage extends SchoolFields {
  readonly closed: boolean;
  readonly status: CoverageStatus;
  readonly servers: { readonly machine: string; readonly enrolledAt: string; readonly lastSeen: string | null }[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Every school (closed ones only when `includeClosed`), by UAI. Retired servers do not count. */
export function schoolCoverage(schools: readonly SchoolRow[], servers: readonly ServerRow[], includeClosed = false): SchoolCoverage[] {
  const byUai = new Map<string, ServerRow[]>();
  for (const s of servers) {
    if (s.retiredAtMs !== null) continue;
    const list = byUai.get(s.uai);
    if (list === undefined) byUai.set(s.uai, [s]);
    else list.push(s);
  }
  return schools
    .filter((s) => includeClosed || s.closedAtMs === null)
    .map((s) => {
      const own = byUai.get(s.uai) ?? [];
      const status: CoverageStatus = own.length === 0 ? 'no_server' : own.some((r) => r.lastSeenAtMs !== null) ? 'watched' : 'never_heard';
      return {
        uai: s.uai,
        name: s.name,
        commune: s.commune,
        type: s.type,
        academie: s.academie,
        departement: s.departement,
        email: s.email,
        closed: s.closedAtMs !== null,
        status,
        servers: own.map((r) => ({ machine: r.machine, enrolledAt: iso(r.enrolledAtMs)!, lastSeen: iso(r.lastSeenAtMs) })),
      };
    });
}

/** The open schools that are not watched. */
export function unwatchedSchools(schools: readonly SchoolRow[], servers: readonly ServerRow[]): SchoolCoverage[] {
  return schoolCoverage(schools, servers).filter((s) => s.status !== 'watched');
}

// Pure mapping from Unix group membership to a profile (eleve / enseignant / administratif / autre).
import type { Profile } from '../../../shared/protocol/quota-section.ts';
import type { GroupEntry, PasswdEntry } from './parse-getent.ts';

/**
 * Group names per profile. A name ending in `*` is a prefix (`eleves-*` matches the multi-établissement
 * `eleves-0860021f`). When a user matches several profiles, the first in `priority` wins.
 */
export interface ProfileGroupsConfig {
  eleve: readonly string[];
  enseignant: readonly string[];
  administratif: readonly string[];
  priority: ReadonlyArray<Exclude<Profile, 'autre'>>;
}

/** Scribe defaults (DOMAIN.md §4): `eleves`, `professeurs`, `administratifs`, plus multi-établissement forms. */
export const DEFAULT_PROFILE_GROUPS: ProfileGroupsConfig = {
  eleve: ['eleves', 'eleves-*'],
  enseignant: ['professeurs', 'profs-*'],
  administratif: ['administratifs', 'administratifs-*'],
  priority: ['enseignant', 'administratif', 'eleve'],
};

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** What the agent knows about accounts: profile per login, and uid ↔ login. */
export interface UserDirectory {
  profiles: ReadonlyMap<string, Profile>;
  uidByLogin: ReadonlyMap<string, number>;
  loginByUid: ReadonlyMap<number, string>;
}

/**
 * Labels every login that appears in the passwd list or in a group. Membership is the group's member list
 * plus the user's primary gid (a Scribe pupil's primary group may be `eleves` without being listed in it).
 */
export function buildUserDirectory(groups: readonly GroupEntry[], passwd: readonly PasswdEntry[], config: ProfileGroupsConfig): UserDirectory {
  const groupsOf = new Map<string, Set<string>>();
  const add = (login: string, group: string): void => {
    let set = groupsOf.get(login);
    if (set === undefined) {
      set = new Set();
      groupsOf.set(login, set);
    }
    set.add(group);
  };
  const groupByGid = new Map(groups.map((g) => [g.gid, g.name]));
  for (const g of groups) for (const m of g.members) add(m, g.name);
  const uidByLogin = new Map<string, number>();
  const loginByUid = new Map<number, string>();
  for (const p of passwd) {
    uidByLogin.set(p.login, p.uid);
    if (!loginByUid.has(p.uid)) loginByUid.set(p.uid, p.login);
    const primary = groupByGid.get(p.gid);
    if (primary !== undefined) add(p.login, primary);
    else if (!groupsOf.has(p.login)) groupsOf.set(p.login, new Set());
  }
  const profiles = new Map<string, Profile>();
  for (const [login, names] of groupsOf) profiles.set(login, profileOf(names, config));
  return { profiles, uidByLogin, loginByUid };
}

/** The profile of one user from the names of their groups. */
export function profileOf(groupNames: Iterable<string>, config: ProfileGroupsConfig): Profile {
  const names = [...groupNames];
  for (const profile of config.priority) {
    if (config[profile].some((pattern) => names.some((n) => matches(pattern, n)))) return profile;
  }
  return 'autre';
}

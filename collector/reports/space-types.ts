// Space per type for the quota report's chart (pure): every byte attributed to its innermost space (as the
// volumes to migrate are) and grouped as perso, classes (class and option folders, teaching teams), other shares,
// recyclage and mailboxes.
import type { Space, SpaceKind } from '../../shared/protocol/index.ts';
import { findParents } from './space-volumes.ts';

export const SPACE_TYPE_GROUPS = ['perso', 'classes', 'shares', 'recyclage', 'mail'] as const;
export type SpaceTypeGroup = (typeof SPACE_TYPE_GROUPS)[number];

/** Apparent bytes per group. */
export type SpaceTypeBytes = Record<SpaceTypeGroup, number>;

export const ZERO_SPACE_TYPES: Readonly<SpaceTypeBytes> = Object.freeze({ perso: 0, classes: 0, shares: 0, recyclage: 0, mail: 0 });

const GROUP_OF: Readonly<Record<SpaceKind, SpaceTypeGroup>> = {
  perso: 'perso',
  classe_donnees: 'classes',
  classe_travail: 'classes',
  option_donnees: 'classes',
  option_travail: 'classes',
  profs_classe: 'classes',
  commun: 'shares',
  commun_travail: 'shares',
  professeurs: 'shares',
  devoirs: 'shares',
  salle_des_profs: 'shares',
  mediaprof: 'shares',
  importation: 'shares',
  autre: 'shares',
  recyclage: 'recyclage',
  mail: 'mail',
};

/** Bytes per group of one report's spaces; nested spaces are counted once, in the innermost one. */
export function computeSpaceTypes(spaces: readonly Space[]): SpaceTypeBytes {
  const parents = findParents(spaces);
  const childBytes = spaces.map(() => 0);
  spaces.forEach((s, i) => {
    const p = parents[i] ?? -1;
    if (p >= 0) childBytes[p] = (childBytes[p] ?? 0) + s.apparentBytes;
  });
  const out: SpaceTypeBytes = { ...ZERO_SPACE_TYPES };
  spaces.forEach((s, i) => {
    out[GROUP_OF[s.kind]] += Math.max(0, s.apparentBytes - (childBytes[i] ?? 0));
  });
  return out;
}

export function addSpaceTypes(a: SpaceTypeBytes, b: SpaceTypeBytes): SpaceTypeBytes {
  return { perso: a.perso + b.perso, classes: a.classes + b.classes, shares: a.shares + b.shares, recyclage: a.recyclage + b.recyclage, mail: a.mail + b.mail };
}

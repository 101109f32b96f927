// Finds the spaces to measure on a Scribe from its /home tree (configurable, Scribe defaults): each user's perso
// (links /home/<c>/<login> → /home/adhomes/<login> resolved, a home counted once), class and option shares,
// the named shares, mailboxes, recyclage and the admin's importation folder, and broken pupil links per class.
// Async I/O only (a few thousand entries): it runs on the main thread without blocking heartbeats.
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpaceKind } from '../../../shared/protocol/spaces-section.ts';
import { resolveUnderRoot } from './resolve-under-root.ts';

/** Paths are server paths (as on the Scribe); the probe reads them under `rootDir`. */
export interface SpacesLayoutConfig {
  homeDir: string;
  adhomesDir: string;
  workgroupsDir: string;
  classesDir: string;
  optionsDir: string;
  mailDir: string;
  /** Personal space inside a home. */
  persoSubdir: string;
  /** Sub-folders of class and option shares, in order: [donnees, travail]. */
  groupSubdirs: readonly [string, string];
  /** Teaching-team share prefix: `profs-<classe>`. */
  profsPrefix: string;
  shares: { commun: string; communTravail: string; professeurs: string; devoirs: string; salleDesProfs: string; mediaprof: string };
  /** The rollover account whose perso holds `importation` (and often `recyclage`). */
  adminLogin: string;
  importationSubdir: string;
  /** Folder names searched for the recycle area: in the admin's perso, in homeDir and in workgroupsDir. */
  recyclageNames: readonly string[];
  /** Measure other /home/workgroups shares as kind `autre`. */
  includeOtherShares: boolean;
}

export const DEFAULT_LAYOUT: SpacesLayoutConfig = {
  homeDir: '/home',
  adhomesDir: '/home/adhomes',
  workgroupsDir: '/home/workgroups',
  classesDir: '/home/classes',
  optionsDir: '/home/options',
  mailDir: '/home/mail',
  persoSubdir: 'perso',
  groupSubdirs: ['donnees', 'travail'],
  profsPrefix: 'profs-',
  shares: { commun: 'commun', communTravail: 'travail', professeurs: 'professeurs', devoirs: 'devoirs', salleDesProfs: 'Salle_des_profs', mediaprof: 'Mediaprof' },
  adminLogin: 'adminrupn',
  importationSubdir: 'importation',
  recyclageNames: ['recyclage'],
  includeOtherShares: true,
};

export interface PlannedSpace {
  kind: SpaceKind;
  name: string;
  /** Server path (reported). */
  path: string;
  /** Login, for `perso` and `mail`. */
  login?: string;
  splitLevels: number;
  exclude: string[];
}

export interface LayoutPlan {
  spaces: PlannedSpace[];
  brokenPupilLinks: Array<{ classe: string; count: number }>;
}

async function list(rootDir: string, dir: string): Promise<Dirent[]> {
  try {
    return await readdir(join(rootDir, dir), { withFileTypes: true });
  } catch {
    return [];
  }
}

async function isDir(rootDir: string, path: string): Promise<boolean> {
  try {
    return (await lstat(join(rootDir, path))).isDirectory();
  } catch {
    return false;
  }
}

/** Homes by login, each real home once: links are resolved, and the first login seen for a home wins. */
async function findHomes(rootDir: string, l: SpacesLayoutConfig): Promise<Array<{ login: string; home: string }>> {
  const homes: Array<{ login: string; home: string }> = [];
  const seen = new Set<string>();
  const add = (login: string, home: string | null): void => {
    if (home === null || seen.has(home)) return;
    seen.add(home);
    homes.push({ login, home });
  };
  for (const letter of await list(rootDir, l.homeDir)) {
    if (letter.name.length !== 1 || !letter.isDirectory()) continue;
    const letterDir = `${l.homeDir}/${letter.name}`;
    for (const entry of await list(rootDir, letterDir)) {
      if (entry.isDirectory()) add(entry.name, `${letterDir}/${entry.name}`);
      else if (entry.isSymbolicLink()) add(entry.name, await resolveUnderRoot(rootDir, `${letterDir}/${entry.name}`));
    }
  }
  for (const entry of await list(rootDir, l.adhomesDir)) {
    if (entry.isDirectory()) add(entry.name, await resolveUnderRoot(rootDir, `${l.adhomesDir}/${entry.name}`));
  }
  return homes.sort((a, b) => a.login.localeCompare(b.login));
}

export async function discoverLayout(rootDir: string, l: SpacesLayoutConfig): Promise<LayoutPlan> {
  const spaces: PlannedSpace[] = [];
  const space = (kind: SpaceKind, name: string, path: string, splitLevels: number, extra: Partial<PlannedSpace> = {}): void => {
    spaces.push({ kind, name, path, splitLevels, exclude: [], ...extra });
  };

  // Admin's perso: importation and recyclage inside it are spaces of their own.
  const homes = await findHomes(rootDir, l);
  const admin = homes.find((h) => h.login === l.adminLogin);
  const adminPerso = admin === undefined ? undefined : `${admin.home}/${l.persoSubdir}`;
  const recyclage: string[] = [];
  for (const name of l.recyclageNames) {
    for (const base of [adminPerso, l.homeDir, l.workgroupsDir]) {
      if (base !== undefined && (await isDir(rootDir, `${base}/${name}`))) recyclage.push(`${base}/${name}`);
    }
  }
  const importation = adminPerso === undefined ? undefined : `${adminPerso}/${l.importationSubdir}`;
  const hasImportation = importation !== undefined && (await isDir(rootDir, importation));

  for (const { login, home } of homes) {
    const perso = `${home}/${l.persoSubdir}`;
    if (!(await isDir(rootDir, perso))) continue;
    const exclude = perso === adminPerso
      ? [...recyclage.filter((r) => r.startsWith(`${perso}/`)).map((r) => r.slice(perso.length + 1)), ...(hasImportation ? [l.importationSubdir] : [])]
      : [];
    space('perso', login, perso, 0, { login, exclude });
  }

  const classes = new Set((await list(rootDir, l.classesDir)).filter((e) => e.isDirectory()).map((e) => e.name));
  const options = new Set((await list(rootDir, l.optionsDir)).filter((e) => e.isDirectory()).map((e) => e.name));
  const named: Record<string, SpaceKind> = {
    [l.shares.professeurs]: 'professeurs', [l.shares.devoirs]: 'devoirs',
    [l.shares.salleDesProfs]: 'salle_des_profs', [l.shares.mediaprof]: 'mediaprof',
  };
  const [donnees, travail] = l.groupSubdirs;
  const wgEntries = (await list(rootDir, l.workgroupsDir)).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of wgEntries) {
    const path = `${l.workgroupsDir}/${e.name}`;
    if (recyclage.includes(path)) continue;
    if (e.name === l.shares.commun) {
      const hasTravail = await isDir(rootDir, `${path}/${l.shares.communTravail}`);
      space('commun', e.name, path, 2, { exclude: hasTravail ? [l.shares.communTravail] : [] });
      if (hasTravail) space('commun_travail', e.name, `${path}/${l.shares.communTravail}`, 2);
      continue;
    }
    const kind = named[e.name];
    if (kind !== undefined) {
      space(kind, e.name, path, 2);
      continue;
    }
    if (e.name.startsWith(l.profsPrefix)) {
      space('profs_classe', e.name.slice(l.profsPrefix.length), path, 1);
      continue;
    }
    const subs = [await isDir(rootDir, `${path}/${donnees}`), await isDir(rootDir, `${path}/${travail}`)];
    if (subs[0] === true || subs[1] === true) {
      const isOption = options.has(e.name) && !classes.has(e.name);
      if (subs[0] === true) space(isOption ? 'option_donnees' : 'classe_donnees', e.name, `${path}/${donnees}`, 1);
      if (subs[1] === true) space(isOption ? 'option_travail' : 'classe_travail', e.name, `${path}/${travail}`, 1);
      continue;
    }
    if (l.includeOtherShares) space('autre', e.name, path, 2);
  }

  for (const e of await list(rootDir, l.mailDir)) {
    if (e.isDirectory()) space('mail', e.name, `${l.mailDir}/${e.name}`, 0, { login: e.name });
  }
  for (const r of recyclage) space('recyclage', r.split('/').slice(-2).join('/'), r, 2);
  if (hasImportation && importation !== undefined) space('importation', l.adminLogin, importation, 0);

  const brokenPupilLinks: LayoutPlan['brokenPupilLinks'] = [];
  for (const classe of [...classes].sort()) {
    let count = 0;
    for (const e of await list(rootDir, `${l.classesDir}/${classe}`)) {
      if (e.isSymbolicLink() && (await resolveUnderRoot(rootDir, `${l.classesDir}/${classe}/${e.name}`)) === null) count += 1;
    }
    brokenPupilLinks.push({ classe, count });
  }
  return { spaces, brokenPupilLinks };
}

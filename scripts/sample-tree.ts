// Builds Scribe-like /home trees under a root: the sample tree `npm start` scans on a machine without EOLE, the
// trees of the walker and layout tests (test/helpers/tree-generator.ts re-exports this), and a bulk tree for the bench.
// Symlinks use server-style absolute targets (`/home/adhomes/x`), as on a real Scribe: the agent resolves them
// under its configurable rootDir, and never follows them while walking.
import { chmodSync, linkSync, mkdirSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic pseudo-random numbers (mulberry32), so a seed always builds the same tree. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

export interface ScribeTreeOptions {
  /** The instant ages are computed from (files get mtimes before it). */
  now: Date;
  seed?: number;
  classes?: string[];
  options?: string[];
  pupilsPerClass?: number;
  teachers?: number;
  filesPerUser?: number;
  /** Pupils listed under /home/classes/<classe> whose home no longer exists, per class. */
  brokenLinksPerClass?: number;
  /** Old-style homes: real directories at /home/<c>/<login> instead of links to adhomes. */
  oldStyleUsers?: number;
  /** Add the hostile cases: loops, hard links, sparse files, odd names, an unreadable folder. */
  hostile?: boolean;
}

export interface ScribeTree {
  root: string;
  home: string;
  logins: string[];
  classes: string[];
  options: string[];
  brokenLinks: Record<string, number>;
  /** Paths (relative to root) of folders made unreadable (mode 000). */
  unreadable: string[];
  importationOld: number;
}

function writeAged(path: string | Buffer, size: number, mtime: Date): void {
  writeFileSync(path, Buffer.alloc(size, 0x61));
  utimesSync(path, mtime, mtime);
}

/** Builds the tree and returns what a test needs to check the layout and the walker against it. */
export function generateScribeTree(root: string, o: ScribeTreeOptions): ScribeTree {
  const rnd = seededRandom(o.seed ?? 1);
  const now = o.now.getTime();
  const home = join(root, 'home');
  const classes = o.classes ?? ['3a', '3b'];
  const options = o.options ?? ['latin'];
  const pupilsPerClass = o.pupilsPerClass ?? 3;
  const filesPerUser = o.filesPerUser ?? 4;
  const ages = [10 * DAY, 200 * DAY, 500 * DAY, 1500 * DAY];
  const logins: string[] = [];
  const brokenLinks: Record<string, number> = {};
  const unreadable: string[] = [];
  for (const d of ['adhomes', 'workgroups', 'classes', 'options', 'mail']) mkdirSync(join(home, d), { recursive: true });

  const makeHome = (login: string, oldStyle: boolean): string => {
    const c = login.charAt(0);
    mkdirSync(join(home, c), { recursive: true });
    const real = oldStyle ? join(home, c, login) : join(home, 'adhomes', login);
    mkdirSync(join(real, 'perso', 'docs'), { recursive: true });
    mkdirSync(join(real, 'devoirs'), { recursive: true });
    if (!oldStyle) symlinkSync(`/home/adhomes/${login}`, join(home, c, login));
    for (let i = 0; i < filesPerUser; i += 1) {
      writeAged(join(real, 'perso', 'docs', `f${i}.odt`), 100 + Math.floor(rnd() * 20_000), new Date(now - (ages[i % ages.length] ?? 0)));
    }
    mkdirSync(join(home, 'mail', login, 'cur'), { recursive: true });
    writeAged(join(home, 'mail', login, 'cur', 'msg1'), 1500, new Date(now - 30 * DAY));
    logins.push(login);
    return real;
  };

  let oldStyleLeft = o.oldStyleUsers ?? 1;
  for (const classe of classes) {
    for (const sub of ['donnees', 'travail']) {
      mkdirSync(join(home, 'workgroups', classe, sub), { recursive: true });
      writeAged(join(home, 'workgroups', classe, sub, 'cours.pdf'), 5000, new Date(now - 40 * DAY));
    }
    mkdirSync(join(home, 'workgroups', `profs-${classe}`), { recursive: true });
    writeAged(join(home, 'workgroups', `profs-${classe}`, 'notes.ods'), 3000, new Date(now - 100 * DAY));
    symlinkSync(`/home/workgroups/${classe}`, join(home, 'workgroups', `profs-${classe}`, 'classe'));
    symlinkSync(`/home/classes/${classe}`, join(home, 'workgroups', `profs-${classe}`, 'eleves'));
    mkdirSync(join(home, 'classes', classe), { recursive: true });
    for (let p = 0; p < pupilsPerClass; p += 1) {
      const login = `e${classe}${p}`;
      makeHome(login, oldStyleLeft-- > 0);
      symlinkSync(`/home/${login.charAt(0)}/${login}/perso`, join(home, 'classes', classe, login));
    }
    const broken = o.brokenLinksPerClass ?? 1;
    for (let b = 0; b < broken; b += 1) symlinkSync(`/home/p/parti${classe}${b}/perso`, join(home, 'classes', classe, `parti${classe}${b}`));
    brokenLinks[classe] = broken;
  }
  for (const opt of options) {
    for (const sub of ['donnees', 'travail']) {
      mkdirSync(join(home, 'workgroups', opt, sub), { recursive: true });
      writeAged(join(home, 'workgroups', opt, sub, 'latin.txt'), 700, new Date(now - 800 * DAY));
    }
    mkdirSync(join(home, 'options', opt), { recursive: true });
  }
  for (let t = 0; t < (o.teachers ?? 2); t += 1) makeHome(`prof${t}`, false);
  const shares: Array<[string, number]> = [['commun/logiciels', 9000], ['commun/travail', 4000], ['professeurs', 2000], ['devoirs', 1000], ['Salle_des_profs', 6000], ['Mediaprof', 12_000]];
  for (const [share, size] of shares) {
    mkdirSync(join(home, 'workgroups', share), { recursive: true });
    writeAged(join(home, 'workgroups', share, 'fichier.bin'), size, new Date(now - 400 * DAY));
  }
  const admin = makeHome('adminrupn', false);
  mkdirSync(join(admin, 'perso', 'importation'), { recursive: true });
  mkdirSync(join(admin, 'perso', 'recyclage', '3a', 'donnees'), { recursive: true });
  writeAged(join(admin, 'perso', 'recyclage', '3a', 'donnees', 'ancien.odt'), 8000, new Date(now - 380 * DAY));
  const importAges = [20, 90, 200, 400, 700];
  importAges.forEach((d, i) => writeAged(join(admin, 'perso', 'importation', `comptes-${i}.csv`), 300 + i, new Date(now - d * DAY)));

  if (o.hostile ?? false) {
    const perso = join(home, 'adhomes', 'prof0', 'perso');
    mkdirSync(join(perso, 'bizarre'), { recursive: true });
    symlinkSync('boucle-b', join(perso, 'bizarre', 'boucle-a'));
    symlinkSync('boucle-a', join(perso, 'bizarre', 'boucle-b'));
    symlinkSync('.', join(perso, 'bizarre', 'moi-meme'));
    symlinkSync('/home', join(perso, 'bizarre', 'racine'));
    writeAged(join(perso, 'bizarre', 'original.dat'), 50_000, new Date(now - 2 * DAY));
    linkSync(join(perso, 'bizarre', 'original.dat'), join(perso, 'bizarre', 'lien dur 1.dat'));
    linkSync(join(perso, 'bizarre', 'original.dat'), join(perso, 'docs', 'lien dur 2.dat'));
    const sparse = join(perso, 'bizarre', 'creux.img');
    writeFileSync(sparse, '');
    truncateSync(sparse, 64 * 1024 * 1024);
    writeAged(join(perso, 'bizarre', 'nom avec  espaces.txt'), 111, new Date(now - 2 * DAY));
    writeAged(join(perso, 'bizarre', 'nom\navec\nretours'), 222, new Date(now - 2 * DAY));
    writeAged(Buffer.concat([Buffer.from(join(perso, 'bizarre') + '/'), Buffer.from([0x6e, 0xe9, 0xff, 0x2e, 0x74, 0x78, 0x74])]), 333, new Date(now - 2 * DAY));
    writeAged(join(perso, 'bizarre', 'élève été.txt'), 444, new Date(now - 2 * DAY));
    const secret = join(home, 'adhomes', 'prof1', 'perso', 'secret');
    mkdirSync(join(secret, 'dedans'), { recursive: true });
    writeAged(join(secret, 'dedans', 'cache.txt'), 9999, new Date(now - 2 * DAY));
    chmodSync(secret, 0o000);
    unreadable.push('home/adhomes/prof1/perso/secret');
  }
  return { root, home, logins, classes, options, brokenLinks, unreadable, importationOld: importAges.filter((d) => d > 183).length };
}

/** Bulk tree for the bench: `users` homes × `dirsPerUser` folders × `filesPerDir` small files. Returns the file count. */
export function generateBulkTree(root: string, o: { users: number; dirsPerUser: number; filesPerDir: number; seed?: number; now: Date }): number {
  const rnd = seededRandom(o.seed ?? 7);
  let files = 0;
  for (let u = 0; u < o.users; u += 1) {
    const base = join(root, 'home', 'adhomes', `user${u}`, 'perso');
    for (let d = 0; d < o.dirsPerUser; d += 1) {
      const dir = join(base, `dossier${d % 4}`, `sous${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < o.filesPerDir; f += 1) {
        const path = join(dir, `fichier-${f}.txt`);
        writeFileSync(path, Buffer.alloc(Math.floor(rnd() * 6000), 0x62));
        const m = new Date(o.now.getTime() - Math.floor(rnd() * 2000) * DAY);
        utimesSync(path, m, m);
        files += 1;
      }
    }
  }
  return files;
}

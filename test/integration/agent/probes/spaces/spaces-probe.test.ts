// The spaces probe on a generated Scribe tree rooted at a temp rootDir: every space found once, figures as du.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT } from '../../../../../agent/probes/spaces/layout.ts';
import { createSpacesProbe } from '../../../../../agent/probes/spaces/spaces-probe.ts';
import { SpacesSectionSchema, type SpacesSection } from '../../../../../shared/protocol/spaces-section.ts';
import { protocolError } from '../../../../../shared/testing/validate-message.ts';
import { generateScribeTree, type ScribeTree } from '../../../../helpers/tree-generator.ts';
import { probeContext } from '../../../../helpers/probe-context.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const du = (flag: string, path: string): number => Number(spawnSync('/usr/bin/du', [flag, path], { encoding: 'utf8' }).stdout.split('\t')[0]);

describe('spaces probe on a Scribe-like tree', () => {
  let dir: string;
  let tree: ScribeTree;
  let section: SpacesSection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-spaces-'));
    tree = generateScribeTree(dir, { now: NOW, hostile: true, classes: ['3a', '3b'], options: ['latin'], pupilsPerClass: 3, teachers: 2, oldStyleUsers: 2 });
    const probe = createSpacesProbe({ config: { rootDir: dir, layout: DEFAULT_LAYOUT, workers: 2, topN: 3, nice: 19, maxErrorsPerSpace: 20 } });
    section = await probe.run(probeContext({ now: NOW }));
  });

  afterAll(() => {
    for (const rel of tree?.unreadable ?? []) chmodSync(join(dir, rel), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const find = (kind: string, name: string) => section.spaces.find((s) => s.kind === kind && s.name === name);

  it('finds one perso per login, links to adhomes resolved and old-style homes included', () => {
    const perso = section.spaces.filter((s) => s.kind === 'perso');
    expect(perso.map((s) => s.name).sort()).toEqual([...tree.logins].sort());
    expect(find('perso', 'e3a2')?.path).toBe('/home/adhomes/e3a2/perso');
    expect(find('perso', 'e3a0')?.path).toBe('/home/e/e3a0/perso'); // old style: a real directory
  });

  it('measures each perso as du does', () => {
    for (const login of ['prof0', 'e3b1', 'e3a1']) {
      const s = find('perso', login);
      expect([s?.allocatedBytes, s?.apparentBytes]).toEqual([du('-sB1', join(dir, s?.path ?? '')), du('-sb', join(dir, s?.path ?? ''))]);
    }
  });

  it('answers a section the collector accepts (odd names escaped, every field valid)', () => {
    expect(protocolError(SpacesSectionSchema, section)).toBeUndefined();
    const names = find('perso', 'prof0')?.largestFiles.map((f) => f.path);
    expect(names).toContain('bizarre/creux.img');
  });

  it('reports the unreadable folder (as root: readable) and the hostile perso without error', () => {
    expect(section.partial).toBe(false);
    expect(find('perso', 'prof0')?.errorCount).toBe(0);
  });

  it('splits shares into the Scribe kinds', () => {
    const kinds = section.spaces.filter((s) => s.kind !== 'perso' && s.kind !== 'mail').map((s) => `${s.kind}:${s.name}`).sort();
    expect(kinds).toEqual([
      'classe_donnees:3a', 'classe_donnees:3b', 'classe_travail:3a', 'classe_travail:3b',
      'commun:commun', 'commun_travail:commun', 'devoirs:devoirs', 'importation:adminrupn', 'mediaprof:Mediaprof',
      'option_donnees:latin', 'option_travail:latin', 'professeurs:professeurs', 'profs_classe:3a', 'profs_classe:3b',
      'recyclage:perso/recyclage', 'salle_des_profs:Salle_des_profs',
    ]);
    expect(section.spaces.filter((s) => s.kind === 'mail')).toHaveLength(tree.logins.length);
  });

  it('never counts a byte twice: commun + commun/travail = du(commun), admin perso excludes importation and recyclage', () => {
    const commun = join(dir, 'home/workgroups/commun');
    expect((find('commun', 'commun')?.allocatedBytes ?? 0) + (find('commun_travail', 'commun')?.allocatedBytes ?? 0)).toBe(du('-sB1', commun));
    const adminPerso = find('perso', 'adminrupn');
    const parts = (adminPerso?.apparentBytes ?? 0) + (find('importation', 'adminrupn')?.apparentBytes ?? 0) + (find('recyclage', 'perso/recyclage')?.apparentBytes ?? 0);
    expect(parts).toBe(du('-sb', join(dir, adminPerso?.path ?? '')));
  });

  it('counts import files older than six months', () => {
    expect(find('importation', 'adminrupn')?.filesOlderThan6Months).toBe(tree.importationOld);
    expect(find('importation', 'adminrupn')?.files).toBe(5);
  });

  it('counts broken pupil links per class', () => {
    expect(section.brokenPupilLinks).toEqual(Object.entries(tree.brokenLinks).map(([classe, count]) => ({ classe, count })));
  });

  it('fills age buckets and the largest files', () => {
    const s = find('perso', 'e3b2');
    expect((s?.ageBytes.lt1y ?? 0) + (s?.ageBytes.y1to3 ?? 0) + (s?.ageBytes.gt3y ?? 0)).toBe(s?.apparentBytes !== undefined ? s.apparentBytes - (s.directories * 4096) : -1);
    expect(s?.ageBytes.gt3y).toBeGreaterThan(0);
    expect(s?.largestFiles).toHaveLength(3);
    expect(s?.largestFiles[0]?.path).toMatch(/^docs\/f[0-9]\.odt$/);
  });
});

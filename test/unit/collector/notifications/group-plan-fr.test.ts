import { describe, expect, it } from 'vitest';
import type { SchoolPlace, SchoolPlaceLookup } from '../../../../collector/domain/school-place.ts';
import { NO_SCHOOL_PLACES } from '../../../../collector/domain/school-place.ts';
import { planGroupedNotice, type GroupContext, type GroupItem } from '../../../../collector/notifications/group-plan-fr.ts';

const SINCE = new Date('2025-07-12T12:02:00Z'); // 14:02 in Paris
const AT = new Date('2025-07-12T12:03:00Z');
const CTX: GroupContext = { kind: 'down', at: AT, timeZone: 'Europe/Paris' };

function item(uai: string, machine: string, over: Partial<GroupItem> = {}): GroupItem {
  return { uai, machine, name: `Collège ${uai}`, cause: 'power_loss', state: 'offline', severity: 'critical', since: SINCE, ...over };
}

/** `count` servers spread over the schools `uais` (round robin). */
function items(uais: readonly string[], count: number, over: Partial<GroupItem> = {}): GroupItem[] {
  return Array.from({ length: count }, (_, i) => item(uais[i % uais.length]!, `s${Math.floor(i / uais.length)}`, over));
}

function inventory(places: Record<string, SchoolPlace>): SchoolPlaceLookup {
  return (uai) => places[uai];
}

const POITIERS = { commune: 'Poitiers', departement: '86' };
const NIORT = { commune: 'Niort', departement: '79' };
const MELLE = { commune: 'Melle', departement: '79' };
const places = inventory({
  '0860001A': { ...POITIERS, name: 'Collège Victor Hugo' },
  '0860002B': POITIERS,
  '0790001C': NIORT,
  '0790002D': MELLE,
  '0790003E': { commune: 'Parthenay', departement: '79' },
  '0170001F': { commune: 'La Rochelle', departement: '17' },
  '0160001G': { commune: 'Cognac', departement: '16' },
  '0160002H': { commune: 'Angoulême', departement: '16' },
});

describe('planGroupedNotice: the title says how many servers and where', () => {
  it.each([
    { name: 'one school, commune known, inventory name', uais: ['0860001A'], n: 12, lookup: places, scope: 'school', subject: '[Vigie][critique] 12 serveurs éteints — Collège Victor Hugo (Poitiers)' },
    { name: 'one school, nothing known', uais: ['0860001A'], n: 3, lookup: NO_SCHOOL_PLACES, scope: 'school', subject: '[Vigie][critique] 3 serveurs éteints — Collège 0860001A (0860001A)' },
    { name: 'schools of one commune', uais: ['0860001A', '0860002B'], n: 5, lookup: places, scope: 'commune', subject: '[Vigie][critique] 5 serveurs éteints dans 2 établissements à Poitiers' },
    { name: 'three communes', uais: ['0860001A', '0860002B', '0790001C', '0790002D'], n: 40, lookup: places, scope: 'commune', subject: '[Vigie][critique] 40 serveurs éteints dans 3 communes (Poitiers, Melle, Niort)' },
    { name: 'five communes, three named', uais: ['0860001A', '0790001C', '0790002D', '0790003E', '0170001F'], n: 10, lookup: places, scope: 'commune', subject: '[Vigie][critique] 10 serveurs éteints dans 5 communes (La Rochelle, Melle, Niort, …)' },
    { name: 'beyond five communes: départements', uais: ['0860001A', '0790001C', '0790002D', '0790003E', '0170001F', '0160001G', '0160002H'], n: 14, lookup: places, scope: 'departement', subject: '[Vigie][critique] 14 serveurs éteints dans 4 départements (79, 16, 17, …)' },
    { name: 'no inventory: the département from the UAI', uais: ['0860001A', '0860002B'], n: 4, lookup: NO_SCHOOL_PLACES, scope: 'departement', subject: '[Vigie][critique] 4 serveurs éteints dans 2 établissements du département 86' },
    { name: 'no inventory, Corse and overseas', uais: ['6200001A', '7200001B', '9740001C'], n: 3, lookup: NO_SCHOOL_PLACES, scope: 'departement', subject: '[Vigie][critique] 3 serveurs éteints dans 3 départements (2A, 2B, 974)' },
    { name: 'no département either', uais: ['1230001A', '1230002B'], n: 2, lookup: NO_SCHOOL_PLACES, scope: 'schools', subject: '[Vigie][critique] 2 serveurs éteints dans 2 établissements' },
  ])('$name', ({ uais, n, lookup, scope, subject }) => {
    const plan = planGroupedNotice(items(uais, n), lookup, CTX);
    expect(plan.scope).toBe(scope);
    expect(plan.subject).toBe(subject);
    expect(plan.servers).toBe(n);
    expect(plan.schools).toBe(uais.length);
  });

  it("the whole fleet of several schools is « toute l'académie »", () => {
    const plan = planGroupedNotice(items(['0860001A', '0790001C'], 6), places, { ...CTX, fleetSize: 6 });
    expect(plan.scope).toBe('academie');
    expect(plan.subject).toBe("[Vigie][critique] 6 serveurs éteints dans toute l'académie");
  });

  it.each([
    { name: 'network gaps', over: { cause: 'network' as const }, verb: 'injoignables' },
    { name: 'warning outside a window', over: { severity: 'warning' as const, cause: 'site' as const }, verb: 'injoignables', tag: 'avertissement' },
  ])('verb and tag: $name', ({ over, verb, tag }) => {
    expect(planGroupedNotice(items(['0860001A'], 2, over), places, CTX).subject).toBe(`[Vigie][${tag ?? 'critique'}] 2 serveurs ${verb} — Collège Victor Hugo (Poitiers)`);
  });

  it('mixed causes: « injoignables ou éteints »; the worst severity tags the subject', () => {
    const list = [item('0860001A', 'a', { cause: 'network', severity: 'warning' }), item('0860001A', 'b')];
    expect(planGroupedNotice(list, places, CTX).subject).toBe('[Vigie][critique] 2 serveurs injoignables ou éteints — Collège Victor Hugo (Poitiers)');
  });

  it('reminder and back online', () => {
    const later = new Date(SINCE.getTime() + 2 * 3_600_000);
    expect(planGroupedNotice(items(['0860001A', '0860002B'], 4), places, { ...CTX, kind: 'reminder', at: later }).subject).toBe(
      '[Vigie][critique] Rappel : 4 serveurs toujours éteints dans 2 établissements à Poitiers',
    );
    const up = planGroupedNotice(items(['0860001A', '0860002B'], 4, { state: 'online', endedAt: later }), places, { ...CTX, kind: 'up', at: later });
    expect(up.subject).toBe('[Vigie][rétabli] 4 serveurs de nouveau en ligne dans 2 établissements à Poitiers');
    expect(up.sections[0]!.schools[0]!.lines[0]).toBe("s0 : de nouveau en ligne à 16:02 après 2 h d'interruption (coupure de courant ou plantage)");
  });

  it('one server (a cap-held group of one) is singular', () => {
    expect(planGroupedNotice([item('0860001A', 'scribe', { cause: 'network' })], places, CTX).subject).toBe(
      '[Vigie][critique] 1 serveur injoignable — Collège Victor Hugo (Poitiers)',
    );
  });
});

describe('planGroupedNotice: the body lists the servers by commune, then school, each with its cause', () => {
  it('sections by commune (most servers first), schools by name, servers by name', () => {
    const list = [
      item('0790001C', 'scribe', { cause: 'site' }),
      item('0860002B', 'scribe'),
      item('0860001A', 'amon', { cause: 'network', since: new Date(SINCE.getTime() - 86_400_000) }),
      item('0860001A', 'scribe'),
    ];
    const plan = planGroupedNotice(list, places, CTX);
    expect(plan.summary).toBe('4 serveurs injoignables ou éteints dans 2 communes (Poitiers, Niort) depuis le 11/07 à 14:02');
    expect(plan.sections).toEqual([
      {
        heading: 'Poitiers (86) — 2 établissements, 3 serveurs',
        schools: [
          {
            heading: 'Collège 0860002B (0860002B) — 1 serveur',
            lines: ['scribe : éteint depuis 14:02 (coupure de courant ou plantage)'],
          },
          {
            heading: 'Collège Victor Hugo (0860001A) — 2 serveurs',
            lines: [
              'amon : injoignable depuis le 11/07 à 14:02 (coupure réseau ou collecteur (resté sous tension))',
              'scribe : éteint depuis 14:02 (coupure de courant ou plantage)',
            ],
          },
        ],
      },
      {
        heading: 'Niort (79) — 1 établissement, 1 serveur',
        schools: [{ heading: 'Collège 0790001C (0790001C) — 1 serveur', lines: ["scribe : injoignable depuis 14:02 (coupure de tout l'établissement)"] }],
      },
    ]);
  });

  it('sections by département when communes are not all known', () => {
    const plan = planGroupedNotice([item('0860001A', 'scribe'), item('0860009Z', 'scribe')], places, CTX);
    expect(plan.sections.map((s) => s.heading)).toEqual(['Département 86 — 2 établissements, 2 serveurs']);
  });
});

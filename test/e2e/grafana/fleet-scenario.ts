// The simulated fleet of the Grafana e2e test: two académies, six schools, servers on, off, shut down, flaky,
// never seen; quotas near full, users over quota, old data, a stale report, a partial scan, a full /home, a quota
// probe failing two nights in a row.
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../../shared/clock.ts';
import { uaiCheckLetter } from '../../../shared/uai.ts';
import type { FleetSimulator, SimServerSpec } from '../../helpers/fleet-simulator.ts';
import { defaultSpaces, defaultUsers, quotaUser, space } from '../../helpers/report-builder.ts';

const uai = (digits: string): string => `${digits}${uaiCheckLetter(digits)}`;

/** Keys `uai/machine` of the servers by role. */
export const ROLE = {
  online: `${uai('0860021')}/scribe`,
  onlineNoReport: `${uai('0860022')}/scribe`,
  offInWindow: `${uai('0860023')}/scribe`,
  shutdownInWindow: `${uai('0870001')}/scribe`,
  offExcluded: `${uai('0870002')}/scribe`,
  flaky: `${uai('0870003')}/scribe`,
  neverSeen: `${uai('0870003')}/scribe2`,
} as const;

/** The school excluded from the maintenance window (per-UAI exception). */
export const EXCLUDED_UAI = uai('0870002');

const spec = (key: string, name: string, academie: string, homeUsed?: number): SimServerSpec => {
  const [u = '', machine = ''] = key.split('/');
  return { uai: u, machine, name, academie, ...(homeUsed !== undefined ? { homeUsed } : {}) };
};

/** The online server's UPS runs on battery (the UPS panels and ScribeUpsOnBattery have data). */
const ON_BATTERY = { name: 'onduleur@localhost', status: ['OB', 'DISCHRG'], onBattery: true, lowBattery: false, chargeRatio: 0.64, runtimeSeconds: 900 };

/** A school of the inventory with no server (ScribeSchoolUnwatchedDuringMaintenanceWindow has data). */
export const UNWATCHED_UAI = uai('0860024');

/** The académie's inventory, `;`-separated as the open-data exports: every school of the fleet and one more. */
export const INVENTORY_CSV = [
  'Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Nom_commune;Libelle_academie',
  `${uai('0860021')};Collège Jean Moulin;Collège;Poitiers;Poitiers`,
  `${uai('0860022')};Lycée Victor Hugo;Lycée;Poitiers;Poitiers`,
  `${uai('0860023')};Collège Albert Camus;Collège;Châtellerault;Poitiers`,
  `${uai('0870001')};Collège Marie Curie;Collège;Limoges;Limoges`,
  `${uai('0870002')};Lycée Louis Pasteur;Lycée;Limoges;Limoges`,
  `${uai('0870003')};Collège Émile Zola;Collège;Saint-Junien;Limoges`,
  `${UNWATCHED_UAI};Collège Jules Ferry;Collège;Loudun;Poitiers`,
].join('\n');

export const FLEET: readonly SimServerSpec[] = [
  { ...spec(ROLE.online, 'Collège Jean Moulin', 'ac-poitiers', 0.95), ups: ON_BATTERY },
  spec(ROLE.onlineNoReport, 'Lycée Victor Hugo', 'ac-poitiers'),
  spec(ROLE.offInWindow, 'Collège Albert Camus', 'ac-poitiers'),
  spec(ROLE.shutdownInWindow, 'Collège Marie Curie', 'ac-limoges'),
  spec(ROLE.offExcluded, 'Lycée Louis Pasteur', 'ac-limoges'),
  spec(ROLE.flaky, 'Collège Émile Zola', 'ac-limoges'),
  spec(ROLE.neverSeen, 'Collège Émile Zola', 'ac-limoges'),
];

/** Pupils at 95 % of their quotas (the quota alert fires) plus the default school's users. */
function nearlyFullUsers(): ReturnType<typeof defaultUsers> {
  return [
    ...defaultUsers(),
    quotaUser('dlefevre', { usedMiB: 195, limitMiB: 200 }),
    quotaUser('emoreau', { usedMiB: 199, limitMiB: 200 }),
    quotaUser('fgarnier', { usedMiB: 190, limitMiB: 200 }),
    quotaUser('mme.bernard', { usedMiB: 400, limitMiB: 1000, profile: 'enseignant' }),
    quotaUser('secretariat', { usedMiB: 100, limitMiB: 500, profile: 'administratif' }),
  ];
}

function moreSpaces(): ReturnType<typeof defaultSpaces> {
  return [
    ...defaultSpaces(),
    space('importation', 'importation', { apparentMiB: 2, gt3yShare: 1, path: '/home/adhomes/adminrupn/perso/importation' }),
    space('salle_des_profs', 'Salle_des_profs', { apparentMiB: 400, y1to3Share: 0.3, gt3yShare: 0.3 }),
    space('mediaprof', 'Mediaprof', { apparentMiB: 900, gt3yShare: 0.6 }),
  ];
}

async function expectOk(what: string, p: Promise<{ status: number; body: string }>): Promise<void> {
  const res = await p;
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${res.body}`);
}

/**
 * Plays the scenario in real time (about 14 s with 1 s heartbeats and offline after 2 missed ones).
 * Prometheus must already be scraping, so transitions, reboots and counters are recorded.
 */
export async function playScenario(sim: FleetSimulator): Promise<void> {
  const active = FLEET.map((s) => `${s.uai}/${s.machine}`).filter((k) => k !== ROLE.neverSeen);
  // Everyone but the never-seen server starts: startup event, then heartbeats every second.
  for (const key of active) {
    await expectOk(`startup ${key}`, sim.event(key, 'startup'));
    sim.startHeartbeats(key);
  }
  // Nightly reports: full ones, and from the flaky server (online at the end) a partial one 3 days old.
  const now = systemClock.now().getTime();
  await expectOk('report online', sim.report(ROLE.online, { users: nearlyFullUsers(), spaces: moreSpaces() }));
  await expectOk('report flaky', sim.report(ROLE.flaky, { partial: true, finishedAt: new Date(now - 3 * 86_400_000) }));
  await expectOk('report offInWindow', sim.report(ROLE.offInWindow, {}));
  // The school that shuts down: its quota probe failed last night and the night before.
  await expectOk('report shutdown -1d', sim.report(ROLE.shutdownInWindow, { quotaStatus: 'error', finishedAt: new Date(now - 86_400_000) }));
  await expectOk('report shutdown', sim.report(ROLE.shutdownInWindow, { quotaStatus: 'error' }));
  await expectOk('report offExcluded', sim.report(ROLE.offExcluded, { spaces: moreSpaces() }));
  // A misconfigured agent: refused pushes all along.
  await sim.rejectedHeartbeat(ROLE.online);
  await sleep(2_500);

  // Outages: a power cut inside the window, an announced shutdown, a power cut at the excluded school, a flaky one.
  sim.stopHeartbeats(ROLE.offInWindow);
  sim.stopHeartbeats(ROLE.offExcluded);
  sim.stopHeartbeats(ROLE.flaky);
  sim.stopHeartbeats(ROLE.shutdownInWindow);
  await expectOk('shutdown event', sim.event(ROLE.shutdownInWindow, 'shutdown'));
  await sim.rejectedHeartbeat(ROLE.online);
  await sleep(5_000);

  // The flaky server comes back after a power cut (new boot time), then reboots twice more.
  for (let i = 0; i < 3; i += 1) {
    sim.reboot(ROLE.flaky);
    await expectOk('startup flaky', sim.event(ROLE.flaky, 'startup'));
    sim.startHeartbeats(ROLE.flaky);
    await sleep(2_200);
    sim.stopHeartbeats(ROLE.flaky);
  }
  sim.startHeartbeats(ROLE.flaky);
  await sim.rejectedHeartbeat(ROLE.online);
  await sleep(1_500);
}

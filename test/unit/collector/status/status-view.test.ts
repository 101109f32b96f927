import { describe, expect, it } from 'vitest';
import type { LivenessState, OutageCause } from '../../../../collector/domain/liveness-state.ts';
import type { ServerView } from '../../../../collector/services/server-views.ts';
import { attentionOf, buildStatusView, NO_ACADEMIE } from '../../../../collector/status/status-view.ts';

const NOW = new Date('2025-07-10T12:14:30Z'); // 14:14:30 in Paris
const WINDOW = { name: 'Bascule 2025', startsAt: '2025-07-04T22:00:00.000Z', endsAt: '2025-09-12T22:00:00.000Z', timeZone: 'Europe/Paris' };

/** A server view; `outage` gives the current outage's cause and start. */
function server(over: Partial<ServerView> & { outage?: [cause: OutageCause, startedAt: string] } = {}): ServerView {
  const { outage, ...rest } = over;
  return {
    uai: '0860021F', machine: 'scribe', name: 'Collège Jean Moulin', academie: 'ac-poitiers', state: 'online',
    stateSince: '2025-07-10T06:00:00.000Z', lastSeen: '2025-07-10T12:14:00.000Z', heartbeatIntervalSeconds: 60,
    bootTime: '2025-07-01T06:30:00.000Z', offlineAt: null, window: null, silencedUntil: null,
    currentOutage: outage === undefined ? null : { cause: outage[0], startedAt: outage[1], provisional: false, notified: true },
    ...rest,
  };
}

describe('attentionOf', () => {
  it.each<{ state: LivenessState; window: typeof WINDOW | null; expected: string | null }>([
    { state: 'online', window: null, expected: null },
    { state: 'retired', window: null, expected: null },
    { state: 'late', window: WINDOW, expected: 'late' },
    { state: 'unknown', window: WINDOW, expected: 'unknown' },
    { state: 'offline', window: null, expected: 'offline' },
    { state: 'shutdown', window: null, expected: 'shutdown' },
    { state: 'offline', window: WINDOW, expected: 'down_in_window' },
    { state: 'shutdown', window: WINDOW, expected: 'down_in_window' },
  ])('$state, window $window.name → $expected', ({ state, window, expected }) => {
    expect(attentionOf({ state, window })).toBe(expected);
  });
});

describe('buildStatusView: the servers needing attention', () => {
  it('orders them worst first (down in the window, off, announced shutdown, late, never seen), longest first within a kind', () => {
    // Arrange: given in the wrong order on purpose
    const servers = [
      server({ uai: '0170004M', state: 'unknown', stateSince: '2025-07-01T08:00:00.000Z', lastSeen: null }),
      server({ uai: '0170003L', state: 'late', lastSeen: '2025-07-10T12:12:00.000Z' }),
      server({ uai: '0170002K', state: 'shutdown', outage: ['shutdown', '2025-07-10T11:00:00.000Z'] }),
      server({ uai: '0170001J', state: 'offline', outage: ['power_loss', '2025-07-10T10:00:00.000Z'] }),
      server({ uai: '0860022G', state: 'offline', window: WINDOW, outage: ['site', '2025-07-10T12:00:00.000Z'] }),
      server({ uai: '0860021F', state: 'offline', window: WINDOW, outage: ['power_loss', '2025-07-10T10:00:00.000Z'] }),
      server({ uai: '0860023H', state: 'online' }),
      server({ uai: '0860024J', state: 'retired' }),
    ];

    // Act
    const view = buildStatusView({ servers, now: NOW, uai: null });

    // Assert
    expect(view.attention.map((r) => [r.uai, r.stateLabel, r.since, r.lasting, r.cause])).toEqual([
      ['0860021F', 'Éteint pendant la période', '12:00', 'depuis 2 h 14 min', 'Coupure de courant ou plantage'],
      ['0860022G', 'Injoignable pendant la période', '14:00', 'depuis 14 min', "Coupure de tout l'établissement"],
      ['0170001J', 'Éteint', '12:00', 'depuis 2 h 14 min', 'Coupure de courant ou plantage'],
      ['0170002K', 'Éteint (arrêt annoncé)', '13:00', 'depuis 1 h 14 min', 'Arrêt annoncé'],
      ['0170003L', 'En retard', '14:12', 'depuis 2 min', null],
      ['0170004M', 'Jamais connecté', 'le 01/07 à 10:00', 'depuis 9 j 4 h', null],
    ]);
    expect(view.counts).toEqual({ online: 1, late: 1, offline: 3, shutdown: 1, unknown: 1, total: 7 });
    expect(view.verdict).toBe("6 serveurs sur 7 demandent de l'attention.");
    expect(view.verdictLevel).toBe('bad');
  });

  it.each([
    { name: 'seconds', startedAt: '2025-07-10T12:14:00.000Z', lasting: 'depuis 30 s', since: '14:14' },
    { name: 'minutes', startedAt: '2025-07-10T12:02:30.000Z', lasting: 'depuis 12 min', since: '14:02' },
    { name: 'whole hours', startedAt: '2025-07-10T09:14:30.000Z', lasting: 'depuis 3 h', since: '11:14' },
    { name: 'hours and minutes', startedAt: '2025-07-10T10:00:00.000Z', lasting: 'depuis 2 h 14 min', since: '12:00' },
    { name: 'days, another day', startedAt: '2025-07-08T07:00:00.000Z', lasting: 'depuis 2 j 5 h', since: 'le 08/07 à 09:00' },
    { name: 'another year', startedAt: '2024-12-31T22:00:00.000Z', lasting: 'depuis 190 j 14 h', since: 'le 31/12/2024 à 23:00' },
  ])('French duration and local time: $name', ({ startedAt, lasting, since }) => {
    const view = buildStatusView({ servers: [server({ state: 'offline', outage: ['power_loss', startedAt] })], now: NOW, uai: null });
    expect(view.attention[0]).toMatchObject({ lasting, since });
  });

  it.each([
    { until: '2025-07-10T16:00:00.000Z', silence: "jusqu'à 18:00" },
    { until: '2025-07-12T16:00:00.000Z', silence: "jusqu'au 12/07 à 18:00" },
    { until: null, silence: null },
  ])('silence until $until → $silence', ({ until, silence }) => {
    const view = buildStatusView({ servers: [server({ state: 'late', silencedUntil: until })], now: NOW, uai: null });
    expect(view.attention[0]?.silence).toBe(silence);
  });

  it('keeps names as they are (escaping is the renderer’s job)', () => {
    const view = buildStatusView({ servers: [server({ state: 'late', name: '<b>Lycée</b> & "Cie"' })], now: NOW, uai: '0860021F' });
    expect(view.attention[0]?.school).toBe('<b>Lycée</b> & "Cie"');
    expect(view.scope).toBe('Établissement 0860021F — <b>Lycée</b> & "Cie"');
  });
});

describe('buildStatusView: windows, verdict, online groups', () => {
  it.each([
    { name: 'no window', servers: [server()], windows: [], expected: [] },
    {
      name: 'active for a server',
      servers: [server({ window: WINDOW }), server({ machine: 'amon', window: WINDOW })],
      windows: [],
      expected: [{ name: 'Bascule 2025', endsAt: 'samedi 13 septembre 2025 à 00:00 (Europe/Paris)', timeLeft: '64 j 9 h', servers: 2 }],
    },
    {
      name: 'active for the fleet, no server in it',
      servers: [],
      windows: [{ name: 'Bascule 2025', endsAt: WINDOW.endsAt }],
      expected: [{ name: 'Bascule 2025', endsAt: 'samedi 13 septembre 2025 à 00:00 (Europe/Paris)', timeLeft: '64 j 9 h', servers: 0 }],
    },
    { name: 'already over', servers: [], windows: [{ name: 'Bascule 2024', endsAt: '2024-09-12T22:00:00.000Z' }], expected: [] },
  ])('window: $name', ({ servers, windows, expected }) => {
    expect(buildStatusView({ servers, now: NOW, uai: null, windows }).windows).toEqual(expected);
  });

  it.each([
    { name: 'nobody', servers: [], verdict: 'Aucun serveur inscrit.', level: 'none' },
    { name: 'one online', servers: [server()], verdict: 'Le serveur est en ligne.', level: 'good' },
    { name: 'all online', servers: [server(), server({ machine: 'b' })], verdict: 'Les 2 serveurs sont en ligne.', level: 'good' },
    { name: 'one late', servers: [server(), server({ machine: 'b', state: 'late' })], verdict: "1 serveur sur 2 demande de l'attention.", level: 'warn' },
  ])('verdict: $name', ({ servers, verdict, level }) => {
    const view = buildStatusView({ servers, now: NOW, uai: null });
    expect([view.verdict, view.verdictLevel]).toEqual([verdict, level]);
  });

  it('groups the online servers by académie (missing one last), then school, machines sorted', () => {
    const view = buildStatusView({
      now: NOW,
      uai: null,
      servers: [
        server({ uai: '0860023H', machine: 'scribe2', name: 'Collège Ronsard' }),
        server({ uai: '0330001X', academie: 'ac-bordeaux', name: 'Lycée Montaigne' }),
        server({ uai: '9740001A', academie: null, name: 'Lycée Leconte de Lisle' }),
        server({ uai: '0860023H', machine: 'scribe', name: 'Collège Ronsard' }),
        server({ uai: '0860021F', state: 'offline' }),
      ],
    });
    expect(view.online).toEqual([
      { academie: 'ac-bordeaux', schools: [{ uai: '0330001X', school: 'Lycée Montaigne', machines: ['scribe'] }] },
      { academie: 'ac-poitiers', schools: [{ uai: '0860023H', school: 'Collège Ronsard', machines: ['scribe', 'scribe2'] }] },
      { academie: NO_ACADEMIE, schools: [{ uai: '9740001A', school: 'Lycée Leconte de Lisle', machines: ['scribe'] }] },
    ]);
    expect(view.updatedAt).toBe('jeudi 10 juillet 2025 à 14:14 (Europe/Paris)');
  });
});

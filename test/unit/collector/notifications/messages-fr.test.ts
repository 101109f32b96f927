import { describe, expect, it } from 'vitest';
import {
  causeFr,
  descriptionFr,
  displayTimeZone,
  formatDurationFr,
  formatFullInstantFr,
  formatInstantFr,
  subjectFr,
  summaryFr,
} from '../../../../collector/notifications/messages-fr.ts';
import { OUTAGE_CAUSES, type OutageCause } from '../../../../collector/domain/liveness-state.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

describe('formatDurationFr', () => {
  it.each([
    [-5_000, '0 s'],
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [45 * 60_000 + 59_000, '45 min'],
    [3_600_000, '1 h'],
    [2 * 3_600_000 + 14 * 60_000 + 30_000, '2 h 14 min'],
    [24 * 3_600_000 - 1, '23 h 59 min'],
    [24 * 3_600_000, '1 j'],
    [2 * 86_400_000 + 5 * 3_600_000 + 59 * 60_000, '2 j 5 h'],
  ])('formats %d ms as %s', (ms, expected) => {
    expect(formatDurationFr(ms)).toBe(expected);
  });
});

describe('formatInstantFr', () => {
  it.each([
    ['same local day: bare time (summer time, UTC+2)', '2025-07-12T12:02:00Z', '2025-07-12T20:00:00Z', 'Europe/Paris', '14:02'],
    ['same UTC day but next local day', '2025-07-12T21:30:00Z', '2025-07-12T22:30:00Z', 'Europe/Paris', 'le 12/07 à 23:30'],
    ['earlier day of the same year', '2025-07-12T12:02:00Z', '2025-07-14T08:00:00Z', 'Europe/Paris', 'le 12/07 à 14:02'],
    ['earlier year', '2024-12-31T12:02:00Z', '2025-01-02T08:00:00Z', 'Europe/Paris', 'le 31/12/2024 à 13:02'],
    ['winter time, UTC+1', '2025-01-10T12:02:00Z', '2025-01-10T12:05:00Z', 'Europe/Paris', '13:02'],
    ['overseas window time zone (Réunion, UTC+4)', '2025-07-12T12:02:00Z', '2025-07-12T12:05:00Z', 'Indian/Reunion', '16:02'],
    ['overseas window time zone (Guadeloupe, UTC-4)', '2025-07-12T12:02:00Z', '2025-07-12T12:05:00Z', 'America/Guadeloupe', '08:02'],
  ])('%s', (_name, at, reference, zone, expected) => {
    expect(formatInstantFr(new Date(at), new Date(reference), zone)).toBe(expected);
  });

  it('shows the full date with the day name and the zone', () => {
    expect(formatFullInstantFr(new Date('2025-07-12T12:02:00Z'), 'Europe/Paris')).toBe(
      'samedi 12 juillet 2025 à 14:02 (Europe/Paris)',
    );
  });

  it('spans the autumn daylight-saving change (03:00 CEST → 02:00 CET)', () => {
    // 2025-10-26 00:30Z is 02:30 CEST; 01:30Z is 02:30 CET: same wall time, one hour apart.
    expect(formatInstantFr(new Date('2025-10-26T00:30:00Z'), new Date('2025-10-26T02:00:00Z'), 'Europe/Paris')).toBe('02:30');
    expect(formatInstantFr(new Date('2025-10-26T01:30:00Z'), new Date('2025-10-26T02:00:00Z'), 'Europe/Paris')).toBe('02:30');
  });
});

describe('displayTimeZone', () => {
  it.each([
    ['no window', undefined, 'Europe/Paris'],
    ['the window zone', 'Indian/Reunion', 'Indian/Reunion'],
    ['an invalid zone falls back to Paris', 'Mars/Olympus', 'Europe/Paris'],
  ])('%s', (_name, zone, expected) => {
    const window = zone === undefined ? undefined : { name: 'Bascule', endsAt: new Date(0), timeZone: zone };
    expect(displayTimeZone({ window })).toBe(expected);
  });
});

describe('summaryFr', () => {
  const since = new Date('2025-07-12T12:02:00Z');
  const inWindow = { name: 'Bascule 2025', endsAt: new Date('2025-09-12T21:59:59Z'), timeZone: 'Europe/Paris' };
  const label = 'Serveur Scribe scribe — Collège Jean Moulin (0860021F)';

  it.each<[string, Parameters<typeof makeNotification>[0], string]>([
    [
      'down, power loss, inside the window',
      { kind: 'down', cause: 'power_loss', state: 'offline', since, window: inWindow },
      `${label} éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02 (coupure de courant ou plantage probable)`,
    ],
    [
      'down, announced shutdown',
      { kind: 'down', cause: 'shutdown', state: 'shutdown', since, window: inWindow },
      `${label} éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02 (arrêt annoncé)`,
    ],
    [
      'down, network, outside any window',
      { kind: 'down', cause: 'network', state: 'offline', since, window: undefined, severity: 'warning' },
      `${label} injoignable depuis 14:02 (coupure réseau ou panne côté collecteur, le serveur n'a pas redémarré)`,
    ],
    [
      'down, whole site',
      { kind: 'down', cause: 'site', state: 'offline', since, window: undefined },
      `${label} injoignable depuis 14:02 (tout l'établissement est injoignable)`,
    ],
    [
      'reminder two days later shows the date and the duration',
      { kind: 'reminder', cause: 'power_loss', since, at: new Date('2025-07-14T14:20:00Z'), window: inWindow },
      `Rappel : ${label} toujours éteint pendant la période de maintenance « Bascule 2025 » depuis le 12/07 à 14:02, soit 2 j 2 h (coupure de courant ou plantage probable)`,
    ],
    [
      'back online',
      {
        kind: 'up',
        state: 'online',
        cause: 'power_loss',
        since,
        endedAt: new Date('2025-07-12T14:16:10Z'),
        at: new Date('2025-07-12T14:16:11Z'),
      },
      `${label} de nouveau en ligne après 2 h 14 min d'interruption (coupure de courant ou plantage probable)`,
    ],
    [
      'back online without endedAt uses the decision time',
      { kind: 'up', state: 'online', cause: 'network', since, at: new Date('2025-07-12T12:47:00Z') },
      `${label} de nouveau en ligne après 45 min d'interruption (coupure réseau ou panne côté collecteur, le serveur n'a pas redémarré)`,
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(summaryFr(makeNotification(overrides))).toBe(expected);
  });
});

describe('subjectFr', () => {
  it.each<[string, Parameters<typeof makeNotification>[0], string]>([
    ['down critical', { kind: 'down', severity: 'critical', cause: 'shutdown' }, '[Vigie][critique] scribe — Collège Jean Moulin (0860021F) éteint (arrêt annoncé)'],
    ['down warning', { kind: 'down', severity: 'warning', cause: 'site' }, "[Vigie][avertissement] scribe — Collège Jean Moulin (0860021F) injoignable (tout l'établissement est injoignable)"],
    ['reminder', { kind: 'reminder', severity: 'critical', cause: 'power_loss' }, '[Vigie][critique] Rappel : scribe — Collège Jean Moulin (0860021F) toujours éteint'],
    ['up', { kind: 'up', state: 'online' }, '[Vigie][rétabli] scribe — Collège Jean Moulin (0860021F) de nouveau en ligne'],
  ])('%s', (_name, overrides, expected) => {
    expect(subjectFr(makeNotification(overrides))).toBe(expected);
  });
});

describe('descriptionFr', () => {
  it('lists the establishment, académie, cause, start, window end and the link, and asks to power the server on', () => {
    const text = descriptionFr(makeNotification({ kind: 'down', cause: 'power_loss' }));
    expect(text.split('\n')).toEqual([
      "Le serveur s'est tu sans annoncer d'arrêt : coupure de courant ou plantage probable.",
      'Établissement : Collège Jean Moulin (0860021F)',
      'Serveur : scribe',
      'Académie : Poitiers',
      'Cause : coupure de courant ou plantage probable',
      "Début de l'interruption : samedi 12 juillet 2025 à 14:02 (Europe/Paris)",
      'Durée à ce jour : 3 s',
      'Gravité : critique',
      "Période de maintenance : Bascule 2025, jusqu'au vendredi 12 septembre 2025 à 23:59 (Europe/Paris)",
      'Détails : http://collecteur.example/api/v1/servers/0860021F/scribe',
      "Le serveur doit rester allumé pendant toute la période de maintenance : merci de vérifier son alimentation et son raccordement, puis de le remettre en marche.",
    ]);
  });

  it('gives the return time and the duration when back online', () => {
    const text = descriptionFr(
      makeNotification({ kind: 'up', state: 'online', endedAt: new Date('2025-07-12T14:16:10Z'), window: undefined, generatorUrl: undefined }),
    );
    expect(text).toContain('Retour en ligne : samedi 12 juillet 2025 à 16:16 (Europe/Paris)');
    expect(text).toContain('Durée : 2 h 14 min');
    expect(text).toContain('Aucune action requise');
    expect(text).not.toContain('Période de maintenance');
    expect(text).not.toContain('Gravité');
  });

  it.each<OutageCause>(OUTAGE_CAUSES)('has a distinct wording for cause %s', (cause) => {
    const others = OUTAGE_CAUSES.filter((c) => c !== cause);
    const text = descriptionFr(makeNotification({ cause }));
    for (const other of others) expect(causeFr(other)).not.toBe(causeFr(cause));
    expect(text).toContain(`Cause : ${causeFr(cause)}`);
  });
});

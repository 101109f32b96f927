import { describe, expect, it } from 'vitest';
import { descriptionFr, displayTimeZone, subjectFr, summaryFr } from '../../../../collector/notifications/messages-fr.ts';
import { CAUSE_LABELS } from '../../../../collector/presentation/liveness-labels-fr.ts';
import { OUTAGE_CAUSES, type OutageCause } from '../../../../collector/domain/liveness-state.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

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
      `${label} éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02 (coupure de courant ou plantage)`,
    ],
    [
      'down, announced shutdown',
      { kind: 'down', cause: 'shutdown', state: 'shutdown', since, window: inWindow },
      `${label} éteint pendant la période de maintenance « Bascule 2025 » depuis 14:02 (arrêt annoncé)`,
    ],
    [
      'down, network, outside any window',
      { kind: 'down', cause: 'network', state: 'offline', since, window: undefined, severity: 'warning' },
      `${label} injoignable depuis 14:02 (coupure réseau ou collecteur (resté sous tension))`,
    ],
    [
      'down, whole site',
      { kind: 'down', cause: 'site', state: 'offline', since, window: undefined },
      `${label} injoignable depuis 14:02 (coupure de tout l'établissement)`,
    ],
    [
      'reminder two days later shows the date and the duration',
      { kind: 'reminder', cause: 'power_loss', since, at: new Date('2025-07-14T14:20:00Z'), window: inWindow },
      `Rappel : ${label} toujours éteint pendant la période de maintenance « Bascule 2025 » depuis le 12/07 à 14:02, soit 2 j 2 h (coupure de courant ou plantage)`,
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
      `${label} de nouveau en ligne après 2 h 14 min d'interruption (coupure de courant ou plantage)`,
    ],
    [
      'back online without endedAt uses the decision time',
      { kind: 'up', state: 'online', cause: 'network', since, at: new Date('2025-07-12T12:47:00Z') },
      `${label} de nouveau en ligne après 45 min d'interruption (coupure réseau ou collecteur (resté sous tension))`,
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(summaryFr(makeNotification(overrides))).toBe(expected);
  });
});

describe('subjectFr', () => {
  it.each<[string, Parameters<typeof makeNotification>[0], string]>([
    ['down critical', { kind: 'down', severity: 'critical', cause: 'shutdown' }, '[Vigie][critique] scribe — Collège Jean Moulin (0860021F) éteint (arrêt annoncé)'],
    ['down warning', { kind: 'down', severity: 'warning', cause: 'site' }, "[Vigie][avertissement] scribe — Collège Jean Moulin (0860021F) injoignable (coupure de tout l'établissement)"],
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
      'Cause : Coupure de courant ou plantage',
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
    for (const other of others) expect(CAUSE_LABELS[other]).not.toBe(CAUSE_LABELS[cause]);
    expect(text).toContain(`Cause : ${CAUSE_LABELS[cause]}`);
  });
});

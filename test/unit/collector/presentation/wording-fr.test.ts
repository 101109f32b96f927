/**
 * Every French label and a few durations and sizes, rendered once against the expected wording: changing a
 * wording is one edit in `collector/presentation/` and one in the tables below.
 */
import { describe, expect, it } from 'vitest';
import { LIVENESS_STATES, OUTAGE_CAUSES, type LivenessState, type OutageCause } from '../../../../collector/domain/liveness-state.ts';
import { WINDOW_STATUSES, type WindowStatus } from '../../../../collector/domain/maintenance-windows.ts';
import { SEVERITIES, type Severity } from '../../../../collector/domain/notice-vocabulary.ts';
import { formatDurationFr } from '../../../../collector/presentation/durations-fr.ts';
import {
  CAUSE_EXPLANATIONS, CAUSE_LABELS, SEVERITY_LABELS, STATE_COUNT_LABELS, STATE_LABELS, causeInSentenceFr, downVerbFr, listInSentenceFr,
} from '../../../../collector/presentation/liveness-labels-fr.ts';
import { formatBytesFr, formatIntegerFr, formatRatioFr } from '../../../../collector/presentation/numbers-fr.ts';
import { WINDOW_STATUS_LABELS } from '../../../../collector/presentation/window-labels-fr.ts';

const STATES: Record<LivenessState, [label: string, count: string]> = {
  online: ['En ligne', 'En ligne'],
  late: ['En retard', 'En retard'],
  offline: ['Injoignable', 'Injoignables'],
  shutdown: ['Éteint (arrêt annoncé)', 'Éteints (arrêt annoncé)'],
  unknown: ['Jamais connecté', 'Jamais connectés'],
  retired: ['Retiré', 'Retirés'],
};

const CAUSES: Record<OutageCause, [label: string, inSentence: string, explanation: string]> = {
  shutdown: ['Arrêt annoncé', 'arrêt annoncé', 'Le serveur a annoncé son arrêt (extinction ou redémarrage demandé sur la machine).'],
  power_loss: [
    'Coupure de courant ou plantage',
    'coupure de courant ou plantage',
    "Le serveur s'est tu sans annoncer d'arrêt : coupure de courant ou plantage probable.",
  ],
  network: [
    'Coupure réseau ou collecteur (resté sous tension)',
    'coupure réseau ou collecteur (resté sous tension)',
    "Le serveur n'a pas redémarré pendant l'interruption : il est resté allumé, la coupure vient du réseau ou du collecteur.",
  ],
  site: [
    "Coupure de tout l'établissement",
    "coupure de tout l'établissement",
    "Tous les serveurs de l'établissement se sont tus en même temps : coupure du site (réseau ou électricité) probable.",
  ],
};

const SEVERITY: Record<Severity, string> = { critical: 'critique', warning: 'avertissement', info: 'information' };

const WINDOWS: Record<WindowStatus, string> = {
  not_started: "La période n'a pas commencé : aucun chiffre à ce jour.",
  in_progress: "Période en cours : chiffres arrêtés à l'heure du rapport.",
  over: 'Période terminée.',
};

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

describe('French labels', () => {
  it.each(LIVENESS_STATES)('state %s', (state) => {
    expect([STATE_LABELS[state], STATE_COUNT_LABELS[state]]).toEqual(STATES[state]);
  });

  it.each(OUTAGE_CAUSES)('cause %s', (cause) => {
    expect([CAUSE_LABELS[cause], causeInSentenceFr(cause), CAUSE_EXPLANATIONS[cause]]).toEqual(CAUSES[cause]);
  });

  it.each(SEVERITIES)('severity %s', (severity) => {
    expect(SEVERITY_LABELS[severity]).toBe(SEVERITY[severity]);
  });

  it.each(WINDOW_STATUSES)('window status %s', (status) => {
    expect(WINDOW_STATUS_LABELS[status]).toBe(WINDOWS[status]);
  });

  it.each<[string, Parameters<typeof downVerbFr>[0], string]>([
    ['announced shutdown', { state: 'shutdown', cause: 'shutdown' }, 'éteint'],
    ['power loss', { state: 'offline', cause: 'power_loss' }, 'éteint'],
    ['network', { state: 'offline', cause: 'network' }, 'injoignable'],
    ['whole site', { state: 'offline', cause: 'site' }, 'injoignable'],
    ['cause not known yet', { state: 'offline', cause: null }, 'injoignable'],
  ])('down verb: %s', (_name, down, expected) => {
    expect(downVerbFr(down)).toBe(expected);
  });

  it('lists labels in a sentence', () => {
    expect(listInSentenceFr([])).toBe('');
    expect(listInSentenceFr(['En ligne'])).toBe('en ligne');
    expect(listInSentenceFr(['En ligne', 'En retard', 'Retiré'])).toBe('en ligne, en retard ou retiré');
  });
});

describe('French durations', () => {
  it.each([
    [-5 * S, '0 s'],
    [0, '0 s'],
    [999, '0 s'],
    [45 * S, '45 s'],
    [59_999, '59 s'],
    [MIN, '1 min'],
    [45 * MIN + 59 * S, '45 min'],
    [H, '1 h'],
    [3 * H + 30 * S, '3 h'],
    [2 * H + 14 * MIN + 30 * S, '2 h 14 min'],
    [DAY - 1, '23 h 59 min'],
    [DAY, '1 j'],
    [2 * DAY + 5 * H + 59 * MIN, '2 j 5 h'],
    [190 * DAY + 14 * H, '190 j 14 h'],
    [1234 * DAY, '1\u202f234 j'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDurationFr(ms)).toBe(expected);
  });
});

describe('French numbers and sizes', () => {
  it.each([
    [0, '0\u00a0o'],
    [1023, '1\u202f023\u00a0o'],
    [1536, '1,5\u00a0Ko'],
    [820 * 1024 * 1024, '820\u00a0Mo'],
    [1.5 * 1024 ** 3, '1,5\u00a0Go'],
    [-2 * 1024 ** 4, '-2\u00a0To'],
  ])('%d bytes → %s', (bytes, expected) => {
    expect(formatBytesFr(bytes)).toBe(expected);
  });

  it('formats integers and ratios', () => {
    expect(formatIntegerFr(12_345)).toBe('12\u202f345');
    expect(formatRatioFr(0.99871)).toBe('99,87\u00a0%');
    expect(formatRatioFr(null)).toBe('—');
  });
});

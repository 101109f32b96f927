// What a timeline segment can show, its colour and its French legend (one place for the renderer and the tests).
import { OUTAGE_CAUSES, type OutageCause } from '../../domain/liveness-state.ts';
import { CAUSE_LABELS } from '../../presentation/liveness-labels-fr.ts';

/** Reachable, not monitored yet, or down for one of the outage causes. */
export const TIMELINE_KINDS = ['online', 'not_monitored', ...OUTAGE_CAUSES] as const;
export type TimelineKind = 'online' | 'not_monitored' | OutageCause;

/** Where segments overlap in one pixel, the kind drawn is the one with the highest rank (an outage always shows). */
export const TIMELINE_RANK: Readonly<Record<TimelineKind, number>> = {
  online: 0,
  not_monitored: 1,
  network: 2,
  shutdown: 3,
  site: 4,
  power_loss: 5,
};

/** Fill colours, the ones of the status page and the reports (red power cut, blue announced shutdown…). */
export const TIMELINE_COLOURS: Readonly<Record<TimelineKind, string>> = {
  online: '#7fbf8a',
  not_monitored: '#c9ced4',
  shutdown: '#1f4e79',
  power_loss: '#c0392b',
  network: '#d98e04',
  site: '#7d3c98',
};

/** Colour of the track where a server is outside its covered period (not enrolled yet, or the future). */
export const TIMELINE_TRACK_COLOUR = '#eef1f5';

export const TIMELINE_LABELS: Readonly<Record<TimelineKind, string>> = {
  online: 'Joignable',
  not_monitored: 'Pas encore supervisé',
  ...CAUSE_LABELS,
};

/**
 * The maintenance-window part of the status page (pure): a banner (« Fenêtre de maintenance « Bascule 2026 » :
 * J-12 », « … : en cours, fin dans 5 j »), and for the window in progress (or the last one) the timeline of every
 * server and the incidents of the window, most recent first. Built from the availability report of that window,
 * so the page and the report always agree.
 */
import { DateTime } from 'luxon';
import type { OutageCause } from '../domain/liveness-state.ts';
import type { WindowStatus } from '../domain/maintenance-windows.ts';
import type { TimelineRow, TimelineWindow } from '../html/svg/timeline-svg.ts';
import { createInstantFormatter } from '../presentation/dates-fr.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { CAUSE_LABELS } from '../presentation/liveness-labels-fr.ts';
import { createLocalDateTimeFormatter } from '../presentation/local-date-time.ts';
import { formatRatioFr } from '../presentation/numbers-fr.ts';
import type { AvailabilityReport } from '../reports/availability-report-types.ts';
import { timelineRows, timelineWindow } from '../reports/availability-timeline.ts';
import type { FocusedWindow, WindowFocus } from './window-focus.ts';

/** Incidents listed on the page at most (the availability report has them all). */
export const MAX_INCIDENTS = 50;

export interface WindowBanner {
  readonly status: WindowStatus;
  /** « Fenêtre de maintenance « Bascule 2026 » : J-12 ». */
  readonly title: string;
  /** « Du 04/07/2026 au 11/09/2026 (Europe/Paris). … ». */
  readonly detail: string;
}

export interface IncidentLine {
  readonly uai: string;
  readonly machine: string;
  readonly school: string;
  readonly cause: OutageCause;
  /** « Coupure de courant ou plantage (provisoire) ». */
  readonly causeLabel: string;
  /** « 14:02 », « le 12/07 à 14:02 ». */
  readonly start: string;
  /** The same, or « en cours ». */
  readonly end: string;
  readonly ongoing: boolean;
  /** Within the window: « 2 h 8 min ». */
  readonly duration: string;
}

export interface WindowHistory {
  readonly heading: string;
  /** « 12 interruptions sur 300 serveurs · disponibilité 99,87 % ». */
  readonly summary: string;
  readonly timelineTitle: string;
  readonly rows: readonly TimelineRow[];
  readonly window: TimelineWindow;
  /** Most recent first, at most {@link MAX_INCIDENTS}. */
  readonly incidents: readonly IncidentLine[];
  readonly incidentCount: number;
}

export interface WindowHistoryView {
  readonly banner: WindowBanner | null;
  readonly history: WindowHistory | null;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n > 1 ? many : one}`;

function daysText(f: FocusedWindow): string {
  const local = createLocalDateTimeFormatter();
  const first = local(new Date(f.range.startMs).toISOString(), f.range.timeZone).slice(0, 10);
  const last = local(new Date(f.range.endMs - 1).toISOString(), f.range.timeZone).slice(0, 10);
  return `Du ${first} au ${last} inclus (${f.range.timeZone})`;
}

/** Calendar days from today to the window's first day, in the window's zone. */
function daysBefore(f: FocusedWindow, nowMs: number): number {
  const zone = f.range.timeZone;
  const start = DateTime.fromMillis(f.range.startMs, { zone }).startOf('day');
  const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
  return Math.round(start.diff(today, 'days').days);
}

export function windowBanner(f: FocusedWindow, nowMs: number): WindowBanner {
  const head = `Fenêtre de maintenance « ${f.window.name} »`;
  switch (f.status) {
    case 'in_progress':
      return {
        status: f.status,
        title: `${head} : en cours, fin dans ${formatDurationFr(f.range.endMs - nowMs)}`,
        detail: `${daysText(f)}.`,
      };
    case 'not_started': {
      const days = daysBefore(f, nowMs);
      return {
        status: f.status,
        title: `${head} : ${days <= 0 ? "commence aujourd'hui" : `J-${days}`}`,
        detail: `${daysText(f)} : elle commence dans ${formatDurationFr(f.range.startMs - nowMs)}.`,
      };
    }
    case 'over':
      return { status: f.status, title: `${head} : terminée`, detail: `${daysText(f)}.` };
  }
}

function incidents(report: AvailabilityReport, now: Date): IncidentLine[] {
  const instant = createInstantFormatter(now, report.window.timeZone);
  const all = report.servers.flatMap((s) => s.outages.map((o) => ({ s, o, startMs: Date.parse(o.from) })));
  all.sort((a, b) => b.startMs - a.startMs || (a.s.uai < b.s.uai ? -1 : a.s.uai > b.s.uai ? 1 : 0));
  return all.slice(0, MAX_INCIDENTS).map(({ s, o, startMs }) => ({
    uai: s.uai,
    machine: s.server,
    school: s.schoolName,
    cause: o.cause,
    causeLabel: `${CAUSE_LABELS[o.cause]}${o.provisional ? ' (provisoire)' : ''}`,
    start: instant(new Date(startMs)),
    end: o.ongoing ? 'en cours' : instant(new Date(o.to)),
    ongoing: o.ongoing,
    duration: formatDurationFr(o.durationSeconds * 1000),
  }));
}

export function windowHistory(f: FocusedWindow, report: AvailabilityReport, now: Date): WindowHistory {
  const { fleet } = report;
  return {
    heading: f.status === 'in_progress'
      ? `Fenêtre « ${f.window.name} » en cours : chronologie et interruptions`
      : `Dernière fenêtre « ${f.window.name} » (terminée) : chronologie et interruptions`,
    summary: `${plural(fleet.outageCount, 'interruption', 'interruptions')} sur ${plural(fleet.servers, 'serveur', 'serveurs')}`
      + ` · disponibilité ${formatRatioFr(fleet.availability)} · sous tension ${formatRatioFr(fleet.poweredRatio)}`,
    timelineTitle: `État des serveurs pendant la fenêtre « ${f.window.name} »`,
    rows: timelineRows(report.servers),
    window: timelineWindow(report),
    incidents: incidents(report, now),
    incidentCount: fleet.outageCount,
  };
}

/** The banner and the history; `report` is the availability report of `focus.history` (null when there is none). */
export function buildWindowHistoryView(focus: WindowFocus, report: AvailabilityReport | null, now: Date): WindowHistoryView {
  return {
    banner: focus.banner === null ? null : windowBanner(focus.banner, now.getTime()),
    history: focus.history === null || report === null ? null : windowHistory(focus.history, report, now),
  };
}

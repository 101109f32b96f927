// The timeline picture of the availability report: each server's covered period split into « pas encore
// supervisé », « joignable » and its outages by cause (pure, from the report model; worst servers first).
import { renderTimelineSvg, type TimelineRow, type TimelineSegment, type TimelineWindow } from '../html/svg/timeline-svg.ts';
import { formatDurationFr } from '../presentation/durations-fr.ts';
import { CAUSE_LABELS } from '../presentation/liveness-labels-fr.ts';
import { createLocalDateTimeFormatter, type LocalDateTimeFormatter } from '../presentation/local-date-time.ts';
import type { AvailabilityReport, ServerAvailability } from './availability-report-types.ts';

/** The rows of the timeline, in the report's order (worst first). */
export function timelineRows(servers: readonly ServerAvailability[], local: LocalDateTimeFormatter = createLocalDateTimeFormatter()): TimelineRow[] {
  return servers.map((s) => {
    const label = `${s.uai} ${s.server}${s.schoolName === '' ? '' : ` — ${s.schoolName}`}`;
    const segments: TimelineSegment[] = [];
    if (s.periodFrom !== null && s.periodTo !== null) {
      const fromMs = Date.parse(s.periodFrom);
      const toMs = Date.parse(s.periodTo);
      const monitoredMs = Math.min(toMs, fromMs + s.notMonitoredSeconds * 1000);
      if (monitoredMs > fromMs) segments.push({ startMs: fromMs, endMs: monitoredMs, kind: 'not_monitored' });
      if (toMs > monitoredMs) segments.push({ startMs: monitoredMs, endMs: toMs, kind: 'online' });
      for (const o of s.outages) {
        const end = o.ongoing ? 'en cours' : local(o.to, s.timeZone);
        const title = `${CAUSE_LABELS[o.cause]}${o.provisional ? ' (provisoire)' : ''} : ${local(o.from, s.timeZone)} → ${end} `
          + `(${formatDurationFr(o.durationSeconds * 1000)})`;
        segments.push({ startMs: Date.parse(o.from), endMs: Date.parse(o.to), kind: o.cause, title });
      }
    }
    return { label, title: label, segments };
  });
}

/** The window drawn: the fleet's range of the period, in its time zone, with the time of the report as "now". */
export function timelineWindow(report: AvailabilityReport): TimelineWindow {
  return {
    startMs: Date.parse(report.window.startAt),
    endMs: Date.parse(report.window.endAt),
    timeZone: report.window.timeZone,
    nowMs: Date.parse(report.generatedAt),
  };
}

/** The picture, for the HTML page. */
export function renderAvailabilityTimeline(report: AvailabilityReport, id = 'chronologie'): string {
  const name = report.window.explicit ? 'la période' : `la période « ${report.window.name} »`;
  return renderTimelineSvg(timelineRows(report.servers), timelineWindow(report), { id, title: `État des serveurs pendant ${name}` });
}

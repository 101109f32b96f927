// CSV renderings of the availability report: servers (default), outages, per-school totals.
import { OUTAGE_CAUSES } from '../domain/liveness-state.ts';
import { csvNumber, renderCsv, type CsvCell } from './csv.ts';
import { CAUSE_LABELS, stateLabel } from '../presentation/liveness-labels-fr.ts';
import { causeWithDetailFr } from '../presentation/ups-labels-fr.ts';
import { createLocalDateTimeFormatter } from '../presentation/local-date-time.ts';
import type { AvailabilityFigures, AvailabilityReport } from './availability-report-types.ts';

export type AvailabilityCsvSection = 'servers' | 'outages' | 'schools';
export const AVAILABILITY_CSV_SECTIONS: readonly AvailabilityCsvSection[] = ['servers', 'outages', 'schools'];

/** Text written in the end column of an outage still open at the time of the report. */
export const ONGOING_FR = 'en cours';

const FIGURES_HEADER = [
  'Temps mesuré (h)', 'Injoignable (h)', ...OUTAGE_CAUSES.map((c) => `${CAUSE_LABELS[c]} (h)`), 'Éteint (h)',
  'Disponibilité (%)', 'Sous tension (%)', 'Interruptions', 'Plus longue interruption (h)',
];

export const SERVERS_CSV_HEADER = [
  'UAI', 'Établissement', 'Serveur', 'Académie', 'Début de la période', 'Fin de la période', 'Fuseau horaire',
  'Durée couverte (h)', 'Avant le premier signal (h)', 'Silences (h)', ...FIGURES_HEADER,
  'Injoignable pendant les silences (h)', 'Hors service actuellement', 'État actuel',
] as const;

export const OUTAGES_CSV_HEADER = [
  'UAI', 'Établissement', 'Serveur', 'Cause', 'Cause provisoire', 'Sous tension', 'Début', 'Fin', 'Fuseau horaire',
  'Durée dans la période (h)', 'Dont pendant un silence (h)', 'Commencée avant la période', 'Début réel', 'Fin réelle',
] as const;

export const SCHOOLS_CSV_HEADER = [
  'UAI', 'Établissement', 'Serveurs', 'Serveurs hors service actuellement', 'Silences (h)', ...FIGURES_HEADER,
] as const;

/** Seconds as hours with 2 decimals. */
const hours = (seconds: number): CsvCell => csvNumber(seconds / 3600, 2);
const pct = (ratio: number | null): CsvCell => csvNumber(ratio === null ? null : ratio * 100, 2);
const yesNo = (b: boolean): string => (b ? 'oui' : 'non');

function figures(f: AvailabilityFigures): CsvCell[] {
  return [
    hours(f.measuredSeconds), hours(f.unreachableSeconds), ...OUTAGE_CAUSES.map((c) => hours(f.unreachableByCause[c])),
    hours(f.poweredOffSeconds), pct(f.availability), pct(f.poweredRatio), csvNumber(f.outageCount), hours(f.longestOutageSeconds),
  ];
}

/** The availability report as a CSV document (UTF-8 with BOM, `;`, decimal comma, local times). */
export function renderAvailabilityCsv(report: AvailabilityReport, section: AvailabilityCsvSection = 'servers'): string {
  const local = createLocalDateTimeFormatter();
  switch (section) {
    case 'servers':
      return renderCsv(SERVERS_CSV_HEADER, report.servers.map((s) => [
        s.uai, s.schoolName, s.server, s.academie,
        s.periodFrom === null ? null : local(s.periodFrom, s.timeZone),
        s.periodTo === null ? null : local(s.periodTo, s.timeZone), s.timeZone,
        hours(s.coveredSeconds), hours(s.notMonitoredSeconds), hours(s.silencedSeconds), ...figures(s),
        hours(s.downWhileSilencedSeconds), yesNo(s.downNow), stateLabel(s.state),
      ]));
    case 'outages':
      return renderCsv(OUTAGES_CSV_HEADER, report.servers.flatMap((s) => s.outages.map((o) => [
        s.uai, s.schoolName, s.server, causeWithDetailFr(o.cause, o.causeDetail), yesNo(o.provisional), yesNo(o.powered),
        local(o.from, s.timeZone), o.ongoing ? ONGOING_FR : local(o.to, s.timeZone),
        s.timeZone, hours(o.durationSeconds), hours(o.silencedSeconds), yesNo(o.startsBeforePeriod),
        local(o.startedAt, s.timeZone), o.endedAt === null ? ONGOING_FR : local(o.endedAt, s.timeZone),
      ])));
    case 'schools':
      return renderCsv(SCHOOLS_CSV_HEADER, report.schools.map((s) => [
        s.uai, s.schoolName, csvNumber(s.servers), csvNumber(s.serversDownNow), hours(s.silencedSeconds), ...figures(s),
      ]));
  }
}

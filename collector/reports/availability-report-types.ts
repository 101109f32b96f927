// The model of « Rapport de disponibilité — période de maintenance estivale »: what every renderer shows.
import type { CauseDetail, LivenessState, OutageCause } from '../domain/liveness-state.ts';
import type { MaintenanceWindow, WindowStatus } from '../domain/maintenance-windows.ts';
import type { UnwatchedRow } from '../status/unwatched-section.ts';

export const AVAILABILITY_REPORT_TITLE = 'Rapport de disponibilité — période de maintenance estivale';

/** An outage as stored by the liveness service (`outages` table). */
export interface OutageInput {
  readonly startedAtMs: number;
  /** Null while the server is still down. */
  readonly endedAtMs: number | null;
  readonly cause: OutageCause;
  /** What is known beyond the cause (`ups_exhausted`); absent or null when nothing. */
  readonly causeDetail?: CauseDetail | null;
  /** The cause is a guess while the server is still silent. */
  readonly provisional: boolean;
  /** Whether the server rebooted during the outage (null: not known yet). */
  readonly rebooted: boolean | null;
}

/** One enrolled server and its liveness history. */
export interface AvailabilityServerInput {
  readonly uai: string;
  readonly machine: string;
  /** School name given at enrolment. */
  readonly schoolName: string;
  readonly academie: string | null;
  readonly enrolledAtMs: number;
  readonly retiredAtMs: number | null;
  /** First sign of life ever received (null: the agent never reported). */
  readonly firstSeenAtMs: number | null;
  /** Current liveness state (null when unknown to the caller). */
  readonly state: LivenessState | null;
  readonly outages: readonly OutageInput[];
}

/** A one-off silence (announced works), with its effective end (`min(end, removal)`). */
export interface SilenceInput {
  readonly uai: string;
  /** Null: every server of the school. */
  readonly machine: string | null;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly reason: string;
}

export interface BuildAvailabilityInput {
  /** A configured window, or explicit dates (then `explicit` is true and there are no exceptions). */
  readonly window: MaintenanceWindow;
  readonly explicit: boolean;
  /** One school, or null for the whole fleet. */
  readonly uai: string | null;
  readonly now: Date;
  readonly servers: readonly AvailabilityServerInput[];
  readonly silences: readonly SilenceInput[];
}

/** Durations (seconds) split by outage cause. */
export type SecondsByCause = Record<OutageCause, number>;

/** One outage as seen in the period. Instants are ISO-8601 UTC. */
export interface OutageLine {
  readonly cause: OutageCause;
  /** `ups_exhausted`: silent while on UPS battery (a power cut that outlasted the battery); null otherwise. */
  readonly causeDetail: CauseDetail | null;
  readonly provisional: boolean;
  /** True when the server stayed powered (network gap, or a site outage without reboot). */
  readonly powered: boolean;
  /** Real start and end (null: still down at the time of the report). */
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** The part inside the server's covered period. */
  readonly from: string;
  readonly to: string;
  readonly startsBeforePeriod: boolean;
  /** Still down at the end of the covered period (open, or ended after the window). */
  readonly continuesAfterPeriod: boolean;
  readonly ongoing: boolean;
  /** Length of the part inside the period. */
  readonly durationSeconds: number;
  /** How much of it fell inside a silence (not counted). */
  readonly silencedSeconds: number;
}

export interface AvailabilityFigures {
  /** Length of the covered period(s). */
  readonly coveredSeconds: number;
  /** Covered time before the agent's first report (not measured). */
  readonly notMonitoredSeconds: number;
  /** Covered time under a one-off silence (announced works): left out of the denominator. */
  readonly silencedSeconds: number;
  /** The denominator: covered − not monitored − silenced. */
  readonly measuredSeconds: number;
  /** Unreachable time outside silences, and its split by cause. */
  readonly unreachableSeconds: number;
  readonly unreachableByCause: SecondsByCause;
  /** Unreachable time when the server was (or may have been) off: every cause but network gaps. */
  readonly poweredOffSeconds: number;
  /** 1 − unreachable / measured (null when nothing was measured). */
  readonly availability: number | null;
  /** 1 − powered off / measured (null when nothing was measured). */
  readonly poweredRatio: number | null;
  readonly outageCount: number;
  readonly longestOutageSeconds: number;
}

export interface ServerAvailability extends AvailabilityFigures {
  readonly uai: string;
  readonly server: string;
  readonly schoolName: string;
  readonly academie: string | null;
  readonly state: LivenessState | null;
  readonly neverReported: boolean;
  /** Down at the time of the report (an outage still open inside the period). */
  readonly downNow: boolean;
  /** The covered period: the school's window ∩ [enrolment, retirement, now]; null when empty. */
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
  /** The time zone of the school's window (times are shown in it). */
  readonly timeZone: string;
  /** Time the server was unreachable while silenced (shown, not counted). */
  readonly downWhileSilencedSeconds: number;
  readonly outages: readonly OutageLine[];
}

export interface SchoolAvailability extends AvailabilityFigures {
  readonly uai: string;
  readonly schoolName: string;
  readonly servers: number;
  readonly serversDownNow: number;
}

export interface FleetSummary extends AvailabilityFigures {
  readonly schools: number;
  readonly servers: number;
  readonly serversMeasured: number;
  readonly serversNeverReported: number;
  readonly serversAlwaysReachable: number;
  readonly serversNeverPoweredOff: number;
  readonly serversOffAtLeastOneHour: number;
  readonly serversUnreachableAtLeastOneHour: number;
  readonly serversDownNow: number;
  readonly outagesByCause: Record<OutageCause, number>;
}

export interface AvailabilityReport {
  readonly title: string;
  readonly generatedAt: string;
  readonly uai: string | null;
  readonly window: {
    readonly name: string;
    readonly explicit: boolean;
    readonly from: string;
    readonly to: string;
    readonly timeZone: string;
    /** `[startAt, endAt)` for schools without an exception. */
    readonly startAt: string;
    readonly endAt: string;
    readonly status: WindowStatus;
  };
  /** How the figures are counted (French, shown in the report). */
  readonly method: readonly string[];
  readonly fleet: FleetSummary;
  /** Worst first. */
  readonly schools: readonly SchoolAvailability[];
  /** Worst first. */
  readonly servers: readonly ServerAvailability[];
  /** Schools left out of the window by an exception. */
  readonly excludedSchools: readonly string[];
  /** Schools of the inventory without a server that has reported, at the time of the report (none without an inventory). */
  readonly unwatchedSchools?: readonly UnwatchedRow[];
  /** Schools with their own dates or time zone. */
  readonly schoolExceptions: readonly { readonly uai: string; readonly from: string; readonly to: string; readonly timeZone: string }[];
}

/**
 * The liveness part of the collector configuration (key `liveness` of the YAML file): when a server is judged
 * offline, the maintenance windows, and the alert policy. Plugged into `collector/config.ts` as one key; the
 * raw values are validated there, then turned into domain policies here.
 *
 * ```yaml
 * liveness:
 *   offlineAfterHeartbeats: 3        # or offlineAfter: 5m (absolute)
 *   outsideWindow: warning            # or none
 *   reminderEvery: 4h                 # 0 = no reminders
 *   maxDownNoticesPerHour: 3          # flapping damping
 *   windows:
 *     - "Bascule 2025: 2025-07-05 → 2025-09-12"
 *     - name: Bascule 2026
 *       from: 2026-07-04
 *       to: 2026-09-11
 *       timeZone: Europe/Paris
 *       exceptions:
 *         - { uai: 0860022G, exclude: true }
 *         - { uai: 9740001A, timeZone: Indian/Reunion }
 * ```
 */
import { Type, type Static } from '@sinclair/typebox';
import { DateTime, IANAZone } from 'luxon';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { parseDurationMs } from '../../shared/config/durations.ts';
import { PARIS_TIME_ZONE } from '../../shared/time-zone.ts';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from '../domain/alert-policy.ts';
import type { DeadlinePolicy } from '../domain/deadlines.ts';
import {
  createWindowResolver,
  type MaintenanceWindow,
  type WindowException,
  type WindowResolver,
} from '../domain/maintenance-windows.ts';

const DateSchema = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'a date YYYY-MM-DD' });
const DurationSchema = Type.String({ pattern: '^\\s*[0-9]+(\\.[0-9]+)?\\s*(ms|s|m|h|d)?\\s*$', description: 'a duration such as 90s, 5m, 4h, 1d' });

const ExceptionSchema = Type.Object(
  {
    uai: Type.String({ pattern: '^[0-9]{7}[A-Z]$', description: 'the school (UAI) the exception is for' }),
    exclude: Type.Optional(Type.Boolean({ description: 'true: this school is not in the window' })),
    from: Type.Optional(DateSchema),
    to: Type.Optional(DateSchema),
    timeZone: Type.Optional(Type.String({ description: 'IANA time zone of this school, e.g. Indian/Reunion' })),
  },
  { additionalProperties: false },
);

const WindowObjectSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'window name shown in alerts, e.g. Bascule 2025' }),
    from: DateSchema,
    to: DateSchema,
    timeZone: Type.Optional(Type.String({ description: 'IANA time zone of the dates (default Europe/Paris)' })),
    exceptions: Type.Optional(Type.Array(ExceptionSchema)),
  },
  { additionalProperties: false },
);

export const LivenessConfigSchema = Type.Object(
  {
    offlineAfterHeartbeats: Type.Integer({ minimum: 1, maximum: 100, default: 3, description: 'missed heartbeats before offline' }),
    offlineAfter: Type.Optional(DurationSchema),
    outsideWindow: Type.Union([Type.Literal('warning'), Type.Literal('none')], {
      default: 'warning',
      description: 'what an outage outside every maintenance window raises: warning or none',
    }),
    reminderEvery: Type.String({ ...DurationSchema, default: '4h' }),
    maxDownNoticesPerHour: Type.Integer({ minimum: 1, maximum: 1000, default: 3, description: 'flapping damping per server' }),
    sweepInterval: Type.String({ ...DurationSchema, default: '1s' }),
    windows: Type.Array(
      Type.Union([
        Type.String({ description: 'a window "Name: YYYY-MM-DD → YYYY-MM-DD"' }),
        WindowObjectSchema,
      ]),
      { default: [] },
    ),
  },
  { default: {}, additionalProperties: false },
);
export type LivenessConfigRaw = Static<typeof LivenessConfigSchema>;

/** The liveness settings as the services use them. */
export interface LivenessSettings {
  readonly deadlines: DeadlinePolicy;
  readonly alerts: AlertPolicy;
  readonly windows: readonly MaintenanceWindow[];
  /** The same windows with their ranges computed once (hot paths). */
  readonly windowResolver: WindowResolver;
  readonly sweepIntervalMs: number;
}

const SHORTHAND = /^\s*(.+?)\s*:\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*(?:→|->|\.\.)\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*$/;

function fail(field: string, expected: string, actual: unknown): never {
  throw new AppError('ERR_CONFIG_INVALID', invalidMessage('collector configuration', field, expected, actual));
}

function checkZone(field: string, zone: string): string {
  if (!IANAZone.isValidZone(zone)) fail(field, 'an IANA time zone such as Europe/Paris', zone);
  return zone;
}

function checkDate(field: string, date: string): string {
  if (!DateTime.fromISO(date).isValid) fail(field, 'a real calendar date YYYY-MM-DD', date);
  return date;
}

function duration(field: string, text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) fail(field, 'a duration such as 90s, 5m, 4h', text);
  return ms;
}

function toWindow(raw: LivenessConfigRaw['windows'][number], i: number): MaintenanceWindow {
  const at = `liveness.windows.${i}`;
  if (typeof raw === 'string') {
    const m = SHORTHAND.exec(raw);
    if (!m) fail(at, '"Name: YYYY-MM-DD → YYYY-MM-DD"', raw);
    const w = { name: m[1]!, from: checkDate(`${at}.from`, m[2]!), to: checkDate(`${at}.to`, m[3]!) };
    if (w.to < w.from) fail(`${at}.to`, `a day on or after ${w.from}`, w.to);
    return { ...w, timeZone: PARIS_TIME_ZONE, exceptions: [] };
  }
  const timeZone = checkZone(`${at}.timeZone`, raw.timeZone ?? PARIS_TIME_ZONE);
  checkDate(`${at}.from`, raw.from);
  checkDate(`${at}.to`, raw.to);
  if (raw.to < raw.from) fail(`${at}.to`, `a day on or after ${raw.from}`, raw.to);
  const exceptions: WindowException[] = (raw.exceptions ?? []).map((e, j) => {
    const ex = `${at}.exceptions.${j}`;
    if (e.exclude === true) return { uai: e.uai, exclude: true };
    if (e.from !== undefined) checkDate(`${ex}.from`, e.from);
    if (e.to !== undefined) checkDate(`${ex}.to`, e.to);
    if (e.timeZone !== undefined) checkZone(`${ex}.timeZone`, e.timeZone);
    if ((e.to ?? raw.to) < (e.from ?? raw.from)) fail(`${ex}.to`, `a day on or after ${e.from ?? raw.from}`, e.to ?? raw.to);
    return { uai: e.uai, from: e.from, to: e.to, timeZone: e.timeZone };
  });
  return { name: raw.name, from: raw.from, to: raw.to, timeZone, exceptions };
}

/** Turns the validated `liveness` key into the policies the domain uses; throws ERR_CONFIG_INVALID. */
export function toLivenessSettings(raw: LivenessConfigRaw | undefined): LivenessSettings {
  const r = raw ?? { offlineAfterHeartbeats: 3, outsideWindow: 'warning', reminderEvery: '4h', maxDownNoticesPerHour: 3, sweepInterval: '1s', windows: [] };
  const offlineAfterMs = r.offlineAfter === undefined ? undefined : duration('liveness.offlineAfter', r.offlineAfter);
  if (offlineAfterMs !== undefined && offlineAfterMs < 1000) fail('liveness.offlineAfter', 'at least 1s', r.offlineAfter);
  const sweepIntervalMs = duration('liveness.sweepInterval', r.sweepInterval);
  if (sweepIntervalMs < 50) fail('liveness.sweepInterval', 'at least 50ms', r.sweepInterval);
  const windows = r.windows.map(toWindow);
  return {
    deadlines: {
      offlineAfterHeartbeats: r.offlineAfterHeartbeats,
      offlineAfterSeconds: offlineAfterMs === undefined ? undefined : offlineAfterMs / 1000,
    },
    alerts: {
      outsideWindow: r.outsideWindow,
      reminderEveryMs: duration('liveness.reminderEvery', r.reminderEvery),
      maxDownNoticesPerHour: r.maxDownNoticesPerHour ?? DEFAULT_ALERT_POLICY.maxDownNoticesPerHour,
    },
    windows,
    windowResolver: createWindowResolver(windows),
    sweepIntervalMs,
  };
}
